import { describe, expect, it } from 'vitest';
import { BodyReader } from '../../../protocol/obex/body.js';
import type { BodySource } from '../../../protocol/obex/body.js';

const bytes = (n: number, from = 0): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => from + i);

async function* asAsync(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of pieces) yield p;
}

/** Every take of `max` bytes until the end: sizes, end flags and the bytes joined. */
async function drain(source: BodySource, max: number): Promise<[number, boolean][]> {
  const reader = new BodyReader(source);
  const out: [number, boolean][] = [];
  for (;;) {
    const t = await reader.take(max);
    out.push([t.size, t.end]);
    if (t.end) return out;
  }
}

describe('BodyReader', () => {
  const pieces = [bytes(5), bytes(0), bytes(7, 5), bytes(3, 12)];

  it('takes the same runs from a plain and an async iterable, the last marked as the end', async () => {
    const expected: [number, boolean][] = [
      [4, false],
      [4, false],
      [4, false],
      [3, true],
    ];
    expect(await drain(pieces, 4)).toEqual(expected);
    expect(await drain(asAsync(pieces), 4)).toEqual(expected);
    // A run that empties the source exactly is the end: no empty take after it.
    expect(await drain(pieces, 15)).toEqual([[15, true]]);
  });

  it('hands out views of the pieces, in order', async () => {
    const reader = new BodyReader(pieces);
    const t = await reader.take(9);
    expect(t.pieces.map((p) => [...p])).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(reader.taken).toBe(9);
  });

  it('rejects with TypeError for a piece that is not bytes, and with the source’s own error', async () => {
    const bad = ['text'] as unknown as Iterable<Uint8Array>;
    await expect(new BodyReader(bad).take(10)).rejects.toThrow(TypeError);
    const failing: Iterable<Uint8Array> = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new RangeError('disk gone');
        },
      }),
    };
    await expect(new BodyReader(failing).take(10)).rejects.toThrow('disk gone');
  });
});
