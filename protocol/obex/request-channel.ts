import type { Clock } from '../clock.js';
import { LinkClosedError } from '../link/link.js';
import type { Link } from '../link/link.js';
import { ObexTimeoutError } from './errors.js';
import { decodePacketParts, readPacketParts } from './packet-parts.js';
import { encodePacket } from './packet.js';
import type { ObexPacket } from './packet.js';

/** Packets kept ahead of the reader in Single Response Mode before the link is left unread. */
const INBOX_PACKETS = 2;

interface Waiter {
  resolve(raw: Uint8Array[]): void;
  reject(e: unknown): void;
}

/**
 * The client's request/response pairing over a `Link`: sends one request packet, waits for
 * the next packet from the peer as its response, under a per-request timeout on the
 * injected clock. Callers keep at most one request outstanding.
 *
 * The first failure — timeout, `LinkDisconnectedError`, `LinkClosedError` (the link's
 * iteration ended), a framing DecodeError, a rejected write — is sticky: the waiting request
 * rejects with it, so does every later one, and `failure` holds it. After a timeout a late
 * answer could otherwise be taken for the answer to the next request.
 */
export class RequestChannel {
  private waiter: Waiter | undefined;
  private pumping = false;
  private failed: Error | undefined;
  /** Packets that arrived with nobody waiting, kept only while streaming (SRM). */
  private readonly inbox: Uint8Array[][] = [];
  private streaming = false;
  private space: (() => void) | undefined;

  constructor(
    private readonly link: Link,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    /** The largest packet we accept (what we announced). */
    private readonly receiveMax: number,
  ) {}

  /** The sticky failure, if any. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** Sends `packet` and resolves with the decoded response (DecodeError if garbled). */
  async exchange(packet: ObexPacket, operation: string, forConnect = false): Promise<ObexPacket> {
    if (this.failed) throw this.failed;
    return this.exchangeBytes(encodePacket(packet), operation, forConnect);
  }

  /**
   * As {@link exchange}, for a packet already encoded (a body packet built in place).
   * Resolves only after the link's write of `bytes` completed too, so they may be reused.
   */
  async exchangeBytes(
    bytes: Uint8Array,
    operation: string,
    forConnect = false,
  ): Promise<ObexPacket> {
    if (this.failed) throw this.failed;
    let written: Promise<void> = Promise.resolve();
    const raw = await this.next(operation, () => {
      written = this.link.write(bytes).catch((e: unknown) => this.fail(asError(e)));
    });
    // The answer can be processed before our write's completion is: once this resolves the
    // link is done with `bytes`, so the caller may reuse that buffer for its next packet.
    await written;
    return decodePacketParts(raw, { isResponse: true, forConnect });
  }

  /**
   * Single Response Mode: while on, packets that arrive with no request waiting are kept
   * for {@link receive} (a few at most — then the link is not read, which holds the peer
   * back); while off they are dropped, as a packet nobody asked for cannot be paired with
   * a request. Turning it off drops what is kept.
   */
  setStreaming(on: boolean): void {
    this.streaming = on;
    if (!on) this.take(this.inbox.length);
  }

  /** True when a packet is kept for {@link receive} (the peer spoke unasked). */
  get hasPacket(): boolean {
    return this.inbox.length > 0;
  }

  /** The next packet from the peer without sending anything (SRM), under the timeout. */
  async receive(operation: string): Promise<ObexPacket> {
    if (this.failed) throw this.failed;
    const kept = this.take(1)[0];
    const raw = kept ?? (await this.next(operation, () => undefined));
    return decodePacketParts(raw, { isResponse: true });
  }

  /**
   * Writes a packet that gets no answer (SRM); resolves once the link took it, so `bytes`
   * may be reused. A write the link does not complete within the timeout (a peer that
   * stopped reading) fails the channel.
   */
  async send(bytes: Uint8Array, operation: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.startPump();
    let timer: unknown;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = this.clock.setTimeout(() => {
          this.fail(new ObexTimeoutError(operation, this.timeoutMs));
          reject(this.failed);
        }, this.timeoutMs);
        this.link.write(bytes).then(resolve, (e: unknown) => {
          this.fail(asError(e));
          reject(this.failed);
        });
      });
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** Waits for the next packet under the timeout; `start` runs once the waiter is set. */
  private async next(operation: string, start: () => void): Promise<Uint8Array[]> {
    this.startPump();
    let timer: unknown;
    return new Promise<Uint8Array[]>((resolve, reject) => {
      this.waiter = { resolve, reject };
      timer = this.clock.setTimeout(
        () => this.fail(new ObexTimeoutError(operation, this.timeoutMs)),
        this.timeoutMs,
      );
      start();
    }).finally(() => this.clock.clearTimeout(timer));
  }

  /** Removes up to `n` kept packets and lets the pump read on. */
  private take(n: number): Uint8Array[][] {
    const out = this.inbox.splice(0, n);
    const space = this.space;
    this.space = undefined;
    space?.();
    return out;
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failed);
  }

  private startPump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        const packets = readPacketParts(this.link.chunks(), {
          maxPacketLength: () => this.receiveMax,
        });
        for await (const raw of packets) {
          const w = this.waiter;
          this.waiter = undefined;
          if (w) w.resolve(raw);
          else if (this.streaming) {
            this.inbox.push(raw);
            if (this.inbox.length >= INBOX_PACKETS)
              await new Promise<void>((resolve) => (this.space = resolve));
          }
          // Otherwise: a packet nobody asked for cannot be paired with a request: ignore it.
        }
        this.fail(new LinkClosedError(this.link.description));
      } catch (e) {
        this.fail(asError(e));
      }
    })();
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
