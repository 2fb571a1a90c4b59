import type { Link } from '../../protocol/link/link.js';
import { LinkDisconnectedError } from '../../protocol/link/link.js';

/** Faults a reference handset injects into one link, for tests and demos. */
export interface LinkFaults {
  /** Delay added to every chunk in each direction (ms), order kept. */
  readonly latencyMs?: number | undefined;
  /**
   * Pull the plug once this many bytes crossed the link (both directions together): the
   * inner link is closed, so the peer sees a real disconnect, and our side's reader ends
   * with `LinkDisconnectedError`.
   */
  readonly dropAfterBytes?: number | undefined;
  /** Probability (0..1) that a byte we send has one bit flipped. */
  readonly corruptRate?: number | undefined;
  /** Seed of the corruption's PRNG, so a failing run can be replayed. */
  readonly seed?: number | undefined;
  /** Told once when a fault fires (`drop`) — for the handset's log. */
  readonly onFault?: ((what: string) => void) | undefined;
}

/** True when `faults` asks for anything at all. */
export function hasFaults(faults: LinkFaults): boolean {
  return (
    (faults.latencyMs ?? 0) > 0 ||
    faults.dropAfterBytes !== undefined ||
    (faults.corruptRate ?? 0) > 0
  );
}

/** mulberry32: small, fast, good enough to decide which bytes to damage. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Wraps a `Link` with injected faults (`cimo-handset --latency`, `--drop-link-after-bytes`,
 * `--corrupt-rate`). Faults act on what really crosses the wire: a drop closes the real
 * socket or pty, corruption changes the real bytes sent, latency holds real chunks back.
 * Corruption applies to what this side sends only, so the peer's decoders are the ones
 * exercised.
 */
export class FaultLink implements Link {
  readonly description: string;
  private moved = 0;
  private dropped = false;
  private readonly random: () => number;
  private writeChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Link,
    private readonly faults: LinkFaults,
  ) {
    const rate = faults.corruptRate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new TypeError('corruptRate must be within 0..1');
    if (faults.dropAfterBytes !== undefined && !(faults.dropAfterBytes >= 0)) {
      throw new TypeError('dropAfterBytes must be a non-negative number');
    }
    if (!((faults.latencyMs ?? 0) >= 0)) throw new TypeError('latencyMs must be ≥ 0');
    this.random = prng(faults.seed ?? 1);
    this.description = inner.description;
  }

  get isOpen(): boolean {
    return !this.dropped && this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  write(data: Uint8Array): Promise<void> {
    if (this.dropped) return Promise.reject(new LinkDisconnectedError(this.description, 'dropped'));
    const run = this.writeChain.then(async () => {
      const latency = this.faults.latencyMs ?? 0;
      if (latency > 0) await sleep(latency);
      let out = this.corrupt(data);
      const room = this.room();
      if (room < out.length) out = out.subarray(0, room);
      if (out.length > 0) await this.inner.write(out);
      this.moved += out.length;
      if (out.length < data.length || this.room() === 0) {
        await this.drop();
        throw new LinkDisconnectedError(this.description, 'dropped (fault injection)');
      }
    });
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    const latency = this.faults.latencyMs ?? 0;
    for await (const chunk of this.inner.chunks()) {
      if (latency > 0) await sleep(latency);
      const room = this.room();
      const part = room < chunk.length ? chunk.subarray(0, room) : chunk;
      this.moved += part.length;
      if (part.length > 0) yield part;
      if (this.room() === 0) {
        await this.drop();
        throw new LinkDisconnectedError(this.description, 'dropped (fault injection)');
      }
    }
    if (this.dropped)
      throw new LinkDisconnectedError(this.description, 'dropped (fault injection)');
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  private room(): number {
    const limit = this.faults.dropAfterBytes;
    return limit === undefined ? Infinity : Math.max(0, limit - this.moved);
  }

  private corrupt(data: Uint8Array): Uint8Array {
    const rate = this.faults.corruptRate ?? 0;
    if (rate <= 0) return data;
    let copy: Uint8Array | undefined;
    for (let i = 0; i < data.length; i++) {
      if (this.random() < rate) {
        copy ??= data.slice();
        copy[i] = (copy[i] ?? 0) ^ (1 << Math.floor(this.random() * 8));
      }
    }
    return copy ?? data;
  }

  private async drop(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    this.faults.onFault?.(`dropped the link after ${this.moved} bytes`);
    await this.inner.close().catch(() => undefined);
  }
}
