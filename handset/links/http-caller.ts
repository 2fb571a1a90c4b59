import { fromBase64 } from '../../protocol/bytes/base64.js';
import { systemClock } from '../../protocol/clock.js';
import { runClient } from '../../protocol/session/index.js';
import { HttpDmClient } from '../../native-bridge/dm/http-dm-client.js';
import { listenPkg0Udp } from '../../native-bridge/dm/pkg0-udp.js';
import type { Pkg0Listener } from '../../native-bridge/dm/pkg0-udp.js';
import type { Handset } from '../device/handset.js';

/** Options of {@link startHttpCaller}. */
export interface HttpCallerOptions {
  /** The console's DM endpoint, e.g. `http://127.0.0.1:8080/dm`. */
  readonly url: string;
  /** UDP port for package #0 notifications on 127.0.0.1; 0 = any free; undefined = none. */
  readonly pkg0Port?: number | undefined;
  /** How often to look for queued Generic Alerts to deliver (ms); default 1000. */
  readonly pollMs?: number | undefined;
  /** Reply wait per package (ms); default 30 s. */
  readonly replyTimeoutMs?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/** A handset's HTTP DM client at work. */
export interface HttpCaller {
  readonly url: string;
  /** The package #0 port, when listening. */
  readonly pkg0Port: number | undefined;
  /** Starts a client-initiated session now (or right after the current one). */
  call(sessionId?: number): void;
  /** Resolves when no session runs and none is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The network handset's side of OMA DM over HTTP: it calls the console's endpoint (it is
 * the HTTP client), one session at a time —
 * - at start (Alert 1201: "I am here"), again with back-off until one session got through
 *   (the console may not be up yet),
 * - when a package #0 arrives on UDP whose digest verifies with the console's
 *   credentials (Alert 1200 with the notification's session id),
 * - when Generic Alerts are queued (an asynchronous operation finished), so the console
 *   hears the result without polling; a failed delivery is retried with back-off.
 */
export async function startHttpCaller(
  handset: Handset,
  options: HttpCallerOptions,
): Promise<HttpCaller> {
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollMs ?? 1000;
  let running: Promise<void> | undefined;
  let pending: { sessionId?: number } | undefined;
  let closed = false;
  let backoffUntil = 0;
  let failures = 0;
  // Until one session got through (the console may start after us), keep saying hello.
  let greeted = false;

  const runOne = async (sessionId?: number): Promise<void> => {
    const client = handset.newClientSession({ serverUri: options.url });
    const transport = new HttpDmClient({ serverUri: options.url });
    try {
      await runClient(client, transport, systemClock, options.replyTimeoutMs ?? 30_000, sessionId);
      greeted = true;
      failures = 0;
      backoffUntil = 0;
    } catch (e) {
      failures++;
      backoffUntil = Date.now() + Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
      log(`http session with ${options.url} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      transport.close();
    }
  };

  const pump = (): void => {
    if (running !== undefined || pending === undefined || closed) return;
    const next = pending;
    pending = undefined;
    running = runOne(next.sessionId).finally(() => {
      running = undefined;
      pump();
    });
  };

  const call = (sessionId?: number): void => {
    if (closed) return;
    pending = sessionId === undefined ? (pending ?? {}) : { sessionId };
    pump();
  };

  let listener: Pkg0Listener | undefined;
  if (options.pkg0Port !== undefined) {
    const server = handset.identity.server;
    listener = await listenPkg0Udp({
      port: options.pkg0Port,
      credentials: (serverId) =>
        serverId === server.serverId
          ? { password: server.serverPassword, nonce: fromBase64(handset.state.nonces.server) }
          : undefined,
      onNotification: (n) => {
        log(`package #0 from ${n.from.address}: session ${n.pkg0.sessionId}`);
        call(n.pkg0.sessionId);
      },
      log,
    });
  }

  const timer = setInterval(() => {
    if (closed || running !== undefined || Date.now() < backoffUntil) return;
    if (!greeted || handset.status().queuedAlerts > 0) call();
  }, pollMs);
  timer.unref();

  call();
  return {
    url: options.url,
    pkg0Port: listener?.port,
    call,
    idle: async () => {
      while (running !== undefined) await running;
    },
    close: async () => {
      closed = true;
      pending = undefined;
      clearInterval(timer);
      await listener?.close();
      await running;
    },
  };
}
