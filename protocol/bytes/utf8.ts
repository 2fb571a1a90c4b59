import { DecodeError } from './decode-error.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Decodes `bytes` as strict UTF-8 (no replacement characters; a BOM is kept as U+FEFF).
 * Throws `DecodeError(offset, 'bad-utf8', …)` on malformed input; `offset` is the absolute
 * position of `bytes` in the caller's input, for the error only.
 */
export function decodeUtf8(bytes: Uint8Array, offset = 0, format = 'data'): string {
  try {
    return strict.decode(bytes);
  } catch {
    throw new DecodeError(offset, 'bad-utf8', 'invalid UTF-8 sequence', format);
  }
}

/** Encodes `s` as UTF-8 (lone surrogates become U+FFFD). */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * The length of `s` encoded as UTF-8 (as {@link encodeUtf8} would encode it, a lone
 * surrogate counting as U+FFFD's 3 bytes), without encoding it.
 */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Decodes ISO-8859-1 (Latin-1): every byte is the code point of the same value. (WHATWG
 * `TextDecoder('latin1')` is really windows-1252, which differs in 0x80–0x9F.)
 */
export function decodeLatin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + CHUNK)));
  }
  return parts.join('');
}
