/** Byte-level helpers shared by every binary codec in protocol/. */
export { DecodeError, isDecodeError } from './decode-error.js';
export type { DecodeErrorReason } from './decode-error.js';
export { ByteReader } from './byte-reader.js';
export { ByteWriter } from './byte-writer.js';
export {
  MB_UINT32_MAX,
  mbUInt32Length,
  readMbUInt32,
  readMbUInt32At,
  writeMbUInt32,
} from './mb-uint32.js';
export { decodeLatin1, decodeUtf8, encodeUtf8 } from './utf8.js';
export { fromBase64, toBase64 } from './base64.js';
export { fromHex, hexDump, toHex } from './hex.js';
