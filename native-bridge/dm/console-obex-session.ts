/**
 * The console's side of a DM session over a cable: open the OBEX DM transport on a link,
 * PUT a package #0 to wake the handset's client, and drive a `ServerSession` — what the
 * console's handset service, the CLI and the benches all do for a handset on USB, serial
 * or OBEX over TCP.
 */
import type { Link } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { encodePkg0 } from '../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../protocol/pkg0/pkg0.js';
import { ServerSession } from '../../protocol/session/server/server-session.js';
import type { ServerSessionOptions } from '../../protocol/session/server/server-session.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import { DM_NOTIFICATION_TYPE } from './content-type.js';
import { ObexDmTransport } from './obex-dm-transport.js';

/** Options of {@link startObexDmSession}. */
export interface ObexDmSessionOptions extends ServerSessionOptions {
  /** The password of the console's server account on the handset (SRVCRED), for the digest. */
  readonly serverPassword: string;
  /** The nonce the handset expects in the digest (its stored SRVCRED nonce). */
  readonly pkg0Nonce: Uint8Array;
  /** Session id carried by the package #0 (1..65535); default random. */
  readonly sessionId?: number;
  /** Package #0 UI mode; default background (no UI on the handset). */
  readonly uiMode?: UiMode;
  /** Encoding asked of the handset's package 1; default the session's encoding or xml. */
  readonly replyEncoding?: SyncMLEncoding;
  /** OBEX request timeout (ms); default 30 s. */
  readonly obexTimeoutMs?: number;
}

/** A running session: queue commands on `session`, then `session.close()`. */
export interface ObexDmSession {
  readonly session: ServerSession;
  /** Settles when the session and its OBEX connection are over (rejects with the session's error). */
  readonly finished: Promise<void>;
}

/**
 * Starts a console-initiated DM session over `link` (already open). The session runs in
 * the background; commands queued on `session` are sent as it goes. The OBEX connection
 * is disconnected when the session ends, successfully or not; the link stays open (the
 * caller owns it).
 */
export function startObexDmSession(link: Link, options: ObexDmSessionOptions): ObexDmSession {
  const session = new ServerSession(options);
  const transport = new ObexDmTransport(
    new ObexClient(link, { timeoutMs: options.obexTimeoutMs ?? 30_000 }),
    { replyEncoding: options.replyEncoding ?? options.encoding ?? 'xml' },
  );
  const body = encodePkg0(
    {
      uiMode: options.uiMode ?? UiMode.Background,
      initiator: Initiator.Server,
      sessionId: options.sessionId ?? 1 + Math.floor(Math.random() * 0xfffe),
      serverId: options.serverId,
    },
    {
      serverId: options.serverId,
      serverPassword: options.serverPassword,
      nonce: options.pkg0Nonce,
    },
  );
  const finished = (async () => {
    try {
      await session.run(transport, { body, contentType: DM_NOTIFICATION_TYPE, headers: {} });
    } finally {
      await transport.close().catch(() => undefined);
    }
  })();
  finished.catch(() => undefined);
  return { session, finished };
}
