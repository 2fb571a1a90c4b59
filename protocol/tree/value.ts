import { encodeUtf8 } from '../bytes/utf8.js';

const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads a leaf value as text (UTF-8). Malformed sequences become U+FFFD: this is for
 * display and for `chr`/`int`/`bool` leaves the tree itself wrote; use the bytes for
 * anything that must round-trip exactly.
 */
export function leafText(value: Uint8Array): string {
  return lenient.decode(value);
}

/** Encodes text as a leaf value (UTF-8). */
export function textValue(s: string): Uint8Array {
  return encodeUtf8(s);
}

/** Formats epoch milliseconds as ISO 8601 basic UTC, e.g. `20010711T163817Z` (the TStamp form). */
export function formatTStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  );
}
