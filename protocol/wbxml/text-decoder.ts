import { DecodeError } from '../bytes/decode-error.js';
import { decodeLatin1 } from '../bytes/utf8.js';
import { Charset } from './tokens.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Strings of at most this many bytes are built with `String.fromCharCode` from a reused
 * array of char codes: no TextDecoder call (~100 ns whatever the length) and no subarray
 * allocated per string. SyncML's frequent strings (CmdIDs, codes, URIs, Meta Type and
 * Format, node values) are short, most of them ASCII; non-ASCII ones are decoded here too
 * (strictly: anything but well-formed UTF-8 goes to the TextDecoder for its error), and
 * longer ones go to the TextDecoder.
 */
const SHORT = 128;

/** `CODES[n]` is a reused array of exactly `n` char codes (its length is the string's). */
const CODES: number[][] = Array.from({ length: SHORT + 1 }, (_, n) => new Array<number>(n).fill(0));

/**
 * ASCII strings up to this long are interned: values such as `chr`, `text/plain`, `true`,
 * status codes and CmdIDs repeat item after item, and a large message would otherwise
 * carry — and the garbage collector copy — one string per occurrence. A direct-mapped
 * cache (strings are immutable, so sharing them across documents is safe; its size is
 * bounded by `INTERN_SLOTS` strings of at most `INTERN_MAX` characters).
 */
const INTERN_MAX = 32;
const INTERN_SLOTS = 1024;
const interned: string[] = new Array<string>(INTERN_SLOTS).fill('');

/**
 * Decodes `data[start..stop)` in the document charset. UTF-8 (and US-ASCII, a subset — a
 * mislabelled UTF-8 document still decodes) is strict: malformed bytes throw
 * `DecodeError(start, 'bad-utf8')`. ISO-8859-1 maps bytes to code points one to one.
 */
export type WbxmlTextDecoder = (data: Uint8Array, start: number, stop: number) => string;

/** Scratch for the UTF-16 code units of a short non-ASCII string (at most one per byte). */
const UNITS: number[] = new Array<number>(SHORT).fill(0);

/**
 * Decodes the short string `data[start..stop)` whose first non-ASCII byte is at
 * `start + i` (the ASCII bytes before it are already in `UNITS[0..i)`), without a subarray
 * or a TextDecoder call. Returns undefined for anything but well-formed UTF-8 — overlong
 * forms, surrogates, code points past U+10FFFF, stray or missing continuation bytes — which
 * the caller hands to the strict TextDecoder for its `DecodeError`.
 */
function decodeShortUtf8(
  data: Uint8Array,
  start: number,
  stop: number,
  i: number,
): string | undefined {
  const ascii = CODES[stop - start] as number[];
  for (let j = 0; j < i; j++) UNITS[j] = ascii[j] as number;
  let at = start + i;
  let m = i;
  while (at < stop) {
    const b = data[at] as number;
    if (b < 0x80) {
      UNITS[m++] = b;
      at++;
      continue;
    }
    if (b < 0xc2 || b > 0xf4) return undefined;
    if (b < 0xe0) {
      if (at + 1 >= stop) return undefined;
      const b1 = data[at + 1] as number;
      if ((b1 & 0xc0) !== 0x80) return undefined;
      UNITS[m++] = ((b & 0x1f) << 6) | (b1 & 0x3f);
      at += 2;
    } else if (b < 0xf0) {
      if (at + 2 >= stop) return undefined;
      const b1 = data[at + 1] as number;
      const b2 = data[at + 2] as number;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return undefined;
      const c = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      // Overlong (< U+0800) or a surrogate (U+D800–U+DFFF).
      if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return undefined;
      UNITS[m++] = c;
      at += 3;
    } else {
      if (at + 3 >= stop) return undefined;
      const b1 = data[at + 1] as number;
      const b2 = data[at + 2] as number;
      const b3 = data[at + 3] as number;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return undefined;
      const c = ((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      // Overlong (< U+10000) or past U+10FFFF.
      if (c < 0x10000 || c > 0x10ffff) return undefined;
      UNITS[m++] = 0xd800 + ((c - 0x10000) >> 10);
      UNITS[m++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
      at += 4;
    }
  }
  const codes = CODES[m] as number[];
  for (let j = 0; j < m; j++) codes[j] = UNITS[j] as number;
  return String.fromCharCode.apply(null, codes);
}

function decodeUtf8Range(data: Uint8Array, start: number, stop: number): string {
  const n = stop - start;
  if (n <= SHORT) {
    const codes = CODES[n] as number[];
    let hash = n;
    let i = 0;
    for (; i < n; i++) {
      const b = data[start + i] as number;
      if (b >= 0x80) break;
      codes[i] = b;
      hash = (Math.imul(hash, 31) + b) | 0;
    }
    if (i < n) {
      const s = decodeShortUtf8(data, start, stop, i);
      if (s !== undefined) return s;
    } else {
      if (n > INTERN_MAX) return String.fromCharCode.apply(null, codes);
      const slot = (hash ^ (hash >>> 13)) & (INTERN_SLOTS - 1);
      const known = interned[slot] as string;
      if (known.length === n) {
        let j = 0;
        while (j < n && known.charCodeAt(j) === codes[j]) j++;
        if (j === n) return known;
      }
      const s = String.fromCharCode.apply(null, codes);
      interned[slot] = s;
      return s;
    }
  }
  try {
    return utf8.decode(data.subarray(start, stop));
  } catch {
    throw new DecodeError(start, 'bad-utf8', 'invalid UTF-8 in string', 'wbxml');
  }
}

function decodeLatin1Range(data: Uint8Array, start: number, stop: number): string {
  return decodeLatin1(data.subarray(start, stop));
}

/** The text decoder for an IANA MIBenum `charset`, or `undefined` if unsupported. */
export function textDecoderFor(charset: number): WbxmlTextDecoder | undefined {
  switch (charset) {
    case Charset.UTF_8:
    case Charset.US_ASCII:
    case Charset.UNKNOWN:
      return decodeUtf8Range;
    case Charset.ISO_8859_1:
      return decodeLatin1Range;
    default:
      return undefined;
  }
}
