/**
 * Compares two byte strings in time that depends only on their lengths, so that a peer
 * probing credentials cannot learn how many leading bytes of a digest it got right.
 * Lengths are not secret (digests have a fixed size), so unequal lengths return early.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
