import { DecodeError } from '../bytes/decode-error.js';
import type { XmlWarning } from './parse-xml.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const DECLARED_ENCODING = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/**
 * Turns XML bytes into a string for the parser.
 *
 * UTF-8 is decoded strictly (a leading BOM is skipped); the first invalid sequence gives
 * `'bad-utf8'` with its byte offset. A UTF-16 BOM, or an XML declaration naming another
 * encoding, gives `'unsupported'` — except ISO-8859-1/Latin-1 (transcoded byte for code
 * point) and US-ASCII (checked to be 7-bit), which are accepted with a warning.
 */
export function decodeXmlBytes(
  bytes: Uint8Array,
  onWarning?: (warning: XmlWarning) => void,
): string {
  const legacy = checkXmlEncoding(bytes, onWarning);
  if (legacy !== undefined) return legacy;
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new DecodeError(firstInvalidUtf8(bytes), 'bad-utf8', 'invalid UTF-8', 'xml');
  }
}

/**
 * The checks of {@link decodeXmlBytes} before decoding: throws for UTF-16 and unsupported
 * declared encodings, returns the text of a Latin-1/US-ASCII document, and undefined for
 * UTF-8 (left to the caller to decode, whole or in slices).
 */
export function checkXmlEncoding(
  bytes: Uint8Array,
  onWarning?: (warning: XmlWarning) => void,
): string | undefined {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new DecodeError(0, 'unsupported', 'UTF-16 XML is not supported', 'xml');
  }
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 200)));
  const declared = DECLARED_ENCODING.exec(
    head.startsWith('\u00ef\u00bb\u00bf') ? head.slice(3) : head,
  )?.[1];
  const enc = declared?.toLowerCase();
  if (enc !== undefined && enc !== 'utf-8' && enc !== 'utf8') {
    if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'iso_8859-1' || enc === 'l1') {
      onWarning?.({ offset: 0, message: `transcoded ${declared ?? ''} to Unicode` });
      return latin1(bytes);
    }
    if (enc === 'us-ascii' || enc === 'ascii') {
      const bad = bytes.findIndex((b) => b >= 0x80);
      if (bad >= 0)
        throw new DecodeError(bad, 'bad-utf8', 'non-ASCII byte in US-ASCII document', 'xml');
      return latin1(bytes);
    }
    throw new DecodeError(
      0,
      'unsupported',
      `XML encoding ${declared ?? ''} is not supported`,
      'xml',
    );
  }
  return undefined;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}
