/**
 * Base64 (RFC 4648 §4, standard alphabet) for the auth helpers.
 *
 * A local copy so that protocol/auth/ does not wait on protocol/bytes/; it is small and
 * total. Encoding always pads. Decoding is tolerant in the ways real peers need (ASCII
 * whitespace anywhere is skipped, padding may be missing) and strict otherwise: any other
 * character, a lone trailing sextet, or padding in the middle is a DecodeError.
 */
import { DecodeError } from '../bytes/decode-error.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code → sextet value, or -1 when the character is not in the alphabet. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

/** Encodes `bytes` as padded standard base64. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
    out += ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return out;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/**
 * Decodes standard base64. Whitespace is ignored and padding is optional; throws
 * `DecodeError` (format `'base64'`, offset = character index) for a character outside
 * the alphabet, data after padding, or a length that leaves a single dangling sextet.
 */
export function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let written = 0;
  let acc = 0;
  let sextets = 0;
  let padAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) continue;
    if (c === 0x3d /* = */) {
      if (padAt < 0) padAt = i;
      continue;
    }
    const v = c < 128 ? (SEXTET[c] ?? -1) : -1;
    if (v < 0) {
      throw new DecodeError(
        i,
        'bad-value',
        `not a base64 character: ${JSON.stringify(text[i])}`,
        'base64',
      );
    }
    if (padAt >= 0)
      throw new DecodeError(i, 'trailing-data', 'data after base64 padding', 'base64');
    acc = (acc << 6) | v;
    sextets++;
    if (sextets === 4) {
      out[written++] = (acc >>> 16) & 0xff;
      out[written++] = (acc >>> 8) & 0xff;
      out[written++] = acc & 0xff;
      acc = 0;
      sextets = 0;
    }
  }
  if (sextets === 1) {
    throw new DecodeError(text.length, 'truncated', 'base64 ends with a lone character', 'base64');
  }
  if (sextets === 2) {
    out[written++] = (acc >>> 4) & 0xff;
  } else if (sextets === 3) {
    out[written++] = (acc >>> 10) & 0xff;
    out[written++] = (acc >>> 2) & 0xff;
  }
  return out.slice(0, written);
}
