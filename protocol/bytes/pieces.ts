/**
 * What is left of `pieces` once their first `n` bytes are consumed (a partial gather
 * write): views of the same memory, no copy.
 */
export function piecesAfter(pieces: readonly Uint8Array[], n: number): Uint8Array[] {
  let skip = n;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as Uint8Array;
    if (skip < p.length) return [p.subarray(skip), ...pieces.slice(i + 1)];
    skip -= p.length;
  }
  return [];
}
