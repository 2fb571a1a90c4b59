import { DecodeError } from '../bytes/decode-error.js';

/** Options for {@link readPackets}. */
export interface ReadPacketsOptions {
  /**
   * The largest packet we accept, asked afresh for every packet (the limit we announced in
   * Connect; a function because it can change once Connect is done).
   */
  readonly maxPacketLength: () => number;
}

/**
 * The length a packet's header declares (bytes 1–2, big-endian), checked before anything
 * is buffered: a `DecodeError` (offset of the length field) below 3 or above `max`.
 */
export function checkedPacketLength(b1: number, b2: number, offset: number, max: number): number {
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
 * Splits a byte stream into whole OBEX packets (opcode/response byte, 16-bit big-endian
 * length including those three bytes, payload), whatever the split of the input chunks.
 *
 * Shaped after protobuf-es `sizeDelimitedDecodeStream`: the declared length is checked as
 * soon as its three bytes are in, **before** any of the packet is buffered — a length
 * above `maxPacketLength()` throws DecodeError `too-large`, a length below 3 throws
 * `bad-length`; when the input ends inside a packet it throws `truncated`. All errors have
 * format `obex` and the stream offset of the bad packet.
 *
 * Memory: a packet that arrives in one chunk is yielded as a view of that chunk (no
 * copy); a split packet is assembled into one array of exactly its length (one copy, no
 * growing buffers). Yielded arrays may share memory with input chunks: do not mutate.
 */
export async function* readPackets(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadPacketsOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const head = new Uint8Array(3);
  let headLen = 0;
  let packet: Uint8Array | undefined;
  let filled = 0;
  let offset = 0; // stream offset of the packet being read

  const check = (b1: number, b2: number): number =>
    checkedPacketLength(b1, b2, offset, options.maxPacketLength());

  for await (const chunk of chunks) {
    let pos = 0;
    while (pos < chunk.length) {
      const remaining = chunk.length - pos;
      if (packet === undefined && headLen === 0) {
        if (remaining < 3) {
          head.set(chunk.subarray(pos), 0);
          headLen = remaining;
          pos = chunk.length;
          continue;
        }
        const len = check(chunk[pos + 1] as number, chunk[pos + 2] as number);
        if (remaining >= len) {
          yield chunk.subarray(pos, pos + len);
          pos += len;
          offset += len;
          continue;
        }
        packet = new Uint8Array(len);
        packet.set(chunk.subarray(pos), 0);
        filled = remaining;
        pos = chunk.length;
        continue;
      }
      if (packet === undefined) {
        const take = Math.min(3 - headLen, remaining);
        head.set(chunk.subarray(pos, pos + take), headLen);
        headLen += take;
        pos += take;
        if (headLen < 3) continue;
        packet = new Uint8Array(check(head[1] as number, head[2] as number));
        packet.set(head, 0);
        filled = 3;
        headLen = 0;
      } else {
        const take = Math.min(packet.length - filled, remaining);
        packet.set(chunk.subarray(pos, pos + take), filled);
        filled += take;
        pos += take;
      }
      if (filled === packet.length) {
        const done = packet;
        packet = undefined;
        offset += done.length;
        yield done;
      }
    }
  }
  const left = packet !== undefined ? filled : headLen;
  if (left > 0) {
    throw new DecodeError(
      offset + left,
      'truncated',
      `input ended ${left} bytes into a packet`,
      'obex',
    );
  }
}
