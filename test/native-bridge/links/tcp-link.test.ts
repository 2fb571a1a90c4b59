import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TcpLink,
  connectTcp,
  listenTcp,
  type TcpLinkServer,
} from '../../../native-bridge/links/tcp-link.js';
import { isLinkOpenError } from '../../../native-bridge/links/errors.js';
import { LinkClosedError, LinkDisconnectedError } from '../../../protocol/link/link.js';

let server: TcpLinkServer | undefined;
const links: TcpLink[] = [];

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await server?.close();
  server = undefined;
});

async function readN(iter: AsyncIterator<Uint8Array>, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await iter.next();
    if (r.done) throw new Error(`ended after ${got} of ${n} bytes`);
    out.set(r.value.subarray(0, n - got), got);
    got += Math.min(r.value.length, n - got);
  }
  return out;
}

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const addr = s.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('TcpLink', () => {
  it('carries bytes both ways between connectTcp and listenTcp', async () => {
    server = await listenTcp({ port: 0 });
    expect(server.host).toBe('127.0.0.1');
    const [client, accepted] = await Promise.all([
      connectTcp('127.0.0.1', server.port),
      server.accept(),
    ]);
    links.push(client, accepted);
    expect(client.description).toBe(`tcp 127.0.0.1:${server.port}`);
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
    const ia = accepted.chunks()[Symbol.asyncIterator]();
    const ic = client.chunks()[Symbol.asyncIterator]();
    const [, got] = await Promise.all([client.write(big), readN(ia, big.length)]);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(big))).toBe(0);
    await accepted.write(new Uint8Array([0xa0, 0x00, 0x03]));
    expect([...(await readN(ic, 3))]).toEqual([0xa0, 0x00, 0x03]);
  });

  it('accepts several clients, each its own link', async () => {
    server = await listenTcp({ port: 0 });
    const clients = await Promise.all([1, 2, 3].map(() => connectTcp('127.0.0.1', server!.port)));
    links.push(...clients);
    const accepted: TcpLink[] = [];
    for await (const l of server) {
      accepted.push(l);
      links.push(l);
      if (accepted.length === 3) break;
    }
    await Promise.all(clients.map((c, i) => c.write(new Uint8Array([i + 1]))));
    const seen = await Promise.all(
      accepted.map(async (l) => (await readN(l.chunks()[Symbol.asyncIterator](), 1))[0]),
    );
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  it('throws LinkDisconnectedError within 1 s when the peer closes', async () => {
    server = await listenTcp({ port: 0 });
    const [client, accepted] = await Promise.all([
      connectTcp('127.0.0.1', server.port),
      server.accept(),
    ]);
    links.push(client, accepted);
    let failedAt = 0;
    const reading = (async () => {
      for await (const _c of client.chunks()) {
        // draining
      }
    })().then(
      () => undefined,
      (e: unknown) => {
        failedAt = Date.now();
        return e;
      },
    );
    const t0 = Date.now();
    await accepted.close();
    expect(await reading).toBeInstanceOf(LinkDisconnectedError);
    expect(failedAt - t0).toBeLessThan(1000);
    expect(client.isOpen).toBe(false);
    await expect(client.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkDisconnectedError);
    // The side that closed sees a normal end and LinkClosedError on write.
    await expect(accepted.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkClosedError);
  });

  it('says connection refused when nothing listens', async () => {
    const port = await closedPort();
    const err = await connectTcp('127.0.0.1', port).catch((e: unknown) => e);
    expect(isLinkOpenError(err) && err.code).toBe('connection-refused');
    expect(String(err)).toContain(`connection refused: nothing listens on 127.0.0.1:${port}`);
  });

  it('defaults to the OBEX port 650', () => {
    expect(new TcpLink({ host: 'phone.local' }).description).toBe('tcp phone.local:650');
  });

  it('stops accepting after close', async () => {
    server = await listenTcp({ port: 0 });
    const port = server.port;
    await server.close();
    await expect(server.accept()).rejects.toBeInstanceOf(LinkClosedError);
    const err = await connectTcp('127.0.0.1', port).catch((e: unknown) => e);
    expect(isLinkOpenError(err) && err.code).toBe('connection-refused');
  });
});
