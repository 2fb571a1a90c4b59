/**
 * A network handset: it calls the console's real HTTP DM endpoint (client-initiated,
 * Alert 1201, MD5 both ways) with `runClient` over `HttpDmClient`, and its queued
 * OperationComplete alert reaches the console in the next call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { HttpDmClient } from '../../../native-bridge/dm/http-dm-client.js';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import { systemClock } from '../../../protocol/clock.js';
import { runClient, ServerSession } from '../../../protocol/session/index.js';
import type { ServerSessionEvent } from '../../../protocol/session/index.js';
import type { Handset } from '../../../handset/device/handset.js';
import { cleanup, newHandset } from './helpers.js';

const P = cimoPaths('./CIMO');
const disposers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0).reverse()) await d().catch(() => undefined);
  await cleanup();
});

/** One handset-initiated session; `script` runs on the console side. */
async function call(h: Handset, script: (s: ServerSession) => Promise<void>) {
  const events: ServerSessionEvent[] = [];
  let done: Promise<void> = Promise.resolve();
  const endpoint = await startHttpDmEndpoint({
    onSession: () => {
      const server = new ServerSession({
        serverId: h.identity.server.serverId,
        ...h.consoleAccounts(),
        onEvent: (e) => events.push(e),
      });
      done = script(server).finally(() => server.close());
      return server;
    },
  });
  disposers.push(() => endpoint.close());
  const http = new HttpDmClient({ serverUri: endpoint.url });
  await runClient(h.newClientSession({ serverUri: endpoint.url }), http, systemClock, 60_000);
  http.close();
  await done;
  return events;
}

describe('handset over HTTP', () => {
  it('runs an operation from one call and reports it in the next', async () => {
    const h = await newHandset();
    await call(h, async (s) => {
      await s.replace(P.info('CallLog').ToBeWiped, 'true');
      expect((await s.exec(P.operations.Wipe, { correlator: 'http-w' })).status).toBe(202);
    });
    await h.idle();
    expect(h.status().queuedAlerts).toBe(1);
    let count = '';
    const events = await call(h, async (s) => {
      const r = await s.get(P.info('CallLog').ItemCount);
      count = new TextDecoder().decode(r.items[0]?.data);
    });
    expect(count).toBe('0');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'generic-alert',
        correlator: 'http-w',
        items: [expect.objectContaining({ source: P.operations.Wipe, data: '1201' })],
      }),
    );
    expect(h.status().queuedAlerts).toBe(0);
  });
});
