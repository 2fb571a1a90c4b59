import type { Clock } from '../clock.js';
import { LinkClosedError } from '../link/link.js';
import type { Link } from '../link/link.js';
import { ObexTimeoutError } from './errors.js';
import { readPackets } from './framer.js';
import { decodePacket, encodePacket } from './packet.js';
import type { ObexPacket } from './packet.js';

interface Waiter {
  resolve(raw: Uint8Array): void;
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
    this.startPump();
    let timer: unknown;
    let written: Promise<void> = Promise.resolve();
    const raw = await new Promise<Uint8Array>((resolve, reject) => {
      this.waiter = { resolve, reject };
      timer = this.clock.setTimeout(
        () => this.fail(new ObexTimeoutError(operation, this.timeoutMs)),
        this.timeoutMs,
      );
      written = this.link.write(bytes).catch((e: unknown) => this.fail(asError(e)));
    }).finally(() => this.clock.clearTimeout(timer));
    // The answer can be processed before our write's completion is: once this resolves the
    // link is done with `bytes`, so the caller may reuse that buffer for its next packet.
    await written;
    return decodePacket(raw, { isResponse: true, forConnect });
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
        const packets = readPackets(this.link.chunks(), { maxPacketLength: () => this.receiveMax });
        for await (const raw of packets) {
          const w = this.waiter;
          this.waiter = undefined;
          // A packet nobody asked for cannot be paired with a request: ignore it.
          w?.resolve(raw);
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
