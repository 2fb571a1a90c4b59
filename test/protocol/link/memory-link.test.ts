import { describe, expect, it } from 'vitest';
import { LinkClosedError, LinkDisconnectedError } from '../../../protocol/link/link.js';
import { createLinkPair } from '../../../protocol/link/memory-link.js';

async function drain(
  iter: AsyncIterable<Uint8Array>,
): Promise<{ chunks: number[][]; error?: unknown }> {
  const chunks: number[][] = [];
  try {
    for await (const c of iter) chunks.push([...c]);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks };
}

describe('memory-link', () => {
  it('delivers writes to the peer asynchronously and in order, copying the data', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const got = drain(b.chunks());
    const buf = Uint8Array.of(1, 2, 3);
    const w = a.write(buf);
    buf[0] = 9;
    await w;
    await a.write(Uint8Array.of(4));
    await a.close();
    const { chunks, error } = await got;
    expect(chunks).toEqual([[1, 2, 3], [4]]);
    expect(error).toBeInstanceOf(LinkDisconnectedError);
  });

  it('splits writes into chunks of the given size', async () => {
    const [a, b] = createLinkPair({ chunkSize: 1 });
    await a.open();
    await b.open();
    const got = drain(b.chunks());
    await a.write(Uint8Array.of(1, 2, 3));
    await a.close();
    expect((await got).chunks).toEqual([[1], [2], [3]]);
  });

  it('ends the local iteration normally on close and rejects writes after it', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const got = drain(a.chunks());
    await a.close();
    await a.close();
    expect(await got).toEqual({ chunks: [] });
    expect(a.isOpen).toBe(false);
    await expect(a.write(Uint8Array.of(1))).rejects.toBeInstanceOf(LinkClosedError);
    await Promise.resolve();
    await expect(b.write(Uint8Array.of(1))).rejects.toBeInstanceOf(LinkDisconnectedError);
  });

  it('makes both ends see a disconnect when the cable is pulled', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const ga = drain(a.chunks());
    const gb = drain(b.chunks());
    a.simulateDisconnect();
    expect((await ga).error).toBeInstanceOf(LinkDisconnectedError);
    expect((await gb).error).toBeInstanceOf(LinkDisconnectedError);
    expect(b.isOpen).toBe(false);
  });
});
