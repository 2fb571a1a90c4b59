import { BodyReader, takeRun } from './body.js';
import type { BodySink, BodyTake } from './body.js';
import { ObexHeaderId, ObexOpcode, ObexResponse } from './codes.js';
import {
  bodyPieces,
  headerNumber,
  headerSize,
  headerText,
  isBodyHeader,
  u32Header,
} from './headers.js';
import type { ObexHeader } from './headers.js';
import { ObjectBuffer } from './object-buffer.js';
import { encodeBodyPacketParts } from './packet.js';
import { DEFAULT_READ_AHEAD_BYTES, SinkQueue } from './sink-queue.js';
import type { ObexPacket } from './packet.js';
import { callHandler, runHandler, typeOf } from './service.js';
import { hasSrmEnable, hasSrmWait, srmEnableHeader } from './srm.js';
import type { ObexGetSource, ObexPutSink, ObexService, RequestContext } from './service.js';

const CONTINUE: ObexPacket = { code: ObexResponse.Continue, headers: [] };

/**
 * A response, as a packet or already encoded as parts to write back to back (a body
 * packet: its header bytes, then the body pieces as the source gave them).
 */
export type TransferResponse = ObexPacket | readonly Uint8Array[];

/** True when `rsp` is an encoded response (parts). */
export function isEncoded(rsp: TransferResponse): rsp is readonly Uint8Array[] {
  return Array.isArray(rsp);
}

/** The response code of a {@link TransferResponse}. */
export function responseCode(rsp: TransferResponse): number {
  return isEncoded(rsp) ? ((rsp[0] as Uint8Array)[0] as number) : rsp.code;
}

/**
 * Server side of one multi-packet PUT: collects Name and Type, and from the first body
 * piece on hands every piece to the service's sink — `openPut` when the service streams,
 * else an {@link ObjectBuffer} whose content goes to `onPut` on the final packet. Pieces
 * reach the sink through a {@link SinkQueue}: one write at a time while the peer sends
 * on, and once `readAheadBytes` wait for the sink the peer's next packet is not answered
 * until they drain (the sink's backpressure holds the peer back). The sink is opened
 * while the first packet is answered; a service that refuses to open it gets its refusal
 * sent as the answer to the next packet of a multi-packet PUT. A PUT without
 * any body header is `onDelete`. A declared Length or a running size above
 * `maxObjectSize` is answered 0xCD before the piece reaches the sink.
 */
export class PutTransfer {
  readonly operation = 'put';
  private name: string | undefined;
  private type: string | undefined;
  private announced: number | undefined;
  private size = 0;
  private hasBody = false;
  private sink: ObexPutSink | undefined;
  /** The sink being opened: resolves with the refusal to answer, if it was refused. */
  private opening: Promise<ObexPacket | undefined> | undefined;
  private refused: ObexPacket | undefined;
  private queue: SinkQueue | undefined;
  private packets = 0;
  /** Single Response Mode: 'on' once our answer to the first packet accepted it. */
  srm: 'off' | 'on' = 'off';

  constructor(
    private readonly service: ObexService,
    private readonly ctx: RequestContext,
    private readonly maxObjectSize: number,
    private readonly readAheadBytes: number = DEFAULT_READ_AHEAD_BYTES,
    /** Accept Single Response Mode when the first packet offers it. */
    private readonly srmAllowed = false,
  ) {}

  /**
   * Absorbs one request packet; returns the response (0x90 until the final packet), or
   * undefined for none — in Single Response Mode only the first packet's 0x90 (with SRM
   * enable) and the final or error answer go out.
   */
  async step(req: ObexPacket): Promise<TransferResponse | undefined> {
    const rsp = await this.absorb(req);
    if (this.packets++ > 0) return this.srm === 'on' && rsp === CONTINUE ? undefined : rsp;
    if (rsp !== CONTINUE || !this.srmAllowed || !hasSrmEnable(req.headers)) return rsp;
    this.srm = 'on';
    return { code: ObexResponse.Continue, headers: [srmEnableHeader()] };
  }

  /**
   * Single Response Mode, the packets between the first and the final one: a non-final PUT
   * that carries only body (and the Connection ID) while the sink keeps up is absorbed at
   * once — what {@link step} does with it, answering nothing, without a wait. Returns
   * false, having changed nothing, for any other packet or when the sink failed or has
   * `readAheadBytes` waiting: then `step` takes it.
   */
  absorbStreamed(req: ObexPacket): boolean {
    const queue = this.queue;
    if (
      this.srm !== 'on' ||
      req.code !== ObexOpcode.Put ||
      queue === undefined ||
      this.refused !== undefined
    )
      return false;
    if (req.headers.some((h) => !isBodyHeader(h) && h.id !== ObexHeaderId.ConnectionId))
      return false;
    const { pieces, size } = bodyPieces(req.headers);
    if (this.size + size > this.maxObjectSize || !queue.tryPush(pieces, size)) return false;
    this.size += size;
    this.packets++;
    return true;
  }

  private async absorb(req: ObexPacket): Promise<TransferResponse> {
    this.name ??= headerText(req.headers, ObexHeaderId.Name);
    this.type ??= typeOf(req.headers);
    const declared = headerNumber(req.headers, ObexHeaderId.Length);
    if (declared !== undefined && declared > this.maxObjectSize)
      return this.refuse(ObexResponse.EntityTooLarge, 'Length above maxObjectSize');
    this.announced ??= declared;
    const { pieces, size } = bodyPieces(req.headers);
    this.size += size;
    if (this.size > this.maxObjectSize)
      return this.refuse(ObexResponse.EntityTooLarge, 'object above maxObjectSize');
    if (pieces.length > 0) {
      this.hasBody = true;
      // The sink opens while the peer is answered: opening a file is a trip to the thread
      // pool that the first answer — and in Single Response Mode the stream behind it —
      // need not wait for. Pieces wait in the queue meanwhile; a refusal to open is the
      // answer to the next packet (or to the final one).
      this.opening ??= this.open().then((refusal) => (this.refused = refusal));
      if (req.code === ObexOpcode.PutFinal) await this.opening;
      if (this.refused !== undefined) return this.refused;
      const queue = (this.queue ??= new SinkQueue(this.openedSink(), this.readAheadBytes));
      const queued = await this.settle(() => {
        queue.push(pieces);
        return req.code === ObexOpcode.PutFinal ? undefined : queue.ready();
      });
      if (queued !== undefined) return queued;
    }
    if (req.code !== ObexOpcode.PutFinal) return CONTINUE;
    const { service, name, ctx } = this;
    if (!this.hasBody) {
      const h = service.onDelete;
      return h
        ? runHandler(() => h.call(service, name, ctx))
        : { code: ObexResponse.NotImplemented, headers: [] };
    }
    const queue = this.queue;
    const written = queue && (await this.settle(() => queue.flush()));
    if (written !== undefined) return written;
    const sink = this.sink;
    this.sink = undefined; // committed or refused: no abort after close
    return sink ? runHandler(() => sink.close()) : { code: ObexResponse.Success, headers: [] };
  }

  /** Reports the transfer as cut short: the sink discards, then the service hears of it. */
  async fail(reason: Error): Promise<void> {
    await this.opening;
    await this.queue?.abandon();
    await this.abortSink(reason);
    await this.service.onTransferError?.(
      reason,
      { operation: 'put', name: this.name, type: this.type, bytes: this.size },
      this.ctx,
    );
  }

  /** Opens the sink; returns the refusal to answer if there is none. */
  private async open(): Promise<ObexPacket | undefined> {
    const { service, name, type, ctx } = this;
    const open = service.openPut;
    if (open) {
      const outcome = await callHandler(() =>
        open.call(service, name, type, ctx, { length: this.announced }),
      );
      if (!outcome.ok) return outcome.response;
      this.sink = outcome.value;
      return undefined;
    }
    const h = service.onPut;
    if (!h) return { code: ObexResponse.NotImplemented, headers: [] };
    const object = new ObjectBuffer(this.maxObjectSize, this.announced);
    this.sink = {
      write: (piece) => object.append(piece),
      close: () => h.call(service, name, type, object.finish(), ctx),
    };
    return undefined;
  }

  /**
   * The sink as the queue sees it while it may still be opening: the first write waits for
   * the open (a refused open fails the queue; `settle` answers with the refusal).
   */
  private openedSink(): BodySink {
    const sink = async (): Promise<ObexPutSink> => {
      await this.opening;
      if (this.sink === undefined) throw new Error('put: the sink was not opened');
      return this.sink;
    };
    return {
      write: async (piece) => (await sink()).write(piece),
      writev: async (pieces) => {
        const s = await sink();
        if (s.writev !== undefined) return s.writev(pieces);
        for (const p of pieces) await s.write(p);
      },
    };
  }

  /** Runs a queue step; if the sink failed, aborts it and returns the refusal to answer. */
  private async settle(step: () => Promise<void> | undefined): Promise<ObexPacket | undefined> {
    const rsp = await runHandler(step);
    if (rsp.code === ObexResponse.Success) return undefined;
    await this.queue?.abandon();
    await this.abortSink(new Error(`put: sink refused a piece (0x${rsp.code.toString(16)})`));
    return this.refused ?? rsp;
  }

  private async refuse(code: number, why: string): Promise<ObexPacket> {
    await this.opening;
    await this.queue?.abandon();
    await this.abortSink(new Error(`put: ${why}`));
    return { code, headers: [] };
  }

  private async abortSink(reason: Error): Promise<void> {
    const sink = this.sink;
    this.sink = undefined;
    await runHandler(() => sink?.abort?.(reason));
  }
}

/**
 * Server side of one multi-packet GET: collects the request headers (non-final GETs are
 * answered 0x90), asks the service for the object once — `openGet` when it streams, else
 * `onGet` — then answers each final GET with the next Body packet filled to the
 * negotiated maximum (0x90) and the one that empties the source with End-of-Body (0xA0).
 * The pieces for the next packet are read while the current one travels. A source that
 * fails is answered with its refusal code (0xD0 for other errors).
 */
export class GetTransfer {
  readonly operation = 'get';
  private name: string | undefined;
  private type: string | undefined;
  private reader: BodyReader | undefined;
  private length: number | undefined;
  private next: Promise<BodyTake> | undefined;
  private sent = 0;
  private srmAsked = false;
  /** Single Response Mode is on: the server sends the next packets unasked. */
  streaming = false;
  /** The peer asked us (SRM parameters "wait") to answer its next request first. */
  paused = false;

  constructor(
    private readonly service: ObexService,
    private readonly ctx: RequestContext,
    /** Accept Single Response Mode when the GET that opens the object offers it. */
    private readonly srmAllowed = false,
  ) {}

  /** Answers one GET packet; `sendMax` is the negotiated packet length. */
  async step(req: ObexPacket, sendMax: number): Promise<TransferResponse> {
    let reader = this.reader;
    const first = reader === undefined;
    if (reader === undefined) {
      this.name ??= headerText(req.headers, ObexHeaderId.Name);
      this.type ??= typeOf(req.headers);
      if (req.code !== ObexOpcode.GetFinal) return CONTINUE;
      this.srmAsked = this.srmAllowed && hasSrmEnable(req.headers);
      const outcome = await this.open();
      if (!outcome.ok) return outcome.response;
      reader = new BodyReader(outcome.value.body);
      this.reader = reader;
      this.length = outcome.value.length;
    }
    this.paused = hasSrmWait(req.headers);
    const headers: ObexHeader[] =
      first && this.length !== undefined ? [u32Header(ObexHeaderId.Length, this.length)] : [];
    // Offered SRM is accepted in the first answer; it matters only if more packets follow.
    if (first && this.srmAsked) headers.push(srmEnableHeader());
    const pending = this.next;
    this.next = undefined;
    const read = await callHandler(
      () => pending ?? reader.take(sendMax - headers.reduce((n, h) => n + headerSize(h), 3 + 3)),
    );
    if (!read.ok) {
      await reader.cancel().catch(() => undefined);
      return read.response;
    }
    const take = read.value;
    this.sent += take.size;
    if (take.end) {
      const id = ObexHeaderId.EndOfBody;
      return encodeBodyPacketParts(ObexResponse.Success, headers, id, take.pieces);
    }
    // Later packets carry no Length: their room is the packet minus its two header fields.
    // An object in memory is read on the spot when the packet is made: nothing to read ahead.
    if (!reader.immediate) {
      this.next = reader.take(sendMax - 6);
      this.next.catch(() => undefined); // awaited in the next step, or dropped in fail()
    }
    if (first && this.srmAsked) this.streaming = true;
    const id = ObexHeaderId.Body;
    return encodeBodyPacketParts(ObexResponse.Continue, headers, id, take.pieces);
  }

  /**
   * Single Response Mode with an object in memory (a source that is a plain iterable): the
   * packets that follow, made on the spot as parts for one gather write: a run's worth
   * (see {@link takeRun}), or up to the one that ends the object (`end`). Undefined when
   * this does not apply: not streaming, paused, a source read by waiting, or the source
   * failed at once (then `step` answers with its refusal, as it does for a failure after
   * some of the packets were made).
   */
  streamNow(sendMax: number): { parts: Uint8Array[]; end: boolean } | undefined {
    const reader = this.reader;
    if (!this.streaming || this.paused || reader === undefined || !reader.immediate) return;
    if (this.next !== undefined) return;
    const parts: Uint8Array[] = [];
    const run = takeRun(reader, sendMax - 6, parts, (take) => {
      const code = take.end ? ObexResponse.Success : ObexResponse.Continue;
      const id = take.end ? ObexHeaderId.EndOfBody : ObexHeaderId.Body;
      for (const part of encodeBodyPacketParts(code, [], id, take.pieces)) parts.push(part);
      return true;
    });
    this.sent += run.size;
    if (run.failure !== undefined) {
      // What `step` would have read: it answers with the refusal after these packets.
      this.next = Promise.reject(run.failure);
      this.next.catch(() => undefined);
    }
    if (run.ended) return { parts, end: true };
    return parts.length === 0 ? undefined : { parts, end: false };
  }

  /** Reports the transfer as cut short to the service; the source is closed. */
  async fail(reason: Error): Promise<void> {
    await this.next?.catch(() => undefined);
    await this.reader?.cancel().catch(() => undefined);
    await this.service.onTransferError?.(
      reason,
      { operation: 'get', name: this.name, type: this.type, bytes: this.sent },
      this.ctx,
    );
  }

  private open(): Promise<
    { ok: true; value: ObexGetSource } | { ok: false; response: ObexPacket }
  > {
    const { service, name, type, ctx } = this;
    const open = service.openGet;
    if (open) return callHandler(() => open.call(service, name, type, ctx));
    const h = service.onGet;
    if (!h) {
      return Promise.resolve({
        ok: false,
        response: { code: ObexResponse.NotImplemented, headers: [] },
      });
    }
    return callHandler(async () => {
      const body = await h.call(service, name, type, ctx);
      return body instanceof Uint8Array ? { length: body.length, body: [body] } : body;
    });
  }
}
