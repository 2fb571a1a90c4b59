import { afterEach } from 'vitest';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import { runSessionSuite } from '../../protocol/session/session-suite.js';
import { disposeAll, obexPair, resources } from './pairs.js';

afterEach(disposeAll);

runSessionSuite(
  'DM session over OBEX on TCP',
  obexPair(async () => {
    const listener = await listenTcp({ host: '127.0.0.1', port: 0 });
    resources.push(() => listener.close());
    const accepted = listener.accept();
    const console = await connectTcp('127.0.0.1', listener.port);
    return { console, handset: await accepted };
  }),
  // HMAC rides a transport header; our OBEX binding carries none yet (see session-suite).
  { transportHeaders: false },
);
