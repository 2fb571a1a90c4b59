import { runSessionSuite } from './session-suite.js';
import { makeMemoryPair } from './fixtures.js';

runSessionSuite('DM session over the in-memory transport', makeMemoryPair);
