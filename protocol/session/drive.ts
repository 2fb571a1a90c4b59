/**
 * Glue between sessions and transports: a client session as a package handler (for the
 * in-memory transport and for OBEX/HTTP servers), and the client-driven loop (a handset
 * that calls the server, e.g. over HTTP).
 */
import type { Clock } from '../clock.js';
import type { ClientSession } from './client/client-session.js';
import { asSessionError, DmProtocolError } from './errors.js';
import { withTimeout } from './transport.js';
import type { DmPackage, DmPackageHandler, DmTransport } from './transport.js';

/**
 * `client.handle` as a transport handler: a failure ends the client's session (see
 * `client.done`) and the peer sees no reply, as it would on a real link.
 */
export function clientHandler(client: ClientSession): DmPackageHandler {
  return async (pkg: DmPackage) => {
    try {
      return await client.handle(pkg);
    } catch {
      return undefined;
    }
  };
}

/**
 * Client-initiated session (Alert 1201, or 1200 with `sessionId` after a package #0
 * received out of band): sends package 1 over `transport` and answers every reply, each
 * within `replyTimeoutMs` of `clock`, until the client has nothing more to send.
 * Resolves/rejects like `client.done`: a transport failure or timeout ends the client
 * with that error (`client.fail`), and so does an empty reply before the session ended
 * (`DmProtocolError('unexpected-package')`), so `client.done` always settles.
 */
export async function runClient(
  client: ClientSession,
  transport: DmTransport,
  clock: Clock,
  replyTimeoutMs = 30_000,
  sessionId?: number,
): Promise<void> {
  try {
    let out: DmPackage | undefined = client.start(sessionId);
    while (out !== undefined) {
      const reply: DmPackage = await withTimeout(
        clock,
        replyTimeoutMs,
        'reply from the server',
        transport.exchange(out.body, out.contentType, out.headers),
      );
      if (reply.body.length === 0) {
        throw new DmProtocolError('unexpected-package', 'no reply from the server');
      }
      out = await client.handle(reply);
    }
  } catch (e) {
    client.fail(asSessionError(e));
  }
  return client.done;
}
