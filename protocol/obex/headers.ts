import { DecodeError } from '../bytes/decode-error.js';
import { headerEncoding, ObexHeaderId } from './codes.js';

/**
 * One OBEX header. The `kind` always equals `headerEncoding(id)` (the top two bits of the
 * identifier); `encodeHeaders` rejects a header whose kind disagrees with its id.
 *
 * - `unicode`: text; on the wire UTF-16BE code units plus a NUL terminator. An empty
 *   header (length field 3, no terminator) decodes to `''` and `''` encodes to an empty
 *   header — the form used for "root folder" in SetPath. Code units are carried as they
 *   are (lone surrogates survive a round trip).
 * - `bytes`: a byte sequence (Target, Who, Type, Body, End-of-Body, unknown 0x40–0x7F).
 * - `byte`: one unsigned byte.
 * - `u32`: an unsigned 32-bit big-endian integer (Connection ID, Length, Count).
 */
export type ObexHeader =
  | { readonly id: number; readonly kind: 'unicode'; readonly value: string }
  | { readonly id: number; readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly id: number; readonly kind: 'byte'; readonly value: number }
  | { readonly id: number; readonly kind: 'u32'; readonly value: number };

/** Options shared by the header and packet decoders. */
export interface HeaderDecodeOptions {
  /** Called for input that is accepted but not well-formed (e.g. text without its NUL). */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** A Unicode header. */
export function unicodeHeader(id: number, value: string): ObexHeader {
  return { id, kind: 'unicode', value };
}
/** A byte-sequence header; `value` is referenced, not copied. */
export function bytesHeader(id: number, value: Uint8Array): ObexHeader {
  return { id, kind: 'bytes', value };
}
/** A one-byte header. */
export function byteHeader(id: number, value: number): ObexHeader {
  return { id, kind: 'byte', value };
}
/** A four-byte header. */
export function u32Header(id: number, value: number): ObexHeader {
  return { id, kind: 'u32', value };
}

/** The first header with `id`, or undefined. */
export function findHeader(headers: readonly ObexHeader[], id: number): ObexHeader | undefined {
  return headers.find((h) => h.id === id);
}

/** The value of the first header `id` if it is a text header. */
export function headerText(headers: readonly ObexHeader[], id: number): string | undefined {
  const h = findHeader(headers, id);
  return h?.kind === 'unicode' ? h.value : undefined;
}
/** The value of the first header `id` if it is a byte-sequence header. */
export function headerBytes(headers: readonly ObexHeader[], id: number): Uint8Array | undefined {
  const h = findHeader(headers, id);
  return h?.kind === 'bytes' ? h.value : undefined;
}
/** True for a Body or End-of-Body header. */
export function isBodyHeader(h: ObexHeader): boolean {
  return h.id === ObexHeaderId.Body || h.id === ObexHeaderId.EndOfBody;
}

/** The body a packet carries: its Body and End-of-Body values (views) and their size. */
export function bodyPieces(headers: readonly ObexHeader[]): { pieces: Uint8Array[]; size: number } {
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (const h of headers) {
    if (isBodyHeader(h) && h.kind === 'bytes') {
      pieces.push(h.value);
      size += h.value.length;
    }
  }
  return { pieces, size };
}
/** The value of the first header `id` if it is a 1- or 4-byte header. */
export function headerNumber(headers: readonly ObexHeader[], id: number): number | undefined {
  const h = findHeader(headers, id);
  return h?.kind === 'u32' || h?.kind === 'byte' ? h.value : undefined;
}

/**
 * ASCII text as a NUL-terminated byte sequence, the form the Type header takes on the wire
 * (PROTOCOL-FACTS §5.1: length = strlen + 1). Throws TypeError for non-ASCII text.
 */
export function asciiz(text: string): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || c < 0x20) throw new TypeError(`asciiz: character ${i} is not printable ASCII`);
    out[i] = c;
  }
  return out;
}

/** Reads ASCII bytes up to the first NUL (or the end) — the tolerant reading of a Type header. */
export function fromAsciiz(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** Encoded size of one header in bytes. Throws TypeError for a kind/id mismatch. */
export function headerSize(h: ObexHeader): number {
  checkHeader(h);
  switch (h.kind) {
    case 'unicode':
      return h.value.length === 0 ? 3 : 3 + 2 * (h.value.length + 1);
    case 'bytes':
      return 3 + h.value.length;
    case 'byte':
      return 2;
    case 'u32':
      return 5;
  }
}

function checkHeader(h: ObexHeader): void {
  if (!Number.isInteger(h.id) || h.id < 0 || h.id > 0xff) {
    throw new TypeError(`header id: ${h.id} is not a byte`);
  }
  if (headerEncoding(h.id) !== h.kind) {
    throw new TypeError(`header 0x${h.id.toString(16)}: kind ${h.kind} does not match its id`);
  }
  if (h.kind === 'byte' && !(Number.isInteger(h.value) && h.value >= 0 && h.value <= 0xff)) {
    throw new TypeError(`header 0x${h.id.toString(16)}: value ${h.value} is not a byte`);
  }
  if (h.kind === 'u32' && !(Number.isInteger(h.value) && h.value >= 0 && h.value <= 0xffffffff)) {
    throw new TypeError(`header 0x${h.id.toString(16)}: value ${h.value} is not a u32`);
  }
}

/**
 * Writes `headers` into `out` from `offset`; returns the offset after the last header.
 * The caller sized `out` with {@link headerSize}. Throws TypeError for invalid headers and
 * RangeError when a header would not fit the 16-bit length field.
 */
export function writeHeaders(
  headers: readonly ObexHeader[],
  out: Uint8Array,
  offset: number,
): number {
  let o = offset;
  for (const h of headers) {
    const size = headerSize(h);
    if (size > 0xffff)
      throw new RangeError(`header 0x${h.id.toString(16)}: ${size} bytes is too long`);
    out[o] = h.id;
    switch (h.kind) {
      case 'unicode': {
        out[o + 1] = size >> 8;
        out[o + 2] = size & 0xff;
        let p = o + 3;
        const v = h.value;
        if (v.length > 0) {
          for (let i = 0; i < v.length; i++) {
            const c = v.charCodeAt(i);
            out[p++] = c >> 8;
            out[p++] = c & 0xff;
          }
          out[p] = 0;
          out[p + 1] = 0;
        }
        break;
      }
      case 'bytes':
        out[o + 1] = size >> 8;
        out[o + 2] = size & 0xff;
        out.set(h.value, o + 3);
        break;
      case 'byte':
        out[o + 1] = h.value;
        break;
      case 'u32':
        out[o + 1] = h.value >>> 24;
        out[o + 2] = (h.value >>> 16) & 0xff;
        out[o + 3] = (h.value >>> 8) & 0xff;
        out[o + 4] = h.value & 0xff;
        break;
    }
    o += size;
  }
  return o;
}

/**
 * Decodes the headers in `bytes[start, end)`. Total: throws DecodeError (format `obex`) for
 * a header that runs past `end` (`truncated`), a length field below 3 (`bad-length`) or
 * text with an odd number of bytes (`bad-length`). Byte-sequence values are views into
 * `bytes` (no copy). Text without its NUL terminator is accepted with a warning.
 */
export function readHeaders(
  bytes: Uint8Array,
  start: number,
  end: number,
  options: HeaderDecodeOptions = {},
): ObexHeader[] {
  const headers: ObexHeader[] = [];
  let o = start;
  while (o < end) {
    const id = bytes[o] as number;
    const kind = headerEncoding(id);
    if (kind === 'byte') {
      if (o + 2 > end) throw truncated(o, id);
      headers.push({ id, kind, value: bytes[o + 1] as number });
      o += 2;
      continue;
    }
    if (kind === 'u32') {
      if (o + 5 > end) throw truncated(o, id);
      const value =
        (((bytes[o + 1] as number) << 24) >>> 0) +
        ((bytes[o + 2] as number) << 16) +
        ((bytes[o + 3] as number) << 8) +
        (bytes[o + 4] as number);
      headers.push({ id, kind, value });
      o += 5;
      continue;
    }
    if (o + 3 > end) throw truncated(o, id);
    const len = ((bytes[o + 1] as number) << 8) | (bytes[o + 2] as number);
    if (len < 3) {
      throw new DecodeError(o + 1, 'bad-length', `header 0x${hex(id)} length ${len} < 3`, 'obex');
    }
    if (o + len > end) throw truncated(o, id);
    if (kind === 'bytes') {
      headers.push({ id, kind, value: bytes.subarray(o + 3, o + len) });
    } else {
      headers.push({ id, kind, value: readUtf16(bytes, o, len, options) });
    }
    o += len;
  }
  return headers;
}

function readUtf16(
  bytes: Uint8Array,
  o: number,
  len: number,
  options: HeaderDecodeOptions,
): string {
  const n = len - 3;
  if (n % 2 !== 0) {
    throw new DecodeError(
      o + 1,
      'bad-length',
      `text header 0x${hex(bytes[o] as number)} has odd length ${len}`,
      'obex',
    );
  }
  let units = n / 2;
  const p = o + 3;
  if (units > 0 && bytes[p + 2 * units - 2] === 0 && bytes[p + 2 * units - 1] === 0) {
    units -= 1;
  } else if (units > 0) {
    options.onWarning?.(
      `text header 0x${hex(bytes[o] as number)} at ${o} lacks its NUL terminator`,
    );
  }
  // Build in slices so that String.fromCharCode never sees too many arguments.
  let s = '';
  const codes: number[] = [];
  for (let i = 0; i < units; i++) {
    codes.push(((bytes[p + 2 * i] as number) << 8) | (bytes[p + 2 * i + 1] as number));
    if (codes.length === 4096) {
      s += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return s + String.fromCharCode(...codes);
}

function truncated(o: number, id: number): DecodeError {
  return new DecodeError(
    o,
    'truncated',
    `header 0x${hex(id)} runs past the end of the packet`,
    'obex',
  );
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
