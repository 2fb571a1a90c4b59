import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import { runClient } from '../../../protocol/session/drive.js';
import { ServerSession } from '../../../protocol/session/server/server-session.js';
import { systemClock } from '../../../protocol/clock.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import { ObexDmService } from '../../../native-bridge/dm/obex-dm-service.js';
import { ObexDmTransport } from '../../../native-bridge/dm/obex-dm-transport.js';
import { startHttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { HttpDmClient } from '../../../native-bridge/dm/http-dm-client.js';
import { listenPkg0Udp, sendPkg0Udp } from '../../../native-bridge/dm/pkg0-udp.js';
import type { Pkg0Notification } from '../../../native-bridge/dm/pkg0-udp.js';
import { DmTransportError } from '../../../native-bridge/dm/errors.js';
import { DEVICE_ID, SERVER_ID, handsetTree } from '../../protocol/session/fixtures.js';
import { disposeAll, pkg0, resources } from './pairs.js';

afterEach(disposeAll);

async function tcpPair() {
  const listener = await listenTcp({ host: '127.0.0.1', port: 0 });
  resources.push(() => listener.close());
  const accepted = listener.accept();
  const console = await connectTcp('127.0.0.1', listener.port);
  resources.push(() => console.close());
  return { console, handset: await accepted };
}

function post(
  url: string,
  opts: { method?: string; type?: string; body?: Uint8Array },
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: opts.method ?? 'POST',
      agent: false,
      headers: opts.type !== undefined ? { 'content-type': opts.type } : {},
    });
    req.once('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
    });
    req.once('error', reject);
    req.end(opts.body);
  });
}

describe('ObexDmTransport', () => {
  it('fails with obex-connect and 0xC3 when the handset has no SYNCML-DM service', async () => {
    const { console, handset } = await tcpPair();
    const serving = new ObexServer(handset, { services: [] }).serve().catch(() => undefined);
    resources.push(async () => {
      await handset.close();
      await serving;
    });
    const t = new ObexDmTransport(new ObexClient(console));
    const err: unknown = await t
      .exchange(pkg0(), 'application/vnd.syncml.notification')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DmTransportError);
    expect(err).toMatchObject({ layer: 'obex-connect', code: 0xc3 });
  });

  it('reports a pulled link on both sides within a second', async () => {
    const { console, handset } = await tcpPair();
    const ended: (Error | undefined)[] = [];
    const tree = handsetTree();
    const client = new ClientSession({
      tree,
      deviceId: DEVICE_ID,
      serverUri: 'obex:SYNCML-DM',
      serverId: SERVER_ID,
    });
    const service = new ObexDmService({
      openSession: () => (pkg) => client.handle(pkg),
      onSessionEnd: (e) => ended.push(e),
    });
    const serving = new ObexServer(handset, { services: [service] }).serve().catch((e) => e);
    resources.push(async () => {
      await handset.close();
      await serving;
    });
    const server = new ServerSession({ serverId: SERVER_ID });
    const transport = new ObexDmTransport(new ObexClient(console, { timeoutMs: 5000 }));
    const run = server
      .run(transport, {
        body: pkg0(),
        contentType: 'application/vnd.syncml.notification',
        headers: {},
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await server.get('./Test/Leaf');
    const t0 = Date.now();
    const next = server.get('./Test/Num').catch((e: unknown) => e);
    await handset.close(); // the handset's end of the cable goes away
    expect(await run).toMatchObject({ name: 'DmTransportError', layer: 'link' });
    expect(await next).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(1000);
    await serving;
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ name: 'DmTransportError', layer: 'link' });
  });
});

describe('HttpDmEndpoint', () => {
  async function endpoint(maxBodyBytes = 1024) {
    const lines: string[] = [];
    const ep = await startHttpDmEndpoint({
      maxBodyBytes,
      log: (l) => lines.push(l),
      onSession: () => new ServerSession({ serverId: SERVER_ID }),
    });
    resources.push(() => ep.close());
    return { ep, lines };
  }

  it('answers 405, 404, 415 and 413 for bad requests', async () => {
    const { ep, lines } = await endpoint();
    const xml = 'application/vnd.syncml.dm+xml';
    expect((await post(ep.url, { method: 'GET' })).status).toBe(405);
    expect((await post(`${ep.url}/s/nope`, { type: xml, body: Uint8Array.of(60) })).status).toBe(
      404,
    );
    expect((await post(ep.url, { type: 'text/plain', body: Uint8Array.of(60) })).status).toBe(415);
    expect(lines.some((l) => l.includes('415'))).toBe(true);
    expect((await post(ep.url, { type: xml, body: new Uint8Array(2048) })).status).toBe(413);
    expect(ep.sessionCount).toBe(0);
  });

  it('routes two sessions at once by RespURI', async () => {
    const servers: ServerSession[] = [];
    const ep = await startHttpDmEndpoint({
      onSession: () => {
        const s = new ServerSession({ serverId: SERVER_ID });
        servers.push(s);
        return s;
      },
    });
    resources.push(() => ep.close());
    const trees = [handsetTree(), handsetTree()];
    trees[1]?.replace('./Test/Leaf', 'second');
    const http = trees.map(() => new HttpDmClient({ serverUri: ep.url }));
    for (const h of http) resources.push(async () => h.close());
    const runs = trees.map((tree, i) =>
      runClient(
        new ClientSession({
          tree,
          deviceId: `${DEVICE_ID}-${i}`,
          serverUri: ep.url,
          serverId: SERVER_ID,
        }),
        http[i] as HttpDmClient,
        systemClock,
        5000,
      ),
    );
    await expect.poll(() => servers.length).toBe(2);
    expect(ep.sessionCount).toBe(2);
    const got = await Promise.all(servers.map((s) => s.get('./Test/Leaf')));
    const [a, b] = http.map((h) => h.uri);
    expect(a).not.toBe(b);
    expect(a?.startsWith(`${ep.url}/s/`)).toBe(true);
    const values = got.map((g) => new TextDecoder().decode(g.items[0]?.data));
    const ids = servers.map((s) => s.devInfo.get('./DevInfo/DevId'));
    expect([...values].sort()).toEqual(['hello', 'second']);
    expect(ids).toHaveLength(2);
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(runs);
    expect(ep.sessionCount).toBe(0);
  });
});

describe('package #0 over UDP', () => {
  it('ignores a wrong digest (logged) and accepts the resync nonce', async () => {
    const lines: string[] = [];
    const got: Pkg0Notification[] = [];
    const listener = await listenPkg0Udp({
      port: 0,
      credentials: (id) =>
        id === SERVER_ID ? { password: 'srv-secret', nonce: Uint8Array.of(1, 2) } : undefined,
      onNotification: (n) => got.push(n),
      log: (l) => lines.push(l),
    });
    resources.push(() => listener.close());
    const send = (password: string, nonce: Uint8Array, sessionId: number) =>
      sendPkg0Udp(
        encodePkg0(
          {
            uiMode: UiMode.Background,
            initiator: Initiator.Server,
            sessionId,
            serverId: SERVER_ID,
          },
          { serverId: SERVER_ID, serverPassword: password, nonce },
        ),
        { host: '127.0.0.1', port: listener.port },
      );
    await send('wrong', Uint8Array.of(1, 2), 1);
    await send('srv-secret', new Uint8Array(4), 2);
    await send('srv-secret', Uint8Array.of(1, 2), 3);
    await expect.poll(() => got.length).toBe(2);
    expect(got.map((n) => [n.pkg0.sessionId, n.nonce])).toEqual([
      [2, 'resync'],
      [3, 'stored'],
    ]);
    expect(lines).toEqual([expect.stringContaining('wrong digest')]);
  });
});
