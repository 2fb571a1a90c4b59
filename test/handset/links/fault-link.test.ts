import { afterEach, describe, expect, it } from 'vitest';
import { FaultLink, hasFaults } from '../../../handset/links/fault-link.js';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import type { TcpLink, TcpLinkServer } from '../../../native-bridge/links/tcp-link.js';
import { isLinkDisconnected } from '../../../protocol/link/link.js';

let server: TcpLinkServer | undefined;
const links: TcpLink[] = [];

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await server?.close();
  server = undefined;
});

/** A real TCP connection on 127.0.0.1: `near` is the handset's end, `far` the console's. */
async function socketPair(): Promise<{ near: TcpLink; far: TcpLink }> {
  server = await listenTcp({ port: 0 });
  const acceptP = server.accept();
  const far = await connectTcp('127.0.0.1', server.port);
  const near = await acceptP;
  links.push(near, far);
  return { near, far };
}

/** Reads until `n` bytes arrived or the link ends; returns what came and how it ended. */
async function drain(
  iter: AsyncIterator<Uint8Array>,
  n: number,
): Promise<{ data: Uint8Array; error?: unknown }> {
  const parts: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < n) {
      const r = await iter.next();
      if (r.done) break;
      parts.push(r.value);
      got += r.value.length;
    }
  } catch (error) {
    return { data: concat(parts), error };
  }
  return { data: concat(parts) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('FaultLink', () => {
  it('passes bytes through unchanged when no fault is set', async () => {
    const { near, far } = await socketPair();
    const link = new FaultLink(near, {});
    expect(hasFaults({})).toBe(false);
    await link.write(pattern(5000));
    const got = await drain(far.chunks()[Symbol.asyncIterator](), 5000);
    expect(got.data).toEqual(pattern(5000));
  });

  it('drops the real socket after N bytes: the peer sees the disconnect, our writer a typed error', async () => {
    const { near, far } = await socketPair();
    const faults: string[] = [];
    const link = new FaultLink(near, { dropAfterBytes: 1000, onFault: (w) => faults.push(w) });
    const write = link.write(pattern(4000));
    await expect(write).rejects.toSatisfy(isLinkDisconnected);
    const got = await drain(far.chunks()[Symbol.asyncIterator](), 4000);
    expect(got.data).toEqual(pattern(1000));
    expect(isLinkDisconnected(got.error) || got.error === undefined).toBe(true);
    expect(link.isOpen).toBe(false);
    expect(faults).toEqual(['dropped the link after 1000 bytes']);
    await expect(link.write(pattern(1))).rejects.toSatisfy(isLinkDisconnected);
  });

  it('counts received bytes too: reading past the limit ends with a disconnect', async () => {
    const { near, far } = await socketPair();
    const link = new FaultLink(near, { dropAfterBytes: 300 });
    await far.write(pattern(1000));
    const got = await drain(link.chunks()[Symbol.asyncIterator](), 1000);
    expect(got.data).toEqual(pattern(300));
    expect(isLinkDisconnected(got.error)).toBe(true);
  });

  it('flips bits in what it sends at the given rate, reproducibly for a seed', async () => {
    const size = 20000;
    const runs: Uint8Array[] = [];
    for (let i = 0; i < 2; i++) {
      const { near, far } = await socketPair();
      const link = new FaultLink(near, { corruptRate: 0.01, seed: 42 });
      await link.write(pattern(size));
      runs.push((await drain(far.chunks()[Symbol.asyncIterator](), size)).data);
      for (const l of links.splice(0)) await l.close();
      await server?.close();
      server = undefined;
    }
    const [a, b] = runs as [Uint8Array, Uint8Array];
    expect(a.length).toBe(size);
    expect(a).toEqual(b);
    const damaged = a.filter((v, i) => v !== (i & 0xff)).length;
    expect(damaged).toBeGreaterThan(100);
    expect(damaged).toBeLessThan(300);
  });

  it('holds chunks back by the latency in both directions', async () => {
    const { near, far } = await socketPair();
    const link = new FaultLink(near, { latencyMs: 150 });
    const t0 = performance.now();
    await link.write(pattern(10));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    const got = await drain(far.chunks()[Symbol.asyncIterator](), 10);
    expect(got.data).toEqual(pattern(10));
  });

  it('refuses nonsense settings with a TypeError naming the field', () => {
    expect(() => new FaultLink(links[0] as never, { corruptRate: 2 })).toThrow(/corruptRate/);
    expect(() => new FaultLink(links[0] as never, { dropAfterBytes: -1 })).toThrow(
      /dropAfterBytes/,
    );
  });
});
