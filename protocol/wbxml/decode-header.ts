import { DecodeError } from '../bytes/decode-error.js';
import { readMbUInt32At } from '../bytes/mb-uint32.js';
import { Charset } from './tokens.js';
import { textDecoderFor, type WbxmlTextDecoder } from './text-decoder.js';

/** The parsed WBXML header (WAP-192 §5.3; PROTOCOL-FACTS.md §2.2). */
export interface WbxmlHeader {
  readonly version: number;
  readonly publicId: number;
  /** String-table index of the FPI when `publicId` is 0. */
  readonly fpiIndex: number | undefined;
  readonly charset: number;
  readonly decodeText: WbxmlTextDecoder;
  /** Byte offset of the string table in the input. */
  readonly strtblStart: number;
  readonly strtblEnd: number;
  /** Offset of the first body byte. */
  readonly bodyStart: number;
}

/**
 * Parses `version publicid charset strtbl` from the start of `data`.
 * - Versions 0x00–0x03 (WBXML 1.0–1.3); anything else is `bad-version`.
 * - WBXML 1.0 has no charset field; such documents report charset 0 and decode as UTF-8.
 * - Charset 0 ("unknown") in 1.1+ decodes as UTF-8 with a warning; unsupported charsets
 *   (anything but 0, 3, 4, 106) are `bad-charset`.
 * - A string table longer than the rest of the input is `truncated` (checked before use).
 */
export function decodeHeader(
  data: Uint8Array,
  warn: (offset: number, message: string) => void,
): WbxmlHeader {
  const end = data.length;
  if (end === 0) throw new DecodeError(0, 'truncated', 'empty input', 'wbxml');
  const version = data[0] as number;
  if (version > 0x03) {
    throw new DecodeError(
      0,
      'bad-version',
      `unsupported WBXML version byte 0x${version.toString(16)}`,
      'wbxml',
    );
  }
  let r = readMbUInt32At(data, 1, end);
  const publicId = r.value;
  let fpiIndex: number | undefined;
  if (publicId === 0) {
    r = readMbUInt32At(data, r.next, end);
    fpiIndex = r.value;
  }
  let charset: number = Charset.UNKNOWN;
  if (version >= 0x01) {
    const at = r.next;
    r = readMbUInt32At(data, at, end);
    charset = r.value;
    if (charset === Charset.UNKNOWN) warn(at, 'charset 0 (unknown): decoding as UTF-8');
  }
  const decodeText = textDecoderFor(charset);
  if (!decodeText) {
    throw new DecodeError(
      r.next - 1,
      'bad-charset',
      `unsupported charset MIBenum ${charset}`,
      'wbxml',
    );
  }
  const lenAt = r.next;
  r = readMbUInt32At(data, lenAt, end);
  const strtblStart = r.next;
  if (r.value > end - strtblStart) {
    throw new DecodeError(
      lenAt,
      'truncated',
      `string table of ${r.value} bytes but only ${end - strtblStart} left`,
      'wbxml',
    );
  }
  const strtblEnd = strtblStart + r.value;
  return {
    version,
    publicId,
    fpiIndex,
    charset,
    decodeText,
    strtblStart,
    strtblEnd,
    bodyStart: strtblEnd,
  };
}
