import type { BodySink } from './body.js';

/**
 * Default bytes a transfer receives ahead of a slow sink before it holds the peer back:
 * 1 MiB, as much as the native links queue before they pause their transport. Enough to
 * ride out a file write that stalls on the disk for a moment without stopping the link.
 */
export const DEFAULT_READ_AHEAD_BYTES = 1 << 20;

/** Pieces handed to a sink's `writev` at most at once (well below any IOV_MAX). */
const MAX_BATCH = 256;

/**
 * The pieces of a received body on their way to a {@link BodySink}: written one at a time
 * and in order (`write` is never called before its previous promise settled) while the
 * transfer goes on receiving. The transfer asks `ready()` before it lets the peer send
 * more, which waits while more than `readAheadBytes` are queued — that is the sink's
 * backpressure reaching the peer. A sink with `writev` gets every piece that waits in one
 * call (the pieces that arrived while its previous write ran). The first failure of the
 * sink stops the writing and is rethrown by `push`, `ready` and `flush`.
 */
export class SinkQueue {
  private readonly pieces: Uint8Array[] = [];
  /** Bytes pushed and not yet written (the piece being written included). */
  private queued = 0;
  private writing = false;
  private failure: { readonly error: unknown } | undefined;
  private wakers: (() => void)[] = [];

  constructor(
    private readonly sink: BodySink,
    private readonly readAheadBytes: number = DEFAULT_READ_AHEAD_BYTES,
  ) {}

  /** Queues pieces (views, not copied); the first is handed to the sink at once if idle. */
  push(pieces: readonly Uint8Array[]): void {
    this.rethrow();
    for (const p of pieces) {
      this.pieces.push(p);
      this.queued += p.length;
    }
    if (!this.writing) void this.drain();
  }

  /**
   * Queues `pieces` (`size` bytes in all) only if that needs no waiting: the sink has not
   * failed and at most `readAheadBytes` wait for it afterwards — `push` then `ready` with
   * nothing to wait for, as one synchronous call. Returns false, queueing nothing,
   * otherwise (the caller takes the waiting way, which reports a failure).
   */
  tryPush(pieces: readonly Uint8Array[], size: number): boolean {
    if (this.failure !== undefined || this.queued + size > this.readAheadBytes) return false;
    this.push(pieces);
    return true;
  }

  /** Resolves once at most `readAheadBytes` wait for the sink; rejects with its error. */
  async ready(): Promise<void> {
    while (this.failure === undefined && this.queued > this.readAheadBytes) await this.progress();
    this.rethrow();
  }

  /** Resolves once every piece was written; rejects with the sink's error. */
  async flush(): Promise<void> {
    while (this.failure === undefined && (this.writing || this.pieces.length > 0))
      await this.progress();
    this.rethrow();
  }

  /** Drops what is still queued and waits for the write in progress (transfer abandoned). */
  async abandon(): Promise<void> {
    this.pieces.length = 0;
    this.queued = 0;
    while (this.writing) await this.progress();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pieces.length > 0) {
        // Everything that waits goes to a sink that takes several pieces in one call.
        const batch =
          this.pieces.length > 1 && this.sink.writev !== undefined
            ? this.pieces.splice(0, MAX_BATCH)
            : [this.pieces.shift() as Uint8Array];
        let size = 0;
        for (const p of batch) size += p.length;
        try {
          if (batch.length > 1) await this.sink.writev?.(batch);
          else await this.sink.write(batch[0] as Uint8Array);
        } catch (e) {
          this.failure = { error: e };
          this.pieces.length = 0;
          return;
        }
        this.queued = Math.max(0, this.queued - size);
        this.wake();
      }
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  private progress(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wake(): void {
    const w = this.wakers;
    this.wakers = [];
    for (const f of w) f();
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
