import { DecodeError } from './decode-error.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** char code -> 6-bit value, -1 for not-an-alphabet character. */
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as standard base64 (RFC 4648 §4) with `=` padding and no line breaks. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk +=
      ALPHABET[v >>> 18] +
      (ALPHABET[(v >>> 12) & 63] as string) +
      (ALPHABET[(v >>> 6) & 63] as string) +
      (ALPHABET[v & 63] as string);
    // Bound the string being built so long inputs do not build one huge rope.
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  if (i < n) {
    const b0 = bytes[i] as number;
    const b1 = i + 1 < n ? (bytes[i + 1] as number) : 0;
    const v = (b0 << 16) | (b1 << 8);
    chunk += (ALPHABET[v >>> 18] as string) + (ALPHABET[(v >>> 12) & 63] as string);
    chunk += i + 1 < n ? (ALPHABET[(v >>> 6) & 63] as string) + '=' : '==';
  }
  parts.push(chunk);
  return parts.join('');
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Decodes standard base64. ASCII whitespace (space, tab, CR, LF) anywhere is ignored — SyncML
 * peers wrap b64 data at 76 columns. Everything else is strict: characters outside the
 * alphabet, `=` other than 1–2 at the very end, a length (without whitespace) that is not a
 * multiple of 4, or non-zero padding bits throw `DecodeError(index, 'bad-value', …, 'base64')`
 * where `index` is the character index in `s`.
 */
export function fromBase64(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let bits = 0;
  let count = 0;
  let pad = 0;
  let lastIndex = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 0x3d) {
      pad++;
      count++;
      lastIndex = i;
      if (pad > 2) throw new DecodeError(i, 'bad-value', 'too much "=" padding', 'base64');
      continue;
    }
    const v = c < 128 ? (VALUES[c] as number) : -1;
    if (v < 0) {
      throw new DecodeError(
        i,
        'bad-value',
        `character ${JSON.stringify(s[i])} is not base64`,
        'base64',
      );
    }
    if (pad > 0) throw new DecodeError(i, 'bad-value', 'data after "=" padding', 'base64');
    acc = (acc << 6) | v;
    bits += 6;
    count++;
    lastIndex = i;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (count % 4 !== 0) {
    throw new DecodeError(lastIndex, 'bad-value', 'base64 length is not a multiple of 4', 'base64');
  }
  if (acc !== 0) {
    throw new DecodeError(lastIndex, 'bad-value', 'non-zero bits in base64 padding', 'base64');
  }
  return out.slice(0, o);
}
