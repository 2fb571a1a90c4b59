import { DecodeError } from './decode-error.js';

/**
 * Bounds-checked sequential reader over a `Uint8Array`.
 *
 * Every read either returns a value or throws `DecodeError(offset, 'truncated', …)`; it never
 * returns `undefined` or reads past `end`. The reader never copies the input: `bytes()` hands
 * out `subarray` views. `pos` is public so hot decoders can read it without a call.
 */
export class ByteReader {
  /** Current read position (absolute offset into `data`). */
  pos: number;
  /** One past the last readable byte. */
  readonly end: number;
  private view: DataView | undefined;

  /**
   * @param data the buffer to read; not copied, must not change while reading.
   * @param format the format name put into errors (e.g. `'wbxml'`, `'obex'`).
   * @param start first readable offset (default 0).
   * @param end one past the last readable offset (default `data.length`).
   */
  constructor(
    readonly data: Uint8Array,
    readonly format: string = 'data',
    start = 0,
    end: number = data.length,
  ) {
    if (start < 0 || end > data.length || start > end) {
      throw new RangeError(`ByteReader: bad range ${start}..${end} of ${data.length}`);
    }
    this.pos = start;
    this.end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** True when every byte has been read. */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throws `truncated` unless `n` more bytes are available. */
  need(n: number, what = 'data'): void {
    if (n > this.end - this.pos) {
      throw new DecodeError(
        this.pos,
        'truncated',
        `need ${n} byte(s) of ${what}, ${this.end - this.pos} left`,
        this.format,
      );
    }
  }

  /** The next byte without consuming it. */
  peekUint8(): number {
    this.need(1);
    return this.data[this.pos] as number;
  }

  /** Reads one unsigned byte. */
  readUint8(): number {
    if (this.pos >= this.end) this.need(1, 'u8');
    return this.data[this.pos++] as number;
  }

  /** Reads a big-endian unsigned 16-bit integer (network order, as OBEX uses). */
  readUint16(): number {
    this.need(2, 'u16');
    const p = this.pos;
    this.pos = p + 2;
    return (((this.data[p] as number) << 8) | (this.data[p + 1] as number)) >>> 0;
  }

  /** Reads a big-endian unsigned 32-bit integer. */
  readUint32(): number {
    this.need(4, 'u32');
    const v = this.dataView().getUint32(this.pos, false);
    this.pos += 4;
    return v;
  }

  /** Returns a view (not a copy) of the next `n` bytes and consumes them. */
  bytes(n: number, what = 'bytes'): Uint8Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new DecodeError(this.pos, 'bad-length', `bad length ${n} for ${what}`, this.format);
    }
    this.need(n, what);
    const start = this.pos;
    this.pos = start + n;
    return this.data.subarray(start, start + n);
  }

  /** Skips `n` bytes. */
  skip(n: number, what = 'bytes'): void {
    this.bytes(n, what);
  }

  /** Returns the rest of the input as a view and moves to the end. */
  rest(): Uint8Array {
    const start = this.pos;
    this.pos = this.end;
    return this.data.subarray(start, this.end);
  }

  private dataView(): DataView {
    this.view ??= new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    return this.view;
  }
}
