import { ObexHeaderId, ObexOpcode, ObexResponse } from './codes.js';
import { bytesHeader, headerNumber, headerSize, headerText, u32Header } from './headers.js';
import type { ObexHeader } from './headers.js';
import { ObjectBuffer } from './object-buffer.js';
import type { ObexPacket } from './packet.js';
import { callHandler, runHandler, typeOf } from './service.js';
import type { ObexService, RequestContext } from './service.js';

const CONTINUE: ObexPacket = { code: ObexResponse.Continue, headers: [] };

/**
 * Server side of one multi-packet PUT: collects Name and Type, copies each body chunk
 * straight into one {@link ObjectBuffer} (sized from the first Length header within
 * `maxObjectSize`), and on the final packet calls `onPut` with it — or `onDelete` when no
 * packet carried a body header. A declared Length or a running size above
 * `maxObjectSize` is answered 0xCD before the chunk is buffered.
 */
export class PutTransfer {
  readonly operation = 'put';
  private name: string | undefined;
  private type: string | undefined;
  private object: ObjectBuffer | undefined;
  private announced: number | undefined;
  private size = 0;
  private hasBody = false;

  constructor(
    private readonly service: ObexService,
    private readonly ctx: RequestContext,
    private readonly maxObjectSize: number,
  ) {}

  /** Absorbs one request packet; returns the response (0x90 until the final packet). */
  async step(req: ObexPacket): Promise<ObexPacket> {
    this.name ??= headerText(req.headers, ObexHeaderId.Name);
    this.type ??= typeOf(req.headers);
    const declared = headerNumber(req.headers, ObexHeaderId.Length);
    if (declared !== undefined && declared > this.maxObjectSize)
      return { code: ObexResponse.EntityTooLarge, headers: [] };
    this.announced ??= declared;
    for (const h of req.headers) {
      if ((h.id === ObexHeaderId.Body || h.id === ObexHeaderId.EndOfBody) && h.kind === 'bytes') {
        this.hasBody = true;
        // Created at the first body piece, so a Length sent ahead of the body still counts.
        const object = (this.object ??= new ObjectBuffer(this.maxObjectSize, this.announced));
        this.size += h.value.length;
        if (this.size > this.maxObjectSize)
          return { code: ObexResponse.EntityTooLarge, headers: [] };
        object.append(h.value);
      }
    }
    if (req.code !== ObexOpcode.PutFinal) return CONTINUE;
    const { service, name, type, ctx } = this;
    if (!this.hasBody) {
      const h = service.onDelete;
      return h
        ? runHandler(() => h.call(service, name, ctx))
        : { code: ObexResponse.NotImplemented, headers: [] };
    }
    const h = service.onPut;
    if (!h) return { code: ObexResponse.NotImplemented, headers: [] };
    const body = this.object?.finish() ?? new Uint8Array(0);
    return runHandler(() => h.call(service, name, type, body, ctx));
  }

  /** Reports the transfer as cut short to the service. */
  async fail(reason: Error): Promise<void> {
    await this.service.onTransferError?.(
      reason,
      { operation: 'put', name: this.name, type: this.type, bytes: this.size },
      this.ctx,
    );
  }
}

/**
 * Server side of one multi-packet GET: collects the request headers (non-final GETs are
 * answered 0x90), asks `onGet` for the object once, then answers each final GET with the
 * next Body chunk sized to the negotiated maximum (0x90) and the last with End-of-Body (0xA0).
 */
export class GetTransfer {
  readonly operation = 'get';
  private name: string | undefined;
  private type: string | undefined;
  private body: Uint8Array | undefined;
  private sent = 0;

  constructor(
    private readonly service: ObexService,
    private readonly ctx: RequestContext,
  ) {}

  /** Answers one GET packet; `sendMax` is the negotiated packet length. */
  async step(req: ObexPacket, sendMax: number): Promise<ObexPacket> {
    let body = this.body;
    if (body === undefined) {
      this.name ??= headerText(req.headers, ObexHeaderId.Name);
      this.type ??= typeOf(req.headers);
      if (req.code !== ObexOpcode.GetFinal) return CONTINUE;
      const { service, name, type, ctx } = this;
      const h = service.onGet;
      if (!h) return { code: ObexResponse.NotImplemented, headers: [] };
      const outcome = await callHandler(() => h.call(service, name, type, ctx));
      if (!outcome.ok) return outcome.response;
      body = outcome.value;
      this.body = body;
    }
    const headers: ObexHeader[] =
      this.sent === 0 ? [u32Header(ObexHeaderId.Length, body.length)] : [];
    const room = headers.reduce((n, h) => n + headerSize(h), 3 + 3);
    const space = sendMax - room;
    if (body.length - this.sent <= space) {
      headers.push(bytesHeader(ObexHeaderId.EndOfBody, body.subarray(this.sent)));
      this.sent = body.length;
      return { code: ObexResponse.Success, headers };
    }
    headers.push(bytesHeader(ObexHeaderId.Body, body.subarray(this.sent, this.sent + space)));
    this.sent += space;
    return { code: ObexResponse.Continue, headers };
  }

  /** Reports the transfer as cut short to the service. */
  async fail(reason: Error): Promise<void> {
    await this.service.onTransferError?.(
      reason,
      { operation: 'get', name: this.name, type: this.type, bytes: this.sent },
      this.ctx,
    );
  }
}
