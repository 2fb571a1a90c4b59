import { concatBytes } from '../bytes/concat.js';
import { readPacketParts } from './packet-parts.js';

/** Options for {@link readPackets}. */
export interface ReadPacketsOptions {
  /**
   * The largest packet we accept, asked afresh for every packet (the limit we announced in
   * Connect; a function because it can change once Connect is done).
   */
  readonly maxPacketLength: () => number;
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
  // One state machine for both framers: this one joins the views readPacketParts yields.
  for await (const parts of readPacketParts(chunks, options)) {
    yield parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(...parts);
  }
}
