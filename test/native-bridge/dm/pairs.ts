/**
 * Adapters that run the shared session suite's `MakePair` over real transports. The
 * suite's factory is synchronous and has no teardown, so `start()` builds the links and
 * every resource is registered in `resources`; each test file disposes them in afterEach.
 */
import type { Link } from '../../../protocol/link/link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import { clientHandler, runClient } from '../../../protocol/session/drive.js';
import { systemClock } from '../../../protocol/clock.js';
import { ServerSession } from '../../../protocol/session/server/server-session.js';
import type { DmPackage, DmTransport } from '../../../protocol/session/transport.js';
import { ObexDmService } from '../../../native-bridge/dm/obex-dm-service.js';
import { ObexDmTransport } from '../../../native-bridge/dm/obex-dm-transport.js';
import { DM_NOTIFICATION_TYPE } from '../../../native-bridge/dm/content-type.js';
import { startHttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { HttpDmClient } from '../../../native-bridge/dm/http-dm-client.js';
import { listenPkg0Udp, sendPkg0Udp } from '../../../native-bridge/dm/pkg0-udp.js';
import type { Pkg0Notification } from '../../../native-bridge/dm/pkg0-udp.js';
import { DEVICE_ID, SERVER_ID, SERVER_PASSWORD } from '../../protocol/session/fixtures.js';
import type { MakePair, PairOptions } from '../../protocol/session/fixtures.js';

/** Things to dispose after each test, last registered first. */
export const resources: (() => Promise<void>)[] = [];

/** Disposes every registered resource (call in afterEach). */
export async function disposeAll(): Promise<void> {
  for (const d of resources.splice(0).reverse()) await d().catch(() => undefined);
}

/** Two open links joined end to end: the console's and the handset's. */
export interface LinkPair {
  readonly console: Link;
  readonly handset: Link;
}

/** A package #0 for session 0x1A2B from the suite's server id. */
export function pkg0(sessionId = 0x1a2b): Uint8Array {
  return encodePkg0(
    { uiMode: UiMode.Background, initiator: Initiator.Server, sessionId, serverId: SERVER_ID },
    { serverId: SERVER_ID, serverPassword: SERVER_PASSWORD, nonce: new Uint8Array(4) },
  );
}

/** Wraps a transport with the suite's tap (`out` = console → handset). */
export function tapped(t: DmTransport, tap: PairOptions['tap']): DmTransport {
  if (tap === undefined) return t;
  return {
    async exchange(body, contentType, headers = {}) {
      const out = tap({ body, contentType, headers }, 'out');
      const reply = await t.exchange(out.body, out.contentType, out.headers);
      return tap(reply, 'in');
    },
  };
}

/**
 * The suite over OBEX: the handset's `ObexServer` with the SYNCML-DM service on one link,
 * the console's `ObexClient` + `ObexDmTransport` on the other; the console PUTs a
 * package #0 and drives the session.
 */
export function obexPair(makeLinks: () => Promise<LinkPair>): MakePair {
  return (options) => {
    const server = new ServerSession({ serverId: SERVER_ID, ...options.server });
    const client = new ClientSession({
      deviceId: DEVICE_ID,
      serverUri: 'obex:SYNCML-DM',
      serverId: SERVER_ID,
      ...options.client,
    });
    const start = async (): Promise<void> => {
      const links = await makeLinks();
      const service = new ObexDmService({ openSession: () => clientHandler(client) });
      const obexServer = new ObexServer(links.handset, { services: [service] });
      const serving = obexServer.serve().catch(() => undefined);
      resources.push(async () => {
        await links.handset.close();
        await serving;
      });
      const transport = new ObexDmTransport(new ObexClient(links.console));
      resources.push(() => links.console.close());
      const trigger: DmPackage = { body: pkg0(), contentType: DM_NOTIFICATION_TYPE, headers: {} };
      try {
        await server.run(tapped(transport, options.tap), trigger);
      } finally {
        await transport.close();
      }
    };
    return { server, client, start };
  };
}

/**
 * The suite over HTTP: the console's endpoint (its session created on the first POST),
 * a package #0 over UDP to the handset's listener, whose notification makes the handset
 * run its client over `HttpDmClient`. The tap sits on the handset's side (`in` = what the
 * handset sends, `out` = what it receives), which sees the same packages.
 */
export function httpPair(): MakePair {
  return (options) => {
    const server = new ServerSession({ serverId: SERVER_ID, ...options.server });
    const client = new ClientSession({
      deviceId: DEVICE_ID,
      serverUri: 'http://127.0.0.1/dm',
      serverId: SERVER_ID,
      ...options.client,
    });
    const start = async (): Promise<void> => {
      const endpoint = await startHttpDmEndpoint({ onSession: () => server });
      resources.push(() => endpoint.close());
      const notified = new Promise<Pkg0Notification>((resolve) => {
        void listenPkg0Udp({
          port: 0,
          credentials: () => ({ password: SERVER_PASSWORD, nonce: Uint8Array.of(9, 9, 9) }),
          onNotification: resolve,
        }).then(async (listener) => {
          resources.push(() => listener.close());
          await sendPkg0Udp(pkg0(), { host: '127.0.0.1', port: listener.port });
        });
      });
      const n = await notified;
      const http = new HttpDmClient({ serverUri: endpoint.url });
      resources.push(async () => http.close());
      const tap = options.tap;
      const transport: DmTransport =
        tap === undefined
          ? http
          : {
              async exchange(body, contentType, headers = {}) {
                const out = tap({ body, contentType, headers }, 'in');
                return tap(await http.exchange(out.body, out.contentType, out.headers), 'out');
              },
            };
      const handset = runClient(client, transport, systemClock, 30_000, n.pkg0.sessionId).catch(
        () => undefined,
      );
      // A failed console session is reported at once (its pending commands reject with
      // it); a normal end waits for the handset to read the last reply, as in memory.
      await server.done;
      await handset;
    };
    return { server, client, start };
  };
}
