import { DecodeError } from './decode-error.js';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';

/**
 * WBXML `mb_u_int32` (WAP-192 §5.1): big-endian base-128, bit 7 set on every byte but the
 * last. A 32-bit value needs at most 5 bytes.
 */

/** Largest value an `mb_u_int32` may carry. */
export const MB_UINT32_MAX = 0xffffffff;

/**
 * Reads an `mb_u_int32` from `data` at `pos`. Returns the value and the offset after it.
 * Throws `truncated` when the input ends inside the number, `bad-length` when it is longer
 * than 5 bytes or exceeds 0xFFFFFFFF. Used directly by hot decoders.
 */
export function readMbUInt32At(
  data: Uint8Array,
  pos: number,
  end: number,
  format = 'wbxml',
): { value: number; next: number } {
  let value = 0;
  const start = pos;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) {
      throw new DecodeError(pos, 'truncated', 'input ends inside an mb_u_int32', format);
    }
    const b = data[pos++] as number;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (value > MB_UINT32_MAX) {
        throw new DecodeError(start, 'bad-length', 'mb_u_int32 exceeds 0xFFFFFFFF', format);
      }
      return { value, next: pos };
    }
  }
  throw new DecodeError(start, 'bad-length', 'mb_u_int32 longer than 5 bytes', format);
}

/** Reads an `mb_u_int32` from `reader` (same errors as `readMbUInt32At`). */
export function readMbUInt32(reader: ByteReader): number {
  const { value, next } = readMbUInt32At(reader.data, reader.pos, reader.end, reader.format);
  reader.pos = next;
  return value;
}

/** Number of bytes `writeMbUInt32` emits for `value`. */
export function mbUInt32Length(value: number): number {
  let n = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

/**
 * Appends `value` as the shortest `mb_u_int32`. Throws `RangeError` for values that are not
 * integers in 0..0xFFFFFFFF (an encoder bug, not bad input).
 */
export function writeMbUInt32(writer: ByteWriter, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MB_UINT32_MAX) {
    throw new RangeError(`mb_u_int32 out of range: ${value}`);
  }
  if (value < 0x80) {
    writer.writeUint8(value);
    return;
  }
  const n = mbUInt32Length(value);
  writer.ensure(n);
  for (let i = n - 1; i >= 0; i--) {
    const shift = Math.floor(value / 128 ** i) & 0x7f;
    writer.writeUint8(i === 0 ? shift : shift | 0x80);
  }
}
