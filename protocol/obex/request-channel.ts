import type { Clock } from '../clock.js';
import { LinkClosedError, writeParts } from '../link/link.js';
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
 * Timing: one timer at a time, not one per packet. Each request (or unanswered write) sets
 * the deadline afresh; the timer, when it fires early, is set again for what is left. While
 * a Single Response Mode transfer streams, the timer stays between packets (they follow
 * each other far faster than it could fire); otherwise, and once the transfer ends, it is
 * cleared when the answer comes, so an idle channel holds no timer.
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
  /** Rejects the unanswered write in progress ({@link send}) on a failure. */
  private sendFail: ((e: unknown) => void) | undefined;
  /** When the operation in progress times out (clock ms); undefined when none is. */
  private due: number | undefined;
  private dueOperation = '';
  /** The one timer's handle while it is set. */
  private timer: unknown;

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
    return this.exchangeParts([encodePacket(packet)], operation, forConnect);
  }

  /**
   * As {@link exchange}, for a packet already encoded, as parts written back to back (a
   * body packet's header bytes and its body pieces: a gather write, no copy). Resolves
   * only after the link's write of the parts completed too, so they may be reused.
   */
  async exchangeParts(
    parts: readonly Uint8Array[],
    operation: string,
    forConnect = false,
  ): Promise<ObexPacket> {
    if (this.failed) throw this.failed;
    let written: Promise<void> = Promise.resolve();
    const raw = await this.next(operation, () => {
      written = writeParts(this.link, parts).catch((e: unknown) => this.fail(asError(e)));
    });
    // The answer can be processed before our write's completion is: once this resolves the
    // link is done with the parts, so the caller may reuse their buffers.
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
    if (!on) {
      this.take(this.inbox.length);
      if (this.due === undefined) this.clearTimer();
    }
  }

  /** True when a packet is kept for {@link receive} (the peer spoke unasked). */
  get hasPacket(): boolean {
    return this.inbox.length > 0;
  }

  /**
   * A packet kept for {@link receive}, decoded, without waiting; undefined when none is
   * (then `receive` waits for the next). Throws the sticky failure, or a DecodeError.
   */
  takeKept(): ObexPacket | undefined {
    if (this.failed) throw this.failed;
    const kept = this.inbox.length > 0 ? this.take(1)[0] : undefined;
    return kept === undefined ? undefined : decodePacketParts(kept, { isResponse: true });
  }

  /** The next packet from the peer without sending anything (SRM), under the timeout. */
  async receive(operation: string): Promise<ObexPacket> {
    if (this.failed) throw this.failed;
    const kept = this.take(1)[0];
    const raw = kept ?? (await this.next(operation, () => undefined));
    return decodePacketParts(raw, { isResponse: true });
  }

  /**
   * Writes a packet (as parts, back to back) that gets no answer (SRM); resolves once the
   * link took it, so the parts may be reused. A write the link does not complete within
   * the timeout (a peer that stopped reading) fails the channel.
   */
  async send(parts: readonly Uint8Array[], operation: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.startPump();
    this.arm(operation);
    try {
      await new Promise<void>((resolve, reject) => {
        this.sendFail = reject;
        writeParts(this.link, parts).then(resolve, (e: unknown) => {
          this.fail(asError(e));
          reject(this.failed);
        });
      });
    } finally {
      this.sendFail = undefined;
      this.disarm();
    }
  }

  /** Waits for the next packet under the timeout; `start` runs once the waiter is set. */
  private async next(operation: string, start: () => void): Promise<Uint8Array[]> {
    this.startPump();
    this.arm(operation);
    try {
      return await new Promise<Uint8Array[]>((resolve, reject) => {
        this.waiter = { resolve, reject };
        start();
      });
    } finally {
      this.disarm();
    }
  }

  /** Starts the timeout of `operation`: the deadline moves, the timer is set if it is not. */
  private arm(operation: string): void {
    this.due = this.clock.now() + this.timeoutMs;
    this.dueOperation = operation;
    if (this.timer === undefined) this.setTimer(this.timeoutMs);
  }

  /** The operation is over: no deadline; the timer stays only while a transfer streams. */
  private disarm(): void {
    this.due = undefined;
    if (!this.streaming) this.clearTimer();
  }

  private setTimer(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      const due = this.due;
      if (due === undefined) return;
      const left = due - this.clock.now();
      if (left > 0) this.setTimer(left);
      else this.fail(new ObexTimeoutError(this.dueOperation, this.timeoutMs));
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
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
    this.due = undefined;
    this.clearTimer();
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failed);
    const s = this.sendFail;
    this.sendFail = undefined;
    s?.(this.failed);
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
