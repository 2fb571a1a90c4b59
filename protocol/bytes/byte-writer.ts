const utf8 = new TextEncoder();

/**
 * Growable byte buffer for encoders.
 *
 * Capacity doubles when full (amortised O(1) appends); `finish()` returns a view of exactly
 * the written bytes. After `finish()` the writer may still be appended to, but earlier
 * results may then share memory with later ones — call `finish()` once, at the end.
 */
export class ByteWriter {
  private buf: Uint8Array;
  /** Number of bytes written so far. */
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Makes room for at least `n` more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends one byte (low 8 bits of `b`). */
  writeUint8(b: number): void {
    if (this.length >= this.buf.length) this.ensure(1);
    this.buf[this.length++] = b & 0xff;
  }

  /** Appends a big-endian unsigned 16-bit integer. */
  writeUint16(v: number): void {
    this.ensure(2);
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  /** Appends a big-endian unsigned 32-bit integer. */
  writeUint32(v: number): void {
    this.ensure(4);
    this.buf[this.length++] = (v >>> 24) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  /** Appends raw bytes. */
  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Appends `s` as UTF-8 (no terminator) and returns the number of bytes written.
   * Lone surrogates become U+FFFD, as `TextEncoder` does.
   */
  writeUtf8(s: string): number {
    const n = s.length;
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes.
    this.ensure(n * 3);
    const buf = this.buf;
    const begin = this.length;
    let len = begin;
    let i = 0;
    if (n <= 32) {
      // Short ASCII strings dominate SyncML. Measured (Node 20): encodeInto costs ~80 ns a
      // call whatever the length; this loop is cheaper up to ~32 characters.
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[len++] = c;
      }
    }
    if (i < n) {
      const { written } = utf8.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(len));
      len += written;
    }
    this.length = len;
    return len - begin;
  }

  /** Overwrites the byte at `at` (which must already be written) with `b`. */
  setUint8(at: number, b: number): void {
    if (at < 0 || at >= this.length) throw new RangeError(`no byte written at ${at}`);
    this.buf[at] = b & 0xff;
  }

  /**
   * Hands the written bytes to `fn` as a view of the internal buffer, then empties the
   * writer (keeping its capacity): the view is only valid during the call. For encoders
   * that write their output out in pieces.
   */
  drain(fn: (chunk: Uint8Array) => void): void {
    const chunk = this.buf.subarray(0, this.length);
    this.length = 0;
    fn(chunk);
  }

  /** The written bytes as a view of the internal buffer (no copy). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
