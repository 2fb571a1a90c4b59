/**
 * Packets as they arrive, without copying them whole: a stream of maximum-size packets
 * (a Single Response Mode transfer) straddles nearly every chunk a link delivers, and
 * gluing each packet into fresh memory costs more than the rest of the receive path.
 * {@link readPacketParts} yields each packet as the views of the chunks it came in;
 * {@link decodePacketParts} decodes them, handing out a Body or End-of-Body value that
 * crosses chunks as one header per chunk (consumers take every body header in order), and
 * copying only when something else crosses a chunk boundary.
 */
import { DecodeError } from '../bytes/decode-error.js';
import { ObexHeaderId, ObexOpcode } from './codes.js';
import { headerEncoding } from './codes.js';
import type { ReadPacketsOptions } from './framer.js';
import type { ObexHeader } from './headers.js';
import { decodePacket } from './packet.js';
import type { ObexPacket, PacketDecodeOptions } from './packet.js';

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
 * Splits a byte stream into packets as {@link readPackets} does (same checks, same
 * DecodeErrors), but yields each packet as views of the input chunks it spans, in order
 * (one view when it came in one chunk). Nothing is copied; do not mutate.
 */
export async function* readPacketParts(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadPacketsOptions,
): AsyncGenerator<Uint8Array[], void, undefined> {
  const head = new Uint8Array(3);
  let headLen = 0;
  let parts: Uint8Array[] = [];
  let need = 0; // bytes of the current packet still to come, once its length is known
  let filled = 0;
  let offset = 0; // stream offset of the packet being read

  const check = (b1: number, b2: number): number =>
    checkedPacketLength(b1, b2, offset, options.maxPacketLength());

  for await (const chunk of chunks) {
    let pos = 0;
    while (pos < chunk.length) {
      const remaining = chunk.length - pos;
      if (need === 0 && headLen === 0 && remaining >= 3) {
        const len = check(chunk[pos + 1] as number, chunk[pos + 2] as number);
        if (remaining >= len) {
          yield [chunk.subarray(pos, pos + len)];
          pos += len;
          offset += len;
          continue;
        }
        parts = [chunk.subarray(pos)];
        filled = remaining;
        need = len - remaining;
        pos = chunk.length;
        continue;
      }
      if (need === 0) {
        // The three bytes that give the length are split across chunks.
        const take = Math.min(3 - headLen, remaining);
        head.set(chunk.subarray(pos, pos + take), headLen);
        parts.push(chunk.subarray(pos, pos + take));
        headLen += take;
        filled += take;
        pos += take;
        if (headLen < 3) continue;
        headLen = 0;
        need = check(head[1] as number, head[2] as number) - 3;
      } else {
        const take = Math.min(need, remaining);
        parts.push(chunk.subarray(pos, pos + take));
        need -= take;
        filled += take;
        pos += take;
      }
      if (need === 0) {
        const done = parts;
        parts = [];
        offset += filled;
        filled = 0;
        yield done;
      }
    }
  }
  if (filled > 0) {
    throw new DecodeError(
      offset + filled,
      'truncated',
      `input ended ${filled} bytes into a packet`,
      'obex',
    );
  }
}

/**
 * Decodes one packet given as parts (see {@link readPacketParts}); the result is that of
 * `decodePacket` on the joined bytes, except that a Body or End-of-Body value crossing
 * part boundaries comes as one header of that id per part (views, not copies). Throws
 * the DecodeErrors `decodePacket` throws.
 */
export function decodePacketParts(
  parts: readonly Uint8Array[],
  options: PacketDecodeOptions,
): ObexPacket {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined) return decodePacket(only, options);
  const body = fixedFieldsFree(parts, options) ? straddlingBody(parts) : undefined;
  if (body === undefined) return decodePacket(joined(parts), options);
  // Decode everything but the body value (a few bytes, copied), then put the value back as
  // views of the parts.
  const first = parts[0] as Uint8Array;
  const last = parts[parts.length - 1] as Uint8Array;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const tail = total - body.valueEnd;
  const rest = new Uint8Array(body.at + tail);
  rest.set(first.subarray(0, body.at), 0);
  rest.set(last.subarray(last.length - tail), body.at);
  rest[1] = rest.length >> 8;
  rest[2] = rest.length & 0xff;
  const packet = decodePacket(rest, options);
  const values: ObexHeader[] = [];
  let start = 0;
  for (const p of parts) {
    const from = Math.max(start, body.valueStart) - start;
    const to = Math.min(start + p.length, body.valueEnd) - start;
    if (to > from || (values.length === 0 && start + p.length >= body.valueEnd))
      values.push({ id: body.id, kind: 'bytes', value: p.subarray(from, Math.max(from, to)) });
    start += p.length;
  }
  const headers = [...packet.headers];
  headers.splice(body.index, 0, ...values);
  return { ...packet, headers };
}

/** True when headers start right after the length (no Connect or SetPath fields). */
function fixedFieldsFree(parts: readonly Uint8Array[], options: PacketDecodeOptions): boolean {
  const code = (parts[0] as Uint8Array)[0];
  if (code === undefined) return false;
  return options.isResponse
    ? options.forConnect !== true
    : code !== ObexOpcode.Connect && code !== ObexOpcode.SetPath;
}

/**
 * The Body or End-of-Body header whose value holds every part boundary (where it starts,
 * its value's range, its index among the headers), or undefined when a boundary falls
 * anywhere else or the headers do not parse (then the slow path reports the error).
 */
function straddlingBody(
  parts: readonly Uint8Array[],
): { at: number; valueStart: number; valueEnd: number; id: number; index: number } | undefined {
  const bounds: number[] = [];
  let total = 0;
  for (const p of parts) bounds.push((total += p.length));
  bounds.pop();
  const byteAt = (i: number): number => {
    let k = 0;
    let base = 0;
    while (k < parts.length && i >= base + (parts[k] as Uint8Array).length)
      base += (parts[k++] as Uint8Array).length;
    return (parts[k] as Uint8Array)[i - base] ?? -1;
  };
  let o = 3;
  for (let index = 0; o < total; index++) {
    const id = byteAt(o);
    const kind = headerEncoding(id);
    if (kind === 'byte' || kind === 'u32') {
      o += kind === 'byte' ? 2 : 5;
      continue;
    }
    if (o + 3 > total) return undefined;
    const len = (byteAt(o + 1) << 8) | byteAt(o + 2);
    if (len < 3 || o + len > total) return undefined;
    const valueStart = o + 3;
    const valueEnd = o + len;
    const isBody = id === ObexHeaderId.Body || id === ObexHeaderId.EndOfBody;
    if (isBody && bounds.every((b) => b >= valueStart && b <= valueEnd))
      return { at: o, valueStart, valueEnd, id, index };
    o = valueEnd;
  }
  return undefined;
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
