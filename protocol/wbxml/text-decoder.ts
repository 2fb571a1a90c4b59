import { DecodeError } from '../bytes/decode-error.js';
import { decodeLatin1 } from '../bytes/utf8.js';
import { Charset } from './tokens.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Pure-ASCII strings at most this long are built with `String.fromCharCode` from a reused
 * array of char codes: no TextDecoder call (~100 ns whatever the length) and no subarray
 * allocated per string. SyncML's frequent strings (CmdIDs, codes, URIs, Meta Type and
 * Format) are short and ASCII; longer or non-ASCII ones go to the TextDecoder.
 */
const SHORT = 64;

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
    if (i === n) {
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
