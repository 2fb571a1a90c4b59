/**
 * Test helpers: build WBXML byte strings from numbers and ASCII strings, and locate the
 * shared vectors.
 */
import { readFileSync } from 'node:fs';

/** Concatenates bytes (numbers) and strings (UTF-8, no terminator). */
export function wb(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') out.push(...new TextEncoder().encode(p));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

/** An inline string token: STR_I, the UTF-8 bytes, NUL. */
export function strI(s: string): Uint8Array {
  return wb(0x03, s, 0x00);
}

/** WBXML 1.3 SyncML 1.2 header with an empty string table. */
export const SYNCML12_HEADER = wb(0x03, 0xa4, 0x01, 0x6a, 0x00);

/** Reads a file from `/work/shared/vectors` (the repo's `../shared/vectors`). */
export function vector(path: string): Uint8Array {
  return new Uint8Array(
    readFileSync(new URL(`../../../../shared/vectors/${path}`, import.meta.url)),
  );
}

/** URL of the vectors folder (for listing). */
export const VECTORS = new URL('../../../../shared/vectors/', import.meta.url);
