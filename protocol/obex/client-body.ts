import { DecodeError } from '../bytes/decode-error.js';
import { ObexHeaderId, ObexOpcode, ObexResponse } from './codes.js';
import { BodyReader, takeRun } from './body.js';
import type { BodySink, BodySource, BodyTake } from './body.js';
import { ObexAbortedError, ObexError } from './errors.js';
import { bodyPieces, headerNumber, headerSize, headerText } from './headers.js';
import type { ObexHeader } from './headers.js';
import { encodeBodyPacketParts } from './packet.js';
import { abortStream, srmAnswer, srmUnasked } from './client-srm.js';
import { hasSrmEnable, hasSrmWait, srmEnableHeader } from './srm.js';
import { SinkQueue } from './sink-queue.js';
import type { ObexPacket } from './packet.js';

/** What the body loops need of the client (one request outstanding, in order). */
export interface BodyChannel {
  /** The packet length we send with. */
  sendMax(): number;
  /** Connection ID header, if connected with one. */
  idHeaders(): ObexHeader[];
  exchange(packet: ObexPacket, operation: string): Promise<ObexPacket>;
  /** Sends a packet given as parts written back to back; resolves with the answer. */
  exchangeParts(parts: readonly Uint8Array[], operation: string): Promise<ObexPacket>;
  /** Sends Abort and throws ObexAbortedError if `abort()` was called; else returns. */
  abortPoint(operation: string): Promise<void>;
  /** True when `abort()` was called during this transfer. */
  abortRequested(): boolean;
  /** Whether to offer Single Response Mode (see `srm.ts`). */
  offerSrm(): boolean;
  /** Single Response Mode: keep packets that arrive unasked (see RequestChannel). */
  setStreaming(on: boolean): void;
  /** True when a packet arrived unasked and is kept. */
  hasPacket(): boolean;
  /** The next packet without sending anything. */
  receive(operation: string): Promise<ObexPacket>;
  /** A packet that arrived unasked and is kept, without waiting; undefined if none. */
  takeKept(): ObexPacket | undefined;
  /** Writes a packet (as parts, back to back) that gets no answer. */
  send(parts: readonly Uint8Array[], operation: string): Promise<void>;
}

/** What a streamed GET received. */
export interface GetResult {
  /** Body bytes received (and written to the sink). */
  readonly size: number;
  /** The Length header of the first response, if the peer sent one. */
  readonly length: number | undefined;
  /** Headers of the final response. */
  readonly headers: readonly ObexHeader[];
}

/** Progress callback: bytes moved so far, total if known. */
type Progress = ((done: number, total: number | undefined) => void) | undefined;

/**
 * The PUT loop: `first` headers (Name, Type, Length…) go in the first packet, then every
 * packet is filled to `sendMax` from `source` — the pieces are written as they are,
 * behind the packet's few header bytes (a gather write: no copy) — and the packet that empties the source is the final PUT with End-of-Body. The
 * next packet's pieces are read from the source while the peer answers the current one.
 * A source that fails after the first packet makes us send Abort before rejecting with
 * its error.
 *
 * Single Response Mode: when offered, the first packet carries SRM enable; if the answer
 * to it does too, the packets up to the final one are sent without waiting for answers,
 * from an object in memory several at a time in one gather write. An answer that arrives
 * meanwhile is an error (or the peer's "wait", honoured), and an error is followed by
 * Abort, so that the peer stops discarding our packets.
 */
export async function sendBody(
  ch: BodyChannel,
  first: ObexHeader[],
  source: BodySource,
  total: number | undefined,
  onProgress: Progress,
): Promise<ObexPacket> {
  const reader = new BodyReader(source);
  const roomFor = (headers: readonly ObexHeader[]): number => {
    const fixed = headers.reduce((n, h) => n + headerSize(h), 3 + 3);
    const room = ch.sendMax() - fixed;
    if (room < 0)
      throw new RangeError(`put: headers need ${fixed} bytes, packet max is ${ch.sendMax()}`);
    return room;
  };
  const offer = ch.offerSrm();
  let headers = offer ? [...first, srmEnableHeader()] : first;
  let next: Promise<BodyTake>;
  try {
    next = reader.take(roomFor(headers));
  } catch (e) {
    await reader.cancel().catch(() => undefined); // a file source is closed, not leaked
    throw e;
  }
  let started = false;
  let srm = false;
  let sent = 0;
  // Set before the first packet goes out: an answer must not be dropped as unasked.
  ch.setStreaming(offer);
  try {
    for (;;) {
      let take: BodyTake;
      try {
        take = await next;
      } catch (e) {
        if (started) await sendAbort(ch);
        throw e;
      }
      // Room 0 with body left would send empty Body packets forever.
      if (take.size === 0 && !take.end)
        throw new RangeError(`put: no room for the body in packets of ${ch.sendMax()} bytes`);
      const last = take.end;
      const parts = encodeBodyPacketParts(
        last ? ObexOpcode.PutFinal : ObexOpcode.Put,
        headers,
        last ? ObexHeaderId.EndOfBody : ObexHeaderId.Body,
        take.pieces,
      );
      headers = ch.idHeaders();
      let size = take.size;
      if (srm && !last && reader.immediate) {
        // An object in memory: the packets after this one are made on the spot and go out
        // in the same gather write, up to a run's worth; the final one waits for its answer.
        const run = runOnTheSpot(reader, headers, roomFor(headers), parts);
        size += run.size;
        next = run.next;
      } else if (!last) {
        next = reader.take(roomFor(headers));
      }
      next.catch(() => undefined); // awaited in the next round, or dropped with the transfer
      if (srm && ch.hasPacket()) await srmUnasked(ch);
      if (srm && !last) {
        await ch.send(parts, 'put');
        sent += size;
        onProgress?.(sent, total);
        if (ch.abortRequested()) await ch.abortPoint('put');
        continue;
      }
      const rsp = await ch.exchangeParts(parts, 'put');
      if (
        !started &&
        offer &&
        !last &&
        rsp.code === ObexResponse.Continue &&
        hasSrmEnable(rsp.headers)
      ) {
        srm = true;
        if (hasSrmWait(rsp.headers)) await srmAnswer(ch, await ch.receive('put'));
      } else if (!srm) ch.setStreaming(false);
      started = true;
      sent += take.size;
      if (last) {
        if (!isSuccess(rsp.code)) {
          ch.setStreaming(false);
          if (srm) await sendAbort(ch);
          throw refusal(rsp, 'put');
        }
        onProgress?.(sent, total);
        return rsp;
      }
      if (rsp.code !== ObexResponse.Continue) throw refusal(rsp, 'put');
      onProgress?.(sent, total);
      await ch.abortPoint('put');
    }
  } finally {
    ch.setStreaming(false);
    await next.catch(() => undefined);
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Single Response Mode PUT of an object in memory (`reader.immediate`): appends to `parts`
 * the packets that follow, each filled to `room`, a run's worth (see {@link takeRun}).
 * Returns their body size and the next take: the one that ends the object (it is sent
 * as the final packet, which waits for its answer), the source's failure, or a fresh one.
 */
function runOnTheSpot(
  reader: BodyReader,
  headers: readonly ObexHeader[],
  room: number,
  parts: Uint8Array[],
): { size: number; next: Promise<BodyTake> } {
  const run = takeRun(reader, room, parts, (take) => {
    if (take.end || take.size === 0) return false;
    const id = ObexHeaderId.Body;
    for (const p of encodeBodyPacketParts(ObexOpcode.Put, headers, id, take.pieces)) parts.push(p);
    return true;
  });
  const next =
    run.failure !== undefined
      ? Promise.reject(run.failure)
      : run.left !== undefined
        ? Promise.resolve(run.left)
        : reader.take(room);
  return { size: run.size, next };
}

/**
 * The GET loop: repeats the final GET while the peer answers 0x90 and hands every Body and
 * End-of-Body piece to `sink` through a {@link SinkQueue}: the next GET goes out while the
 * sink writes, until `readAheadBytes` are waiting for it — then the peer is kept waiting
 * too. `limit` (bytes) fails the transfer with DecodeError `too-large` as soon as more
 * arrived. A sink or limit failure while the peer still has data makes us send Abort
 * before rejecting with it.
 *
 * Single Response Mode: when offered, the first GET carries SRM enable; if the first
 * answer does too, no further GET goes out — the peer sends packet after packet, read
 * only as fast as the sink's queue allows (the link then holds the peer back). Abort in
 * that mode skips the body packets still on their way to find the Abort's answer.
 */
export async function receiveBody(
  ch: BodyChannel,
  first: ObexHeader[],
  sink: BodySink,
  options: { limit: number; readAheadBytes: number; onProgress: Progress },
): Promise<GetResult> {
  const queue = new SinkQueue(sink, options.readAheadBytes);
  const offer = ch.offerSrm();
  let headers = offer ? [...first, srmEnableHeader()] : first;
  let size = 0;
  let total: number | undefined;
  let srm = false;
  // Set before the first GET goes out: packets streamed right behind the first answer
  // must be kept, not dropped as unasked.
  ch.setStreaming(offer);
  try {
    for (let firstAnswer = true; ; firstAnswer = false) {
      // Streamed packets that already arrived are taken without a wait.
      const rsp = srm
        ? (ch.takeKept() ?? (await ch.receive('get')))
        : await ch.exchange({ code: ObexOpcode.GetFinal, headers }, 'get');
      const more = rsp.code === ObexResponse.Continue;
      if (firstAnswer && offer && more && hasSrmEnable(rsp.headers)) srm = true;
      else if (!srm) ch.setStreaming(false);
      if (!more && !isSuccess(rsp.code)) throw refusal(rsp, 'get');
      total ??= headerNumber(rsp.headers, ObexHeaderId.Length);
      const { pieces, size: bytes } = bodyPieces(rsp.headers);
      try {
        size += bytes;
        if (size > options.limit) {
          const why = `object exceeds ${options.limit} bytes`;
          throw new DecodeError(size, 'too-large', why, 'obex');
        }
        options.onProgress?.(size, total);
        if (!more) {
          queue.push(pieces);
          await queue.flush();
          return { size, length: total, headers: rsp.headers };
        }
        // While the sink keeps up the pieces are queued at once; else wait for room.
        if (!queue.tryPush(pieces, bytes)) {
          queue.push(pieces);
          await queue.ready();
        }
      } catch (e) {
        if (srm) await abortStream(ch);
        else if (more) await sendAbort(ch);
        throw e;
      }
      if (srm && ch.abortRequested()) {
        await abortStream(ch);
        throw new ObexAbortedError('get');
      }
      if (!srm) {
        await ch.abortPoint('get');
        headers = ch.idHeaders();
      }
    }
  } finally {
    ch.setStreaming(false);
    // Never leave a write running behind the caller's back.
    await queue.abandon();
  }
}

/** Abort after a local failure; the local failure is what the caller reports. */
export async function sendAbort(ch: BodyChannel): Promise<void> {
  await ch.exchange({ code: ObexOpcode.Abort, headers: ch.idHeaders() }, 'abort').catch(() => {
    // The link may be gone too; the original error says more.
  });
}

/** True for a 2xx (0xA0..0xAF) response. */
export function isSuccess(code: number): boolean {
  return code >= 0xa0 && code <= 0xaf;
}

/** The ObexError for a response the operation did not expect. */
export function refusal(rsp: ObexPacket, operation: string): ObexError {
  return new ObexError(rsp.code, operation, headerText(rsp.headers, ObexHeaderId.Description));
}
