import { afterEach } from 'vitest';
import { runSessionSuite } from '../../protocol/session/session-suite.js';
import { disposeAll, httpPair } from './pairs.js';

afterEach(disposeAll);

runSessionSuite('DM session over HTTP, started by a package #0 over UDP', httpPair());
