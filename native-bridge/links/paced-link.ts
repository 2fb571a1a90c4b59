import type { Clock } from '../../protocol/clock.js';
import { concatBytes } from '../../protocol/bytes/concat.js';
import { systemClock } from '../../protocol/clock.js';
import type { Link } from '../../protocol/link/link.js';
import { LinkClosedError } from '../../protocol/link/link.js';

/** Bits on the wire per byte on an 8N1 serial line: start + 8 data + stop. */
export const BITS_PER_BYTE = 10;

/**
 * One direction of a paced line: a UART model. A byte finishes `1/rate` seconds after
 * the previous one. An idle line stores no credit (it never bursts above the rate), but
 * a gap shorter than `slackMs` — timer lateness, the caller's own processing — counts as
 * continuous transmission, so timer jitter does not accumulate and over any long interval
 * throughput equals the rate.
 */
class LineSchedule {
  private nextFree = -Infinity;
  constructor(
    readonly bytesPerSecond: number,
    private readonly clock: Clock,
    private readonly slackMs = 25,
  ) {}
  /** Reserves the line for `n` bytes; returns when their first byte starts (ms timestamp). */
  reserve(n: number): number {
    const now = this.clock.now();
    const start = now - this.nextFree > this.slackMs ? now : this.nextFree;
    this.nextFree = start + (n * 1000) / this.bytesPerSecond;
    return start;
  }
  /** When byte `offset` (exclusive end) of a block starting at `start` has been sent. */
  doneAt(start: number, offset: number): number {
    return start + (offset * 1000) / this.bytesPerSecond;
  }
}

/** Options of `PacedLink`. */
export interface PacedLinkOptions {
  /** Line speed in baud; throughput is `baud / 10` bytes per second in each direction. */
  readonly baud: number;
  /** Injected time; default the host clock. */
  readonly clock?: Clock;
}

/**
 * Wraps any `Link` so that both directions run no faster than a serial line of `baud`
 * (e.g. 115200 baud → 11520 B/s), as a bench's `--pace-baud` needs to reproduce real
 * cable timing over a pty or TCP. Data is released in slices of about 10 ms of line time
 * at the moment the slice would have finished transmitting, so a small packet waits only
 * its own transmit time. Everything else (errors, close, disconnect) is the inner link's.
 */
export class PacedLink implements Link {
  readonly description: string;
  private readonly out: LineSchedule;
  private readonly in: LineSchedule;
  private readonly clock: Clock;
  private readonly slice: number;
  private writeChain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly sleepers = new Set<{ handle: unknown; wake(): void }>();

  constructor(
    private readonly inner: Link,
    options: PacedLinkOptions,
  ) {
    if (!(Number.isFinite(options.baud) && options.baud > 0)) {
      throw new TypeError('PacedLinkOptions.baud must be a positive number');
    }
    const rate = options.baud / BITS_PER_BYTE;
    this.clock = options.clock ?? systemClock;
    this.out = new LineSchedule(rate, this.clock);
    this.in = new LineSchedule(rate, this.clock);
    this.slice = Math.max(1, Math.round(rate / 100));
    this.description = `${inner.description} @${options.baud} baud`;
  }

  get isOpen(): boolean {
    return !this.closed && this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  /** Resolves once the last slice was handed to the inner link at its paced time. */
  write(data: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new LinkClosedError(this.description));
    const run = this.writeChain.then(async () => {
      const start = this.out.reserve(data.length);
      for (let i = 0; i < data.length; i += this.slice) {
        const end = Math.min(data.length, i + this.slice);
        const part = data.subarray(i, end);
        await this.sleepUntil(this.out.doneAt(start, end));
        if (this.closed) throw new LinkClosedError(this.description);
        await this.inner.write(part);
      }
    });
    // Later writes queue behind this one whether it succeeds or not.
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Gather write, paced as one write: the parts are joined (at line rate a copy costs
   * nothing next to the wait) and sliced as usual.
   */
  writev(parts: readonly Uint8Array[]): Promise<void> {
    return this.write(concatBytes(...parts));
  }

  /**
   * The inner link's chunks at line rate. When the inner link stops being open while a
   * backlog waits for its line time, what it still holds is taken at once: a disconnect
   * is thrown now and the undelivered bytes are dropped (a pulled cable carries nothing
   * more — the bytes were still "in the sender's UART"), so the one-second disconnect
   * promise holds however much a fast sender queued; after an orderly close the rest is
   * delivered at line rate as usual.
   */
  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    const it = this.inner.chunks()[Symbol.asyncIterator]();
    const held: Uint8Array[] = [];
    let ended = false;
    const settle = async (): Promise<void> => {
      if (ended || this.inner.isOpen) return;
      for (;;) {
        const r = await it.next(); // throws the inner link's disconnect, if that is how it ended
        if (r.done === true) break;
        held.push(r.value);
      }
      ended = true;
    };
    for (;;) {
      let chunk = held.shift();
      if (chunk === undefined) {
        if (ended) return;
        const r = await it.next();
        if (r.done === true) return;
        chunk = r.value;
      }
      const start = this.in.reserve(chunk.length);
      for (let i = 0; i < chunk.length; i += this.slice) {
        const end = Math.min(chunk.length, i + this.slice);
        const part = chunk.subarray(i, end);
        await this.sleepUntil(this.in.doneAt(start, end));
        if (this.closed) return;
        await settle();
        yield part;
      }
    }
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const s of [...this.sleepers]) {
        this.clock.clearTimeout(s.handle);
        s.wake();
      }
    }
    await this.inner.close();
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = at - this.clock.now();
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        handle: undefined as unknown,
        wake: () => {
          this.sleepers.delete(entry);
          resolve();
        },
      };
      this.sleepers.add(entry);
      entry.handle = this.clock.setTimeout(entry.wake, ms);
    });
  }
}
