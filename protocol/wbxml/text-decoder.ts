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
 * Decodes `data[start..stop)` in the document charset. UTF-8 (and US-ASCII, a subset — a
 * mislabelled UTF-8 document still decodes) is strict: malformed bytes throw
 * `DecodeError(start, 'bad-utf8')`. ISO-8859-1 maps bytes to code points one to one.
 */
export type WbxmlTextDecoder = (data: Uint8Array, start: number, stop: number) => string;

function decodeUtf8Range(data: Uint8Array, start: number, stop: number): string {
  const n = stop - start;
  if (n <= SHORT) {
    const codes = CODES[n] as number[];
    let i = 0;
    for (; i < n; i++) {
      const b = data[start + i] as number;
      if (b >= 0x80) break;
      codes[i] = b;
    }
    if (i === n) return String.fromCharCode.apply(null, codes);
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
