import { afterEach, describe, expect, it } from 'vitest';
import { PacedLink } from '../../../native-bridge/links/paced-link.js';
import {
  connectTcp,
  listenTcp,
  type TcpLinkServer,
} from '../../../native-bridge/links/tcp-link.js';
import { LinkClosedError, isLinkDisconnected, type Link } from '../../../protocol/link/link.js';

let server: TcpLinkServer | undefined;
const links: Link[] = [];
afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await server?.close();
  server = undefined;
});

async function tcpPair(): Promise<[Link, Link]> {
  server = await listenTcp({ port: 0 });
  const [a, b] = await Promise.all([connectTcp('127.0.0.1', server.port), server.accept()]);
  links.push(a, b);
  return [a, b];
}

/** Counts bytes arriving on `link` for `ms` and returns bytes per second. */
async function measure(link: Link, ms: number): Promise<{ rate: number; stop(): void }> {
  let n = 0;
  const it = link.chunks()[Symbol.asyncIterator]();
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const r = await it.next();
    if (r.done) break;
    n += r.value.length;
  }
  return { rate: (n * 1000) / (Date.now() - t0), stop: () => void it.return?.() };
}

describe('PacedLink', () => {
  it('reports the inner link’s disconnect at once, dropping the backlog the line had not carried yet', async () => {
    const [a, b] = await tcpPair();
    const paced = new PacedLink(b, { baud: 115200 });
    // 100 KB at 11,520 B/s would take ~9 s to arrive; the sender then goes away.
    await a.write(new Uint8Array(100_000));
    let got = 0;
    const reading = (async () => {
      for await (const c of paced.chunks()) got += c.length;
    })().then(
      () => ({ error: undefined as unknown, at: performance.now() }),
      (error: unknown) => ({ error, at: performance.now() }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await a.close();
    const end = await reading;
    expect(isLinkDisconnected(end.error)).toBe(true);
    expect(end.at - t0).toBeLessThan(1000);
    expect(got).toBeLessThan(30_000);
  });

  it('writes at baud/10 bytes per second within ±10 % over about a second', async () => {
    const [a, b] = await tcpPair();
    const paced = new PacedLink(a, { baud: 115200 });
    const sending = paced.write(new Uint8Array(40_000)).catch(() => undefined);
    const { rate } = await measure(b, 1000);
    expect(rate).toBeGreaterThan(11520 * 0.9);
    expect(rate).toBeLessThan(11520 * 1.1);
    await paced.close();
    await sending;
  });

  it('paces the receive direction too', async () => {
    const [a, b] = await tcpPair();
    const paced = new PacedLink(b, { baud: 57600 });
    await a.write(new Uint8Array(20_000)); // arrives at TCP speed, released at 5760 B/s
    const { rate } = await measure(paced, 1000);
    expect(rate).toBeGreaterThan(5760 * 0.9);
    expect(rate).toBeLessThan(5760 * 1.1);
  });

  it('adds no more latency to a small packet than its transmit time', async () => {
    const [a, b] = await tcpPair();
    const paced = new PacedLink(a, { baud: 9600 }); // 960 B/s: 7 bytes take ~7.3 ms
    const it = b.chunks()[Symbol.asyncIterator]();
    const t0 = Date.now();
    await paced.write(new Uint8Array([0x80, 0x00, 0x07, 0x10, 0x00, 0x04, 0x00]));
    let got = 0;
    while (got < 7) got += ((await it.next()).value as Uint8Array).length;
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(6);
    expect(elapsed).toBeLessThan(60);
  });

  it('rejects queued writes after close', async () => {
    const [a] = await tcpPair();
    const paced = new PacedLink(a, { baud: 1200 });
    const slow = paced.write(new Uint8Array(10_000));
    await paced.close();
    await expect(slow).rejects.toBeInstanceOf(LinkClosedError);
    await expect(paced.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkClosedError);
  });
});
