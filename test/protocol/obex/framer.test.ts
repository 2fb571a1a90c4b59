import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { readPackets } from '../../../protocol/obex/framer.js';
import { encodePacket } from '../../../protocol/obex/packet.js';
import { arbPacket } from './arbitraries.js';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

async function* split(
  bytes: Uint8Array,
  sizes: readonly number[] | number,
): AsyncGenerator<Uint8Array> {
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const n = typeof sizes === 'number' ? sizes : Math.max(1, sizes[i++ % sizes.length] ?? 1);
    yield bytes.slice(pos, pos + n);
    pos += n;
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>, max = 0xffff): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const p of readPackets(chunks, { maxPacketLength: () => max })) out.push(p.slice());
  return out;
}

async function failure(chunks: AsyncIterable<Uint8Array>, max = 0xffff): Promise<DecodeError> {
  try {
    await collect(chunks, max);
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const packets = [
  hex('a0001a' + '1000ffff' + 'cb00000001' + '4a000e53594e434d4c2d53594e43'),
  hex('d30003'),
  hex('820008' + '49000500ff'),
  hex('a00003'),
];

describe('framer', () => {
  it('yields every packet of a stream fed in 1-byte chunks', async () => {
    expect(await collect(split(concat(packets), 1))).toEqual(packets);
  });

  it('yields every packet of a stream fed in 2-byte chunks', async () => {
    expect(await collect(split(concat(packets), 2))).toEqual(packets);
  });

  it('yields every packet when the stream comes in one chunk', async () => {
    expect(await collect(split(concat(packets), 1000))).toEqual(packets);
  });

  it('reports a truncated packet at the end of input', async () => {
    const bytes = concat(packets).subarray(0, 30);
    for (const size of [1, 2, 1000]) {
      const e = await failure(split(bytes, size));
      expect(e.reason).toBe('truncated');
      expect(e.format).toBe('obex');
    }
  });

  it('rejects a declared length above the maximum before reading the rest', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      pulled++;
      yield hex('82');
      pulled++;
      yield hex('ff');
      pulled++;
      yield hex('ff');
      pulled++;
      yield new Uint8Array(0xfffc);
    }
    const e = await failure(source(), 255);
    expect(e.reason).toBe('too-large');
    expect(pulled).toBe(3);
  });

  it('rejects junk whose declared length is below 3', async () => {
    const e = await failure(split(hex('a00003' + '410001' + 'a00003'), 1));
    expect(e.reason).toBe('bad-length');
    expect(e.offset).toBe(4);
  });

  it('yields the same packets for random streams and random chunk splits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbPacket, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        async (ps, sizes) => {
          const encoded = ps.map((p) => encodePacket(p.packet, { isResponse: p.isResponse }));
          expect(await collect(split(concat(encoded), sizes))).toEqual(encoded);
        },
      ),
      { numRuns: 200 },
    );
  });
});
