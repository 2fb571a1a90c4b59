import { describe, expect, it } from 'vitest';
import { piecesAfter } from '../../../protocol/bytes/pieces.js';

const b = (...v: number[]) => Uint8Array.from(v);

describe('piecesAfter', () => {
  it('drops whole pieces, cuts into the first one left, and shares memory', () => {
    const first = b(1, 2, 3);
    const pieces = [first, b(4), b(5, 6)];
    expect(piecesAfter(pieces, 0).map((p) => [...p])).toEqual([[1, 2, 3], [4], [5, 6]]);
    expect(piecesAfter(pieces, 2).map((p) => [...p])).toEqual([[3], [4], [5, 6]]);
    expect(piecesAfter(pieces, 3).map((p) => [...p])).toEqual([[4], [5, 6]]);
    expect(piecesAfter(pieces, 5).map((p) => [...p])).toEqual([[6]]);
    expect(piecesAfter(pieces, 6)).toEqual([]);
    expect(piecesAfter(pieces, 1)[0]?.buffer).toBe(first.buffer);
  });
});
