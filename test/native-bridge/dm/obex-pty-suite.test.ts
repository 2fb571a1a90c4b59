import { afterEach } from 'vitest';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { runSessionSuite } from '../../protocol/session/session-suite.js';
import { makePtyPair } from '../support/socat-pty.js';
import { disposeAll, obexPair, resources } from './pairs.js';

afterEach(disposeAll);

runSessionSuite(
  'DM session over OBEX on a socat pty pair',
  obexPair(async () => {
    const pty = await makePtyPair();
    resources.push(() => pty.dispose());
    const console = new SerialLink({ path: pty.a });
    const handset = new SerialLink({ path: pty.b });
    await console.open();
    await handset.open();
    return { console, handset };
  }),
  // HMAC rides a transport header; our OBEX binding carries none yet (see session-suite).
  { transportHeaders: false },
);
