/**
 * Glue between sessions and transports: a client session as a package handler (for the
 * in-memory transport and for OBEX/HTTP servers), and the client-driven loop (a handset
 * that calls the server, e.g. over HTTP).
 */
import type { Clock } from '../clock.js';
import type { ClientSession } from './client/client-session.js';
import { asSessionError } from './errors.js';
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
 * within `replyTimeoutMs` of `clock`. Resolves/rejects like `client.done`.
 */
export async function runClient(
  client: ClientSession,
  transport: DmTransport,
  clock: Clock,
  replyTimeoutMs = 30_000,
  sessionId?: number,
): Promise<void> {
  let out: DmPackage | undefined = client.start(sessionId);
  try {
    while (out !== undefined) {
      const reply: DmPackage = await withTimeout(
        clock,
        replyTimeoutMs,
        'reply from the server',
        transport.exchange(out.body, out.contentType, out.headers),
      );
      if (reply.body.length === 0) break;
      out = await client.handle(reply);
    }
  } catch (e) {
    if (!client.isEnded) throw asSessionError(e);
  }
  return client.done;
}
