import { isDecodeError } from '../bytes/decode-error.js';
import { isLinkDisconnected, LinkClosedError, writeParts } from '../link/link.js';
import type { Link } from '../link/link.js';
import {
  MAX_PACKET_LENGTH,
  MIN_MAX_PACKET_LENGTH,
  OBEX_VERSION_1_0,
  ObexHeaderId,
  ObexOpcode,
  ObexResponse,
} from './codes.js';
import { ObexAbortedError } from './errors.js';
import { decodePacketParts, readPacketParts } from './packet-parts.js';
import { PacketInbox } from './packet-inbox.js';
import { headerBytes, headerNumber, headerText } from './headers.js';
import type { ObexHeader } from './headers.js';
import { encodePacket } from './packet.js';
import type { ObexPacket } from './packet.js';
import { runHandler, sameBytes } from './service.js';
import type { ObexService, RequestContext } from './service.js';
import { GetTransfer, isEncoded, PutTransfer, responseCode } from './transfers.js';
import type { TransferResponse } from './transfers.js';

export type {
  ObexGetSource,
  ObexPutSink,
  ObexService,
  PutInfo,
  RequestContext,
} from './service.js';

/** Stands for the GET a client in Single Response Mode does not send. */
const NEXT_GET: ObexPacket = { code: ObexOpcode.GetFinal, headers: [] };

const KNOWN_REQUESTS: ReadonlySet<number> = new Set([
  ObexOpcode.Disconnect,
  ObexOpcode.Put,
  ObexOpcode.PutFinal,
  ObexOpcode.Get,
  ObexOpcode.GetFinal,
  ObexOpcode.SetPath,
]);

/** Options for {@link ObexServer}. */
export interface ObexServerOptions {
  /** Services by Target; at most one without a Target (the default inbox). */
  readonly services: readonly ObexService[];
  /** The largest packet we accept, announced in the Connect response. Default 0xFFFF. */
  readonly maxPacketLength?: number | undefined;
  /** Largest object accepted by PUT; beyond it we answer 0xCD. Default 64 MiB. */
  readonly maxObjectSize?: number | undefined;
  /**
   * Bytes of a PUT received but not yet written by a slow sink before we stop answering
   * the peer (default 1 MiB, see `SinkQueue`).
   */
  readonly readAheadBytes?: number | undefined;
  /**
   * Accept OBEX Single Response Mode when a client offers it in the first packet of a PUT
   * or GET (default true; see `srm.ts`). Clients that do not offer it see no difference.
   */
  readonly singleResponseMode?: boolean | undefined;
}

/**
 * An OBEX server over one `Link`: answers Connect by Target, routes requests by
 * Connection ID to the service that was connected, and runs multi-packet PUT and GET.
 *
 * Decisions (documented because peers differ):
 * - Connect with a Target no service has → 0xC3 Forbidden, as BlueZ obexd does
 *   (`cmd_connect`: "Connect attempt to a non-supported target").
 * - A request with an unknown Connection ID, or without one when there is no default
 *   inbox → 0xD3 Service Unavailable.
 * - A handler that throws/returns `ObexRefusal` → its code; any other error → 0xD0;
 *   an operation the service has no handler for → 0xD1 Not Implemented.
 * - A malformed request packet → 0xC0 Bad Request; framing errors end `serve()`.
 * - Single Response Mode (`srm.ts`) is accepted when the first packet of a PUT or GET
 *   offers it: a PUT is then answered only after its first and final packets (or at
 *   once with a refusal, after which its remaining packets are dropped unanswered until
 *   the client's Abort or another request), a GET's body packets go out one after the
 *   other until the object ends or the client sends something (Abort).
 */
export class ObexServer {
  private readonly ownMax: number;
  private readonly maxObjectSize: number;
  private sendMax = MIN_MAX_PACKET_LENGTH;
  private readonly sessions = new Map<number, ObexService>();
  private nextId = 1;
  private transfer: PutTransfer | GetTransfer | undefined;
  private readonly srm: boolean;
  /** An SRM PUT was refused before its end: its remaining packets are dropped unanswered. */
  private discarding = false;

  constructor(
    private readonly link: Link,
    private readonly options: ObexServerOptions,
  ) {
    this.ownMax = options.maxPacketLength ?? MAX_PACKET_LENGTH;
    this.maxObjectSize = options.maxObjectSize ?? 64 * 1024 * 1024;
    this.srm = options.singleResponseMode ?? true;
    if (
      !Number.isInteger(this.ownMax) ||
      this.ownMax < MIN_MAX_PACKET_LENGTH ||
      this.ownMax > MAX_PACKET_LENGTH
    ) {
      throw new TypeError(`maxPacketLength: ${this.ownMax} is outside 255..65535`);
    }
    if (options.services.filter((s) => s.target === undefined).length > 1) {
      throw new TypeError('services: more than one default inbox (service without target)');
    }
  }

  /**
   * Serves requests until the link ends. Resolves when the link was closed locally;
   * rejects with `LinkDisconnectedError` when the peer went away and with DecodeError when
   * the byte stream cannot be framed. A transfer cut short by either is reported to its
   * service's `onTransferError` first (so it can discard a half-received object), and
   * every session still connected gets `onDisconnect`.
   */
  async serve(): Promise<void> {
    let failure: unknown;
    const inbox = new PacketInbox(
      readPacketParts(this.link.chunks(), { maxPacketLength: () => this.ownMax }),
    );
    try {
      for (let raw = await inbox.next(); raw !== undefined; raw = await inbox.next()) {
        const req = this.decode(raw);
        if (req !== undefined && this.streamed(req)) continue;
        await this.answer(await this.handleRaw(req ?? raw));
        // SRM GET: the next packets go out unasked until the object ends or the peer
        // speaks (an Abort, or a GET after asking us to wait).
        for (let t = this.transfer; t instanceof GetTransfer; t = this.transfer) {
          if (!t.streaming || t.paused || inbox.pending) break;
          // An object in memory: several packets made at once and written in one go.
          const run = t.streamNow(this.sendMax);
          if (run === undefined) {
            await this.answer(await this.continueTransfer(t, NEXT_GET));
            continue;
          }
          if (run.end) this.transfer = undefined;
          await writeParts(this.link, run.parts);
        }
      }
    } catch (e) {
      failure = e;
    } finally {
      void inbox.close().catch(() => undefined);
    }
    const reason =
      failure instanceof Error && (isLinkDisconnected(failure) || isDecodeError(failure))
        ? failure
        : new LinkClosedError(this.link.description);
    await this.dropTransfer(reason);
    for (const [id, service] of this.sessions)
      await runHandler(() => service.onDisconnect?.({ connectionId: id, headers: [] }));
    this.sessions.clear();
    if (failure !== undefined) throw failure;
  }

  /**
   * Writes a response, if there is one; a body packet as its parts (a gather write). Awaited:
   * the link's backpressure holds a streaming GET back.
   */
  private async answer(rsp: TransferResponse | undefined): Promise<void> {
    if (rsp === undefined) return;
    if (isEncoded(rsp)) await writeParts(this.link, rsp);
    else await this.link.write(encodePacket(rsp, { isResponse: true }));
  }

  /** The request in `raw`, or undefined when it does not decode ({@link handleRaw} answers). */
  private decode(raw: Uint8Array[]): ObexPacket | undefined {
    try {
      return decodePacketParts(raw, { isResponse: false });
    } catch {
      return undefined;
    }
  }

  /**
   * Single Response Mode PUT: a packet of the stream that the transfer absorbs at once (see
   * `PutTransfer.absorbStreamed`) — nothing to answer, nothing to wait for. False for
   * anything {@link handleRaw} must see.
   */
  private streamed(req: ObexPacket): boolean {
    const t = this.transfer;
    return !this.discarding && t instanceof PutTransfer && t.absorbStreamed(req);
  }

  /** Answers one request, given decoded or as the raw packet (decoded here, 0xC0 if bad). */
  private async handleRaw(
    packet: ObexPacket | Uint8Array[],
  ): Promise<TransferResponse | undefined> {
    let req: ObexPacket;
    if (!Array.isArray(packet)) req = packet;
    else {
      try {
        req = decodePacketParts(packet, { isResponse: false });
      } catch (e) {
        if (!isDecodeError(e)) throw e;
        await this.dropTransfer(e);
        return { code: ObexResponse.BadRequest, headers: [] };
      }
    }
    if (this.discarding) {
      // The rest of an SRM PUT we refused: the client learns of it from our refusal and
      // sends Abort; what it had sent before that gets no answer.
      if (req.code === ObexOpcode.Put || req.code === ObexOpcode.PutFinal) return undefined;
      this.discarding = false;
    }
    if (req.code === ObexOpcode.Connect) return this.connect(req);
    const t = this.transfer;
    const op = req.code & 0x7f;
    if (req.code === ObexOpcode.Abort) {
      await this.dropTransfer(() => new ObexAbortedError(t?.operation ?? 'none'));
      return { code: ObexResponse.Success, headers: [] };
    }
    if (
      t &&
      ((op === 0x02 && t instanceof PutTransfer) || (op === 0x03 && t instanceof GetTransfer))
    ) {
      return this.continueTransfer(t, req);
    }
    await this.dropTransfer(
      () => new ObexAbortedError(`${t?.operation ?? 'none'} (interrupted by another request)`),
    );
    if (!KNOWN_REQUESTS.has(req.code)) return { code: ObexResponse.NotImplemented, headers: [] };
    const route = this.route(req.headers);
    if (typeof route === 'number') return { code: route, headers: [] };
    const [service, ctx] = route;
    switch (req.code) {
      case ObexOpcode.Disconnect:
        if (ctx.connectionId !== undefined) this.sessions.delete(ctx.connectionId);
        await runHandler(() => service.onDisconnect?.(ctx));
        return { code: ObexResponse.Success, headers: [] };
      case ObexOpcode.SetPath: {
        const flags = req.setPath?.flags ?? 0;
        const name = headerText(req.headers, ObexHeaderId.Name);
        const h = service.onSetPath;
        if (!h) return { code: ObexResponse.NotImplemented, headers: [] };
        return runHandler(() =>
          h.call(service, name, { backup: (flags & 1) !== 0, create: (flags & 2) === 0 }, ctx),
        );
      }
      case ObexOpcode.Put:
      case ObexOpcode.PutFinal:
        this.transfer = new PutTransfer(
          service,
          ctx,
          this.maxObjectSize,
          this.options.readAheadBytes,
          this.srm,
        );
        return this.continueTransfer(this.transfer, req);
      case ObexOpcode.Get:
      case ObexOpcode.GetFinal:
        this.transfer = new GetTransfer(service, ctx, this.srm);
        return this.continueTransfer(this.transfer, req);
      default:
        return { code: ObexResponse.NotImplemented, headers: [] };
    }
  }

  private async continueTransfer(
    t: PutTransfer | GetTransfer,
    req: ObexPacket,
  ): Promise<TransferResponse | undefined> {
    const rsp = await t.step(req, this.sendMax);
    if (rsp === undefined) return undefined; // SRM PUT: no answer to this packet
    const code = responseCode(rsp);
    if (code !== ObexResponse.Continue) {
      this.transfer = undefined;
      const failed = code < 0xa0 || code > 0xaf;
      if (failed && t instanceof PutTransfer && t.srm === 'on' && req.code === ObexOpcode.Put)
        this.discarding = true;
    }
    return rsp;
  }

  private async connect(req: ObexPacket): Promise<ObexPacket> {
    await this.dropTransfer(() => new ObexAbortedError('connect (new Connect received)'));
    const fields = { version: OBEX_VERSION_1_0, flags: 0, maxPacketLength: this.ownMax };
    const target = headerBytes(req.headers, ObexHeaderId.Target);
    const service = this.options.services.find((s) =>
      target === undefined
        ? s.target === undefined
        : s.target !== undefined && sameBytes(s.target, target),
    );
    if (!service) return { code: ObexResponse.Forbidden, connect: fields, headers: [] };
    const connectionId = service.target === undefined ? undefined : this.nextId++;
    const ctx: RequestContext = { connectionId, headers: req.headers };
    const answer = await runHandler(() => service.onConnect?.(ctx));
    if (answer.code !== ObexResponse.Success) return { ...answer, connect: fields };
    this.sendMax = Math.max(
      MIN_MAX_PACKET_LENGTH,
      Math.min(this.ownMax, req.connect?.maxPacketLength ?? 0),
    );
    const headers: ObexHeader[] = [];
    if (connectionId !== undefined && service.target !== undefined) {
      this.sessions.set(connectionId, service);
      headers.push({ id: ObexHeaderId.ConnectionId, kind: 'u32', value: connectionId });
      headers.push({ id: ObexHeaderId.Who, kind: 'bytes', value: service.target });
    }
    return { code: ObexResponse.Success, connect: fields, headers };
  }

  private route(headers: readonly ObexHeader[]): [ObexService, RequestContext] | number {
    const id = headerNumber(headers, ObexHeaderId.ConnectionId);
    const service =
      id === undefined
        ? this.options.services.find((s) => s.target === undefined)
        : this.sessions.get(id);
    if (!service) return ObexResponse.ServiceUnavailable;
    return [service, { connectionId: id, headers }];
  }

  /** Ends the transfer in progress, if any, for `reason` (built only then: it is an Error). */
  private async dropTransfer(reason: Error | (() => Error)): Promise<void> {
    const t = this.transfer;
    this.transfer = undefined;
    if (t) await t.fail(typeof reason === 'function' ? reason() : reason);
  }
}
