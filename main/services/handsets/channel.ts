/**
 * How the console talks to one handset, whatever carries it: one DM session at a time
 * (a script of commands, then close), and — over OBEX — Folder Browsing for pulling a
 * retrieval. The registry and the operation runner only see this interface.
 */
import type { ObexClient } from '../../../protocol/obex/client.js';
import type { ServerSession, ServerSessionOptions } from '../../../protocol/session/index.js';

/** What a DM session needs besides the session options: the package #0 digest inputs. */
export interface SessionAuth {
  readonly options: ServerSessionOptions;
  /** SRVCRED secret (package #0 digest key). */
  readonly serverPassword: string;
  /** The nonce the handset expects in package #0's digest. */
  readonly pkg0Nonce: Uint8Array;
  /** Trace id the session's messages are recorded under. */
  readonly traceId: string;
  /**
   * Encoding the console asks a cable handset for (the settings' default). The session
   * itself answers in whatever encoding the handset's package 1 used, so a handset that
   * speaks only XML (feature phones) is served in XML even when WBXML was asked for.
   */
  readonly preferredEncoding: 'wbxml' | 'xml';
}

/** What a script may ask of its turn on the channel. */
export interface SessionTurn {
  /**
   * True while other scripts wait for this channel (a long script — polling an operation
   * inside one session — should end its session soon and let them in).
   */
  readonly othersWaiting: boolean;
}

/** A session script: queue commands on `s`, await them; the channel closes the session. */
export type SessionScript<T> = (s: ServerSession, turn: SessionTurn) => Promise<T>;

/** How a session ends after its script. */
export interface SessionEnd {
  /**
   * Keep the session open this long after the script for the channel's next script, which
   * then runs in it instead of opening its own (package #0, package 1, authentication).
   * The caller gets its value as soon as the script ends; the session is closed when the
   * time is up, when something other than a session needs the link, or at `close()`.
   * Channels that cannot hold a session ignore it. Default 0: close at once.
   */
  readonly lingerMs?: number;
}

/** One handset's way in. */
export interface HandsetChannel {
  readonly kind: 'obex' | 'http';
  /** For people and audit: `serial /dev/pts/3`, `tcp 127.0.0.1:6500`, `http IMEI:…`. */
  readonly description: string;
  /**
   * Runs one DM session: opens what must be opened, runs `script`, closes the session
   * (waiting for the handset's last package), and resolves with the script's value.
   * Rejects with the first failure (the script's, the session's or the link's).
   *
   * `auth` is called when the session really starts (after the sessions queued before it):
   * each session changes the nonces, so options built earlier would carry stale ones and
   * the handset would challenge them. A script that runs in a lingering session (see
   * {@link SessionEnd}) never calls it: that session is already authenticated.
   */
  session<T>(auth: () => SessionAuth, script: SessionScript<T>, end?: SessionEnd): Promise<T>;
  /** Over OBEX: runs `fn` on a Folder Browsing connection. Undefined over HTTP. */
  readonly folder?: <T>(fn: (client: ObexClient) => Promise<T>) => Promise<T>;
  /** Releases the link. Idempotent. */
  close(): Promise<void>;
}
