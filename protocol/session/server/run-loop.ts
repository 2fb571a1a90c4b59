/**
 * The console's transport loop: send, await the reply within the timeout, turn it into
 * the next package, until the session says it is over.
 */
import type { Clock } from '../../clock.js';
import { asSessionError, DmProtocolError } from '../errors.js';
import { withTimeout } from '../transport.js';
import type { DmPackage, DmTransport } from '../transport.js';

/** What the loop needs of a server session. */
export interface ServerLoopSession {
  /** The next package for a reply; undefined when the session is over. */
  handle(pkg: DmPackage): Promise<DmPackage | undefined>;
  /** True when the package just built is the session's last (no reply is awaited). */
  ending(): boolean;
  /** Ends the session (with `error`, or normally). */
  end(error?: Error): void;
}

/**
 * Sends `trigger`, then answers every reply until the session ends. A reply that does
 * not arrive within `timeoutMs` of `clock`, an empty reply where one is due, or any
 * failure ends the session with its typed error; nothing here rejects.
 */
export async function runServerLoop(
  session: ServerLoopSession,
  transport: DmTransport,
  trigger: DmPackage,
  clock: Clock,
  timeoutMs: number,
): Promise<void> {
  const exchange = (p: DmPackage): Promise<DmPackage> =>
    withTimeout(
      clock,
      timeoutMs,
      'reply from the client',
      transport.exchange(p.body, p.contentType, p.headers),
    );
  try {
    let reply = await exchange(trigger);
    for (;;) {
      const out = await session.handle(reply);
      if (out === undefined) break;
      if (session.ending()) {
        await exchange(out).catch(() => undefined);
        session.end();
        break;
      }
      reply = await exchange(out);
      if (reply.body.length === 0)
        throw new DmProtocolError('unexpected-package', 'no reply from the client');
    }
  } catch (e) {
    session.end(asSessionError(e));
  }
}
