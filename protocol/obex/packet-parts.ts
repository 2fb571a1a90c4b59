/**
 * Packets as they arrive, without copying them whole: a stream of maximum-size packets
 * (a Single Response Mode transfer) straddles nearly every chunk a link delivers, and
 * gluing each packet into fresh memory costs more than the rest of the receive path.
 * {@link readPacketParts} yields each packet as the views of the chunks it came in;
 * {@link decodePacketParts} decodes them, handing out a Body or End-of-Body value that
 * crosses chunks as one header per chunk (consumers take every body header in order) and
 * copying only the few bytes around it — unless the packet came in many small chunks,
 * which are joined.
 */
import { ObexHeaderId, ObexOpcode } from './codes.js';
import { headerEncoding } from './codes.js';
import type { ReadPacketsOptions } from './framer.js';
import type { ObexHeader } from './headers.js';
import { decodePacket } from './packet.js';
import type { ObexPacket, PacketDecodeOptions } from './packet.js';
import { PacketStream } from './packet-splitter.js';

/**
 * Splits a byte stream into packets as {@link readPackets} does (same checks, same
 * DecodeErrors), but yields each packet as views of the input chunks it spans, in order
 * (one view when it came in one chunk). Nothing is copied; do not mutate. Await each
 * packet before asking for the next (as `for await` does).
 */
export function readPacketParts(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadPacketsOptions,
): AsyncIterableIterator<Uint8Array[]> {
  return new PacketStream(chunks, options);
}

/**
 * A packet in more parts than this is joined instead: a body handed out as many small
 * views would cost its consumer a write per view (a file write, a queue step), far more
 * than one copy. A maximum-size packet read from a socket spans two or three chunks.
 */
const MAX_VIEW_PARTS = 4;

/**
 * Decodes one packet given as parts (see {@link readPacketParts}); the result is that of
 * `decodePacket` on the joined bytes, except that a Body or End-of-Body value crossing
 * part boundaries comes as one header of that id per part (views, not copies) when the
 * parts are few (at most {@link MAX_VIEW_PARTS}; else the packet is joined). Only the
 * bytes around that value (the packet's other headers, a few bytes) are copied, wherever
 * the part boundaries fall — also inside the packet's first bytes, where the boundaries of
 * a stream of maximum-size packets drift into for a few packets of every transfer. Throws
 * the DecodeErrors `decodePacket` throws.
 */
export function decodePacketParts(
  parts: readonly Uint8Array[],
  options: PacketDecodeOptions,
): ObexPacket {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined) return decodePacket(only, options);
  const streamed = parts.length <= MAX_VIEW_PARTS ? bodyPacket(parts, options) : undefined;
  if (streamed !== undefined) return streamed;
  const body =
    parts.length <= MAX_VIEW_PARTS && fixedFieldsFree(parts, options)
      ? largestBody(parts)
      : undefined;
  if (body === undefined) return decodePacket(joined(parts), options);
  // Decode everything but the body value (copied), then put the value back as views of
  // the parts.
  const total = parts.reduce((n, p) => n + p.length, 0);
  const tail = total - body.valueEnd;
  const rest = new Uint8Array(body.at + tail);
  copyRange(parts, 0, body.at, rest, 0);
  copyRange(parts, body.valueEnd, total, rest, body.at);
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

/**
 * The packet if it has the shape of nearly every packet of a streamed body — no fixed
 * fields, at most a Connection ID, then one Body or End-of-Body header that runs to the
 * end of the packet, all in the first part up to the body value — read straight from the
 * parts: what the general path below returns for it, without copying the header bytes
 * into a fresh packet to decode them. Undefined for any other packet.
 */
function bodyPacket(
  parts: readonly Uint8Array[],
  options: PacketDecodeOptions,
): ObexPacket | undefined {
  const first = parts[0] as Uint8Array;
  if (first.length < 6 || !fixedFieldsFree(parts, options)) return undefined;
  const headers: ObexHeader[] = [];
  let o = 3;
  if (first[3] === ObexHeaderId.ConnectionId) {
    if (first.length < 11) return undefined;
    const value =
      (((first[4] as number) << 24) >>> 0) +
      ((first[5] as number) << 16) +
      ((first[6] as number) << 8) +
      (first[7] as number);
    headers.push({ id: ObexHeaderId.ConnectionId, kind: 'u32', value });
    o = 8;
  }
  const id = first[o] as number;
  if (id !== ObexHeaderId.Body && id !== ObexHeaderId.EndOfBody) return undefined;
  const declared = ((first[1] as number) << 8) | (first[2] as number);
  const len = ((first[o + 1] as number) << 8) | (first[o + 2] as number);
  let total = 0;
  for (const p of parts) total += p.length;
  if (len < 3 || o + len !== declared || total !== declared) return undefined;
  // The value as one header per part it lies in (one empty header for an empty body).
  const head = first.subarray(o + 3);
  if (head.length > 0 || total === o + 3) headers.push({ id, kind: 'bytes', value: head });
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i] as Uint8Array;
    if (p.length > 0) headers.push({ id, kind: 'bytes', value: p });
  }
  return { code: first[0] as number, headers };
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
 * The largest Body or End-of-Body header (where it starts, its value's range, its index
 * among the headers), or undefined when there is none or the headers do not parse (then
 * the slow path reports the error).
 */
function largestBody(
  parts: readonly Uint8Array[],
): { at: number; valueStart: number; valueEnd: number; id: number; index: number } | undefined {
  let total = 0;
  for (const p of parts) total += p.length;
  // Parts are few (a packet spans two or three chunks): a linear look-up is enough.
  const byteAt = (i: number): number => {
    let base = 0;
    for (const p of parts) {
      if (i < base + p.length) return p[i - base] as number;
      base += p.length;
    }
    return -1;
  };
  let best:
    { at: number; valueStart: number; valueEnd: number; id: number; index: number } | undefined;
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
    if (isBody && (best === undefined || len - 3 > best.valueEnd - best.valueStart))
      best = { at: o, valueStart, valueEnd, id, index };
    o = valueEnd;
  }
  return best;
}

/** Copies bytes `[from, to)` of the parts, taken as one run, into `out` at `at`. */
function copyRange(
  parts: readonly Uint8Array[],
  from: number,
  to: number,
  out: Uint8Array,
  at: number,
): void {
  let base = 0;
  let o = at;
  for (const p of parts) {
    const s = Math.max(from, base);
    const e = Math.min(to, base + p.length);
    if (e > s) {
      out.set(p.subarray(s - base, e - base), o);
      o += e - s;
    }
    base += p.length;
    if (base >= to) break;
  }
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
