/**
 * The state machine behind {@link readPacketParts}: it splits the chunks it is fed into
 * packets (views of the chunks), synchronously, and a small async iterator drives it — a
 * packet that is already in hand is handed out without resuming a generator, so a chunk
 * holding the end of one packet and most of the next costs the reader no extra step.
 */
import { DecodeError } from '../bytes/decode-error.js';
import type { ReadPacketsOptions } from './framer.js';

/**
 * The length a packet's header declares (bytes 1–2, big-endian), checked before anything
 * is buffered: a `DecodeError` (offset of the length field) below 3 or above `max`.
 */
function checkedPacketLength(b1: number, b2: number, offset: number, max: number): number {
  const len = (b1 << 8) | b2;
  if (len < 3)
    throw new DecodeError(offset + 1, 'bad-length', `declared packet length ${len} < 3`, 'obex');
  if (len > max) {
    throw new DecodeError(
      offset + 1,
      'too-large',
      `declared packet length ${len} exceeds maximum ${max}`,
      'obex',
    );
  }
  return len;
}

/**
 * Splits fed chunks into packets: `feed` one chunk, then `next` until it returns undefined
 * (the chunk is used up, the packet it ends in waits for more), then feed the next. Throws
 * the DecodeErrors of {@link readPacketParts} from `next` and `end`.
 */
export class PacketSplitter {
  private readonly head = new Uint8Array(3);
  private headLen = 0;
  private parts: Uint8Array[] = [];
  /** Bytes of the current packet still to come, once its length is known. */
  private need = 0;
  private filled = 0;
  /** Stream offset of the packet being read. */
  private offset = 0;
  private chunk: Uint8Array | undefined;
  private pos = 0;

  constructor(private readonly options: ReadPacketsOptions) {}

  /** Takes the next chunk; the previous one must be used up (`next` returned undefined). */
  feed(chunk: Uint8Array): void {
    this.chunk = chunk;
    this.pos = 0;
  }

  /** The next whole packet, as views of the chunks it came in; undefined when none is. */
  next(): Uint8Array[] | undefined {
    const chunk = this.chunk;
    if (chunk === undefined) return undefined;
    while (this.pos < chunk.length) {
      const pos = this.pos;
      const remaining = chunk.length - pos;
      if (this.need === 0 && this.headLen === 0 && remaining >= 3) {
        const len = this.check(chunk[pos + 1] as number, chunk[pos + 2] as number);
        if (remaining >= len) {
          this.pos = pos + len;
          this.offset += len;
          return [chunk.subarray(pos, pos + len)];
        }
        this.parts = [chunk.subarray(pos)];
        this.filled = remaining;
        this.need = len - remaining;
        this.pos = chunk.length;
        continue;
      }
      if (this.need === 0) {
        // The three bytes that give the length are split across chunks.
        const take = Math.min(3 - this.headLen, remaining);
        this.head.set(chunk.subarray(pos, pos + take), this.headLen);
        this.parts.push(chunk.subarray(pos, pos + take));
        this.headLen += take;
        this.filled += take;
        this.pos = pos + take;
        if (this.headLen < 3) continue;
        this.headLen = 0;
        this.need = this.check(this.head[1] as number, this.head[2] as number) - 3;
      } else {
        const take = Math.min(this.need, remaining);
        this.parts.push(chunk.subarray(pos, pos + take));
        this.need -= take;
        this.filled += take;
        this.pos = pos + take;
      }
      if (this.need === 0) {
        const done = this.parts;
        this.parts = [];
        this.offset += this.filled;
        this.filled = 0;
        return done;
      }
    }
    this.chunk = undefined;
    return undefined;
  }

  /** The input ended: throws DecodeError `truncated` if it ended inside a packet. */
  end(): void {
    if (this.filled > 0) {
      throw new DecodeError(
        this.offset + this.filled,
        'truncated',
        `input ended ${this.filled} bytes into a packet`,
        'obex',
      );
    }
  }

  private check(b1: number, b2: number): number {
    return checkedPacketLength(b1, b2, this.offset, this.options.maxPacketLength());
  }
}

/**
 * The packets of a chunk stream, one `next` at a time (callers await each before the next
 * call, as `for await` does). After the end or a failure every `next` is done; `return`
 * stops the chunk stream.
 */
export class PacketStream implements AsyncIterableIterator<Uint8Array[]> {
  private readonly source: AsyncIterator<Uint8Array>;
  private readonly splitter: PacketSplitter;
  private finished = false;

  constructor(chunks: AsyncIterable<Uint8Array>, options: ReadPacketsOptions) {
    this.source = chunks[Symbol.asyncIterator]();
    this.splitter = new PacketSplitter(options);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array[], undefined>> {
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    try {
      const packet = this.splitter.next();
      if (packet !== undefined) return Promise.resolve({ done: false, value: packet });
    } catch (e) {
      this.fail();
      return Promise.reject(e);
    }
    return this.pull();
  }

  async return(): Promise<IteratorResult<Uint8Array[], undefined>> {
    if (!this.finished) {
      this.finished = true;
      await this.source.return?.();
    }
    return { done: true, value: undefined };
  }

  /** Reads chunks until one completes a packet, or the input ends. */
  private async pull(): Promise<IteratorResult<Uint8Array[], undefined>> {
    try {
      for (;;) {
        const r = await this.source.next();
        if (this.finished) return { done: true, value: undefined };
        if (r.done === true) {
          this.finished = true;
          this.splitter.end();
          return { done: true, value: undefined };
        }
        this.splitter.feed(r.value);
        const packet = this.splitter.next();
        if (packet !== undefined) return { done: false, value: packet };
      }
    } catch (e) {
      this.fail();
      throw e;
    }
  }

  /** A framing or link failure: done, and the chunk stream is stopped (as `for await` does). */
  private fail(): void {
    if (this.finished) return;
    this.finished = true;
    void this.source.return?.()?.catch(() => undefined);
  }
}
