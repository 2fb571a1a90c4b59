/** First capacity when no usable Length was announced: one full OBEX packet. */
const INITIAL_CAPACITY = 0x10000;

/**
 * Assembles one received object from its Body/End-of-Body pieces with a single copy per
 * byte: the pieces are copied straight into one buffer as they arrive, so the end of a
 * transfer costs nothing (no list of chunks, no final concatenation of the whole object —
 * touching that much fresh memory once more cost as much as the transfer itself).
 *
 * The buffer is allocated once from the announced Length when there is one and it is
 * within `maxSize`; otherwise (or when the peer sends more than it announced) it grows
 * geometrically, never beyond `maxSize`. The Length is only a hint: a peer that announces
 * less or more than it sends still gets exactly the bytes it sent. `append` throws
 * RangeError past `maxSize`; callers check the size first to answer in their own terms.
 */
export class ObjectBuffer {
  private buffer: Uint8Array;
  private filled = 0;

  /**
   * @param maxSize the largest object accepted (bounds every allocation).
   * @param announced the Length header's value, if any: the buffer's first capacity when
   *   it is at most `maxSize`.
   */
  constructor(
    private readonly maxSize: number,
    announced?: number | undefined,
  ) {
    this.buffer = new Uint8Array(announced !== undefined && announced <= maxSize ? announced : 0);
  }

  /** Bytes received so far. */
  get size(): number {
    return this.filled;
  }

  /** Copies `piece` in after what is already there. */
  append(piece: Uint8Array): void {
    const need = this.filled + piece.length;
    if (need > this.maxSize)
      throw new RangeError(`object of ${need} bytes exceeds ${this.maxSize} bytes`);
    if (need > this.buffer.length) this.grow(need);
    this.buffer.set(piece, this.filled);
    this.filled = need;
  }

  /**
   * The object: exactly the bytes appended. A view of the buffer when it is full or at
   * least half used, else a copy (so a Length that lied high does not pin a large buffer).
   */
  finish(): Uint8Array {
    const b = this.buffer;
    if (this.filled === b.length) return b;
    if (this.filled * 2 >= b.length) return b.subarray(0, this.filled);
    return b.slice(0, this.filled);
  }

  private grow(need: number): void {
    let cap = Math.max(INITIAL_CAPACITY, this.buffer.length * 2);
    while (cap < need) cap *= 2;
    const next = new Uint8Array(Math.min(cap, this.maxSize));
    next.set(this.buffer.subarray(0, this.filled), 0);
    this.buffer = next;
  }
}
