import { DecodeError } from '../bytes/decode-error.js';
import { decodeLatin1 } from '../bytes/utf8.js';
import { Charset } from './tokens.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Pure-ASCII strings at most this long skip the TextDecoder call. Measured (Node 20): a
 * TextDecoder call costs ~100 ns whatever the length; `fromCharCode` wins only below ~12 bytes.
 */
const SHORT = 10;

/**
 * Decodes `data[start..stop)` in the document charset. UTF-8 (and US-ASCII, a subset — a
 * mislabelled UTF-8 document still decodes) is strict: malformed bytes throw
 * `DecodeError(start, 'bad-utf8')`. ISO-8859-1 maps bytes to code points one to one.
 */
export type WbxmlTextDecoder = (data: Uint8Array, start: number, stop: number) => string;

function decodeUtf8Range(data: Uint8Array, start: number, stop: number): string {
  const n = stop - start;
  if (n <= SHORT) {
    // Tiny ASCII strings (CmdIDs, status codes, MsgRefs) are the most frequent in SyncML.
    let ascii = true;
    for (let i = start; i < stop; i++) {
      if ((data[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii)
      return String.fromCharCode.apply(null, data.subarray(start, stop) as unknown as number[]);
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
