import { concatBytes } from '../bytes/concat.js';
import { LinkClosedError, LinkDisconnectedError } from './link.js';
import type { Link } from './link.js';

/** Options for {@link createLinkPair}. */
export interface LinkPairOptions {
  /**
   * Split every write into pieces of at most this many bytes on delivery (1 proves that a
   * reader copes with any split). Default: deliver each write as one chunk.
   */
  readonly chunkSize?: number | undefined;
  /** Descriptions of the two ends; default `memory a` / `memory b`. */
  readonly names?: readonly [string, string] | undefined;
}

/**
 * One end of an in-process link pair. Behaves as the `Link` contract says: bytes written at
 * one end are delivered to the other end asynchronously (on a later microtask, in write
 * order), the data is copied on write (the caller may reuse its buffer), `close()` ends the
 * local `chunks()` normally and makes the peer's `chunks()` throw `LinkDisconnectedError`
 * once it has drained what was already sent.
 */
export class MemoryLink implements Link {
  private peer: MemoryLink | undefined;
  private readonly inbox: Uint8Array[] = [];
  private inboxHead = 0;
  private wake: (() => void) | undefined;
  private opened = false;
  private closed = false;
  private peerGone = false;
  private iterated = false;

  /** @internal use {@link createLinkPair}. */
  constructor(
    readonly description: string,
    private readonly chunkSize: number | undefined,
  ) {}

  /** @internal */
  connect(peer: MemoryLink): void {
    this.peer = peer;
  }

  get isOpen(): boolean {
    return this.opened && !this.closed && !this.peerGone;
  }

  open(): Promise<void> {
    if (this.closed) return Promise.reject(new LinkClosedError(this.description));
    if (this.peerGone) return Promise.reject(new LinkDisconnectedError(this.description));
    this.opened = true;
    return Promise.resolve();
  }

  write(data: Uint8Array): Promise<void> {
    return this.send(() => data.slice());
  }

  /** Gather write: the parts are joined into the one copy a write makes anyway. */
  writev(parts: readonly Uint8Array[]): Promise<void> {
    return this.send(() => concatBytes(...parts));
  }

  private send(copy: () => Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new LinkClosedError(this.description));
    if (this.peerGone) return Promise.reject(new LinkDisconnectedError(this.description));
    if (!this.opened) return Promise.reject(new Error(`${this.description}: write before open()`));
    const data = copy();
    const peer = this.peer;
    return Promise.resolve().then(() => peer?.deliver(data));
  }

  chunks(): AsyncIterable<Uint8Array> {
    if (this.iterated) throw new Error(`${this.description}: chunks() may be iterated once`);
    this.iterated = true;
    return this.read();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.signal();
    const peer = this.peer;
    // Scheduled after the deliveries of earlier writes, so the peer drains them first.
    return Promise.resolve().then(() => peer?.lose());
  }

  /**
   * Test helper: the cable is pulled. Both ends' `chunks()` throw `LinkDisconnectedError`
   * and their writes reject with it; data in flight is lost.
   */
  simulateDisconnect(): void {
    this.lose(true);
    this.peer?.lose(true);
  }

  private deliver(data: Uint8Array): void {
    if (this.closed || this.peerGone) return;
    const size = this.chunkSize;
    if (size === undefined || data.length <= size) {
      this.inbox.push(data);
    } else {
      for (let o = 0; o < data.length; o += size) this.inbox.push(data.subarray(o, o + size));
    }
    this.signal();
  }

  private lose(dropPending = false): void {
    this.peerGone = true;
    if (dropPending) {
      this.inbox.length = 0;
      this.inboxHead = 0;
    }
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async *read(): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      if (this.closed) return;
      if (this.inboxHead < this.inbox.length) {
        const chunk = this.inbox[this.inboxHead] as Uint8Array;
        this.inboxHead++;
        if (this.inboxHead > 1024 && this.inboxHead * 2 > this.inbox.length) {
          this.inbox.splice(0, this.inboxHead);
          this.inboxHead = 0;
        }
        yield chunk;
        continue;
      }
      if (this.peerGone) throw new LinkDisconnectedError(this.description);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}

/**
 * Two connected in-process links (pure; no Node). Whatever one end writes, the other end's
 * `chunks()` yields. Both ends must be `open()`ed before writing, as real links.
 */
export function createLinkPair(options: LinkPairOptions = {}): [MemoryLink, MemoryLink] {
  const [na, nb] = options.names ?? ['memory a', 'memory b'];
  if (
    options.chunkSize !== undefined &&
    !(Number.isInteger(options.chunkSize) && options.chunkSize >= 1)
  ) {
    throw new TypeError(`chunkSize: ${options.chunkSize} is not a positive integer`);
  }
  const a = new MemoryLink(na, options.chunkSize);
  const b = new MemoryLink(nb, options.chunkSize);
  a.connect(b);
  b.connect(a);
  return [a, b];
}
