/**
 * Fresh random 12-byte AES-GCM IVs, drawn from the CSPRNG in blocks: one `randomFillSync`
 * of 6 KiB instead of one call per IV (each call costs ~7 µs here against ~0.03 µs for a
 * slice of a block, and a retrieval seals every object's name and every blob chunk).
 * The bytes are the same CSPRNG output either way; each is handed out once (copied out,
 * then the block's copy is zeroed), so no two records share an IV.
 */
import { randomFillSync } from 'node:crypto';

/** Length of an AES-GCM IV as the vault uses it. */
export const IV_LENGTH = 12;
const PER_BLOCK = 512;

let block = Buffer.alloc(0);
let next = 0;

/** A new random 12-byte IV. */
export function freshIv(): Buffer {
  if (next + IV_LENGTH > block.length) {
    block = randomFillSync(Buffer.allocUnsafeSlow(IV_LENGTH * PER_BLOCK));
    next = 0;
  }
  const slice = block.subarray(next, next + IV_LENGTH);
  const iv = Buffer.from(slice);
  slice.fill(0);
  next += IV_LENGTH;
  return iv;
}
