/**
 * Streaming object bodies: an object moves between the link and its destination (a file,
 * the vault) piece by piece, never as one buffer of its whole size.
 */

/**
 * The pieces of an object's body, in order: an async iterable (a file read in chunks, a
 * Node readable stream) or a plain iterable (`[bytes]` for an object already in memory).
 * Pieces may have any size, including 0; they are read once and not modified.
 */
export type BodySource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Where a received body goes. `write` is called with each piece in order and never again
 * before the promise it returned settled: a slow sink holds the transfer back (the OBEX
 * peer is not asked for more than one packet ahead). A piece is a read-only view into a
 * received packet; the OBEX layer never reuses it, so a sink may keep it. Throwing (or
 * rejecting) ends the transfer: the OBEX layer sends Abort and rejects with that error.
 */
export interface BodySink {
  write(piece: Uint8Array): void | Promise<void>;
  /**
   * Optional: several pieces at once, in order — as `write` of each, but in one go (a file
   * sink makes one `writev` of them instead of one write per piece). The OBEX layer hands
   * a sink that has it every piece that arrived while its previous write ran.
   */
  writev?(pieces: readonly Uint8Array[]): void | Promise<void>;
}

/** What one `take` got: views of the source's pieces, their total size, end of source. */
export interface BodyTake {
  readonly pieces: readonly Uint8Array[];
  readonly size: number;
  /** True when the source has nothing after these pieces (looked ahead if need be). */
  readonly end: boolean;
}

/**
 * Reads a {@link BodySource} in runs of at most `max` bytes, for filling packets: each
 * `take` returns views of the source's pieces (no copy) and whether the source ended with
 * them — it reads one piece ahead when a run fills up exactly, so the last packet can be
 * marked final without an extra empty one. Not re-entrant: await each `take`.
 */
export class BodyReader {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  /** The source is a plain iterable (an object in memory): `take` needs no waiting. */
  private readonly sync: boolean;
  private current: Uint8Array | undefined;
  private pos = 0;
  private ended = false;
  private bytes = 0;

  constructor(source: BodySource) {
    this.sync = !(Symbol.asyncIterator in source);
    this.iterator = this.sync
      ? (source as Iterable<Uint8Array>)[Symbol.iterator]()
      : (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  }

  /** True when the source is a plain iterable (an object in memory): see {@link takeNow}. */
  get immediate(): boolean {
    return this.sync;
  }

  /** Bytes handed out by `take` so far. */
  get taken(): number {
    return this.bytes;
  }

  /**
   * Up to `max` bytes as views. Rejects with the source's own error, or TypeError for a
   * piece that is not a Uint8Array.
   */
  take(max: number): Promise<BodyTake> {
    if (!this.sync) return this.takeAsync(max);
    // A plain iterable is read on the spot, with no await per piece (what it throws rejects).
    return new Promise((resolve) => resolve(this.takeSync(max)));
  }

  /**
   * `take` of a source that is {@link immediate}, done on the spot: returns what `take`
   * resolves with, throws what it rejects with. TypeError for a source read by waiting.
   */
  takeNow(max: number): BodyTake {
    if (!this.sync) throw new TypeError('body source: takeNow of a source read by waiting');
    return this.takeSync(max);
  }

  private takeSync(max: number): BodyTake {
    const pieces: Uint8Array[] = [];
    let size = 0;
    while (size < max) {
      const cur = this.pieceSync();
      if (cur === undefined) break;
      size += this.cut(cur, pieces, max - size);
    }
    this.bytes += size;
    return { pieces, size, end: this.pieceSync() === undefined };
  }

  /** Hands out up to `room` unread bytes of `cur` as a view in `pieces`; returns how many. */
  private cut(cur: Uint8Array, pieces: Uint8Array[], room: number): number {
    const n = Math.min(cur.length - this.pos, room);
    pieces.push(cur.subarray(this.pos, this.pos + n));
    this.pos += n;
    return n;
  }

  private async takeAsync(max: number): Promise<BodyTake> {
    const pieces: Uint8Array[] = [];
    let size = 0;
    while (size < max) {
      const cur = await this.piece();
      if (cur === undefined) break;
      size += this.cut(cur, pieces, max - size);
    }
    this.bytes += size;
    return { pieces, size, end: (await this.piece()) === undefined };
  }

  /**
   * Stops reading: the source's `return()` runs (a file source closes its file). Safe to
   * call more than once and after the end.
   */
  async cancel(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.current = undefined;
    await this.iterator.return?.();
  }

  /** {@link piece} for a plain iterable. */
  private pieceSync(): Uint8Array | undefined {
    while (this.current === undefined || this.pos >= this.current.length) {
      if (this.ended || !this.use((this.iterator as Iterator<Uint8Array>).next())) return undefined;
    }
    return this.current;
  }

  /** Takes the next piece from the source's answer `r`; false (and ended) at its end. */
  private use(r: IteratorResult<unknown>): boolean {
    if (r.done === true) {
      this.ended = true;
      this.current = undefined;
      return false;
    }
    if (!(r.value instanceof Uint8Array)) {
      throw new TypeError('body source: every piece must be a Uint8Array');
    }
    this.current = r.value;
    this.pos = 0;
    return true;
  }

  /** The piece with unread bytes (pulling the next non-empty one), or undefined at the end. */
  private async piece(): Promise<Uint8Array | undefined> {
    while (this.current === undefined || this.pos >= this.current.length) {
      if (this.ended || !this.use(await this.iterator.next())) return undefined;
    }
    return this.current;
  }
}

/**
 * One run of Single Response Mode packets made on the spot from an object in memory and
 * written in one gather write: four full packets' worth of body. A quarter of the writes
 * (and of the waits for them) on a fast link; on a slow one an Abort waits for at most
 * this much more of the object to go out.
 */
export const RUN_BYTES = 4 * 0xffff;
/** Parts of one run at most (one gather write; well below IOV_MAX). */
export const MAX_RUN_PARTS = 256;

/** What {@link takeRun} took. */
export interface BodyRun {
  /** Body bytes in the packets made. */
  readonly size: number;
  /** The take `pack` left to the caller (it ended the run unmade), if any. */
  readonly left: BodyTake | undefined;
  /** What the source threw, ending the run. */
  readonly failure: Error | undefined;
  /** True when the last packet made ends the object. */
  readonly ended: boolean;
}

/**
 * Takes body from an {@link BodyReader.immediate} reader `room` bytes at a time and hands
 * each take to `pack`, which appends its packet's parts to `parts` — or returns false to
 * leave it to the caller. Stops at {@link RUN_BYTES} of body, {@link MAX_RUN_PARTS} parts,
 * the take that ends the object, a take left to the caller, or a failure of the source.
 */
export function takeRun(
  reader: BodyReader,
  room: number,
  parts: readonly Uint8Array[],
  pack: (take: BodyTake) => boolean,
): BodyRun {
  let size = 0;
  while (size < RUN_BYTES && parts.length < MAX_RUN_PARTS) {
    let take: BodyTake;
    try {
      take = reader.takeNow(room);
    } catch (e) {
      return { size, left: undefined, failure: e as Error, ended: false };
    }
    if (!pack(take)) return { size, left: take, failure: undefined, ended: false };
    size += take.size;
    if (take.end) return { size, left: undefined, failure: undefined, ended: true };
  }
  return { size, left: undefined, failure: undefined, ended: false };
}
