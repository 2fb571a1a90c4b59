/**
 * The receive side shared by every native link: the transport pushes chunks as they
 * arrive, the consumer iterates them once. Data that arrives before anyone iterates is
 * kept (a handset may answer before the OBEX layer starts reading), and a failure is
 * delivered only after every chunk that preceded it.
 *
 * Backpressure: when more than `highWaterBytes` are buffered the queue calls `pause()`
 * and calls `resume()` once the consumer has drained it below half of that.
 *
 * A waiting reader is woken through {@link wakeInTurn}: with many links busy at once, their
 * readers share the event loop's turns instead of filling one.
 */
import { wakeInTurn } from './turn-slicer.js';

export class ChunkQueue {
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private waiter: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;
  private iterated = false;
  private paused = false;

  constructor(
    private readonly flow: {
      readonly highWaterBytes?: number;
      pause?(): void;
      resume?(): void;
    } = {},
  ) {}

  /** Appends a chunk; ignored after `end()` or `fail()`. Empty chunks are dropped. */
  push(chunk: Uint8Array): void {
    if (this.ended || this.failure !== undefined || chunk.length === 0) return;
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    const high = this.flow.highWaterBytes ?? Infinity;
    if (!this.paused && this.bufferedBytes > high && this.flow.pause !== undefined) {
      this.paused = true;
      this.flow.pause();
    }
    this.wake();
  }

  /** Normal end (local close): iteration finishes after the buffered chunks. First call wins. */
  end(): void {
    if (this.ended || this.failure !== undefined) return;
    this.ended = true;
    this.wake();
  }

  /** Abnormal end: iteration throws `error` after the buffered chunks. First call wins. */
  fail(error: Error): void {
    if (this.ended || this.failure !== undefined) return;
    this.failure = error;
    this.wake();
  }

  /** True once `end()` or `fail()` was called. */
  get finished(): boolean {
    return this.ended || this.failure !== undefined;
  }

  /** Iterates the chunks once; a second call throws `TypeError`. */
  async *iterate(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.iterated) throw new TypeError('chunks() may be iterated only once');
    this.iterated = true;
    for (;;) {
      const next = this.buffered.shift();
      if (next !== undefined) {
        this.bufferedBytes -= next.length;
        this.maybeResume();
        yield next;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  private maybeResume(): void {
    const high = this.flow.highWaterBytes ?? Infinity;
    if (this.paused && this.bufferedBytes <= high / 2) {
      this.paused = false;
      this.flow.resume?.();
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w !== undefined) wakeInTurn(w);
  }
}
