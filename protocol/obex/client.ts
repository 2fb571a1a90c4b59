import { DecodeError } from '../bytes/decode-error.js';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Link } from '../link/link.js';
import {
  MAX_PACKET_LENGTH,
  MIN_MAX_PACKET_LENGTH,
  OBEX_VERSION_1_0,
  ObexHeaderId,
  ObexOpcode,
  ObexResponse,
  SETPATH_BACKUP,
  SETPATH_DONT_CREATE,
} from './codes.js';
import { ObexAbortedError, ObexError } from './errors.js';
import { ObjectBuffer } from './object-buffer.js';
import { RequestChannel } from './request-channel.js';
import {
  asciiz,
  bytesHeader,
  headerBytes,
  headerNumber,
  headerSize,
  headerText,
  u32Header,
  unicodeHeader,
} from './headers.js';
import type { ObexHeader } from './headers.js';
import type { ObexPacket } from './packet.js';

/**
 * Default maximum packet length we announce: 0xFFFF, the largest the length field allows
 * (as buteo and OpenOBEX do). Bigger packets mean fewer round trips on USB and serial; the
 * peer's own maximum still bounds what we send.
 */
export const DEFAULT_MAX_PACKET_LENGTH = MAX_PACKET_LENGTH;
/** Default per-request timeout: 30 s (a phone may show a UI prompt before answering). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default limit on the size of an object received by GET: 64 MiB. */
export const DEFAULT_MAX_OBJECT_SIZE = 64 * 1024 * 1024;

/** Options for {@link ObexClient}. */
export interface ObexClientOptions {
  readonly clock?: Clock | undefined;
  /** Time allowed for each request packet to be answered. */
  readonly timeoutMs?: number | undefined;
  /** The largest packet we accept, announced in Connect (255..65535). */
  readonly maxPacketLength?: number | undefined;
  /** The largest object `get` accepts before failing with DecodeError `too-large`. */
  readonly maxObjectSize?: number | undefined;
}

/** What `connect` learnt from the peer. */
export interface ObexConnection {
  /** The peer's Who header (normally an echo of our Target). */
  readonly who?: Uint8Array | undefined;
  /** Connection ID assigned by the peer; sent on every later request. */
  readonly connectionId?: number | undefined;
  /** The peer's announced maximum packet length. */
  readonly peerMaxPacketLength: number;
  /** The length we send with: min(ours, theirs), never below 255. */
  readonly maxPacketLength: number;
  /** All headers of the Connect response. */
  readonly headers: readonly ObexHeader[];
}

/** Progress of a multi-packet transfer: bytes acknowledged, total if known. */
export type ProgressListener = (done: number, total: number | undefined) => void;

/** Per-transfer options. */
export interface TransferOptions {
  readonly onProgress?: ProgressListener | undefined;
}

/**
 * Client lifecycle. `ready` accepts requests; `failed` means the link or the peer broke the
 * request/response pairing (timeout, disconnect, link closed) — every later call rejects
 * with the error in `failure`; close the link and start again with a new client.
 */
export type ObexClientState = 'ready' | 'failed';

/**
 * An OBEX client over a `Link` (opened by the caller). Requests are queued: one is
 * outstanding at a time, in call order; multi-packet PUT and GET hold the queue until done.
 * Once Connect returned a Connection ID it is the first header of every request.
 */
export class ObexClient {
  private readonly channel: RequestChannel;
  private readonly ownMax: number;
  private readonly maxObjectSize: number;
  private sendMax = MIN_MAX_PACKET_LENGTH;
  private connId: number | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private busy = false;
  private abortRequested = false;
  private abortListeners: (() => void)[] = [];

  constructor(link: Link, options: ObexClientOptions = {}) {
    this.ownMax = options.maxPacketLength ?? DEFAULT_MAX_PACKET_LENGTH;
    this.maxObjectSize = options.maxObjectSize ?? DEFAULT_MAX_OBJECT_SIZE;
    if (
      !Number.isInteger(this.ownMax) ||
      this.ownMax < MIN_MAX_PACKET_LENGTH ||
      this.ownMax > MAX_PACKET_LENGTH
    ) {
      throw new TypeError(`maxPacketLength: ${this.ownMax} is outside 255..65535`);
    }
    this.channel = new RequestChannel(
      link,
      options.clock ?? systemClock,
      options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      this.ownMax,
    );
  }

  /** `ready`, or `failed` after a timeout or a lost link (see {@link ObexClientState}). */
  get state(): ObexClientState {
    return this.channel.failure ? 'failed' : 'ready';
  }
  /** Why the client failed, if it did. */
  get failure(): Error | undefined {
    return this.channel.failure;
  }
  /** The Connection ID from the last successful Connect (cleared by Disconnect). */
  get connectionId(): number | undefined {
    return this.connId;
  }
  /** The packet length we send with (255 until Connect negotiated more). */
  get maxPacketLength(): number {
    return this.sendMax;
  }

  /**
   * Sends Connect with our maximum packet length and the Target (and Who) given; on 0xA0
   * keeps the Connection ID and sends with min(ours, theirs) (at least 255). Rejects with
   * ObexError for any other response code.
   */
  connect(
    options: { target?: Uint8Array | undefined; who?: Uint8Array | undefined } = {},
  ): Promise<ObexConnection> {
    return this.enqueue(async () => {
      const headers: ObexHeader[] = [];
      if (options.target) headers.push(bytesHeader(ObexHeaderId.Target, options.target));
      if (options.who) headers.push(bytesHeader(ObexHeaderId.Who, options.who));
      const rsp = await this.exchange(
        {
          code: ObexOpcode.Connect,
          connect: { version: OBEX_VERSION_1_0, flags: 0, maxPacketLength: this.ownMax },
          headers,
        },
        'connect',
        true,
      );
      if (rsp.code !== ObexResponse.Success || !rsp.connect) throw refusal(rsp, 'connect');
      const peerMax = rsp.connect.maxPacketLength;
      this.sendMax = Math.max(MIN_MAX_PACKET_LENGTH, Math.min(this.ownMax, peerMax));
      this.connId = headerNumber(rsp.headers, ObexHeaderId.ConnectionId);
      return {
        who: headerBytes(rsp.headers, ObexHeaderId.Who),
        connectionId: this.connId,
        peerMaxPacketLength: peerMax,
        maxPacketLength: this.sendMax,
        headers: rsp.headers,
      };
    });
  }

  /**
   * PUTs `body` as one object: the first packet carries Name, Type and Length, body chunks
   * fill each packet to the negotiated maximum, the last packet is a final PUT with
   * End-of-Body. Resolves with the final response (2xx); rejects with ObexError otherwise.
   */
  put(
    name: string | undefined,
    type: string | undefined,
    body: Uint8Array,
    options: TransferOptions = {},
  ): Promise<ObexPacket> {
    return this.enqueue(async () => {
      const first = [...this.idHeaders(), ...describe(name, type)];
      first.push(u32Header(ObexHeaderId.Length, body.length));
      let sent = 0;
      let headers = first;
      for (;;) {
        const fixed = headers.reduce((n, h) => n + headerSize(h), 3 + 3);
        const room = this.sendMax - fixed;
        // room 0 with body left would send empty Body packets forever.
        if (room < 0 || (room === 0 && sent < body.length))
          throw new RangeError(`put: headers need ${fixed} bytes, packet max is ${this.sendMax}`);
        const last = body.length - sent <= room;
        const end = last ? body.length : sent + room;
        const chunk = bytesHeader(
          last ? ObexHeaderId.EndOfBody : ObexHeaderId.Body,
          body.subarray(sent, end),
        );
        const rsp = await this.exchange(
          { code: last ? ObexOpcode.PutFinal : ObexOpcode.Put, headers: [...headers, chunk] },
          'put',
        );
        sent = end;
        if (last) {
          if (!isSuccess(rsp.code)) throw refusal(rsp, 'put');
          options.onProgress?.(sent, body.length);
          return rsp;
        }
        if (rsp.code !== ObexResponse.Continue) throw refusal(rsp, 'put');
        options.onProgress?.(sent, body.length);
        await this.abortPoint('put');
        headers = this.idHeaders();
      }
    });
  }

  /**
   * GETs one object: repeats the final GET while the peer answers 0x90, copying each Body
   * and End-of-Body straight into one buffer (sized from the Length header when it is
   * within `maxObjectSize`; a Length that is wrong only costs a regrowth or a trim).
   * Rejects with ObexError for an error code and DecodeError `too-large` as soon as the
   * bytes received pass `maxObjectSize`.
   */
  get(
    name: string | undefined,
    type: string | undefined,
    options: TransferOptions = {},
  ): Promise<Uint8Array> {
    return this.enqueue(async () => {
      let headers = [...this.idHeaders(), ...describe(name, type)];
      let object: ObjectBuffer | undefined;
      let size = 0;
      let total: number | undefined;
      for (;;) {
        const rsp = await this.exchange({ code: ObexOpcode.GetFinal, headers }, 'get');
        if (rsp.code !== ObexResponse.Continue && !isSuccess(rsp.code)) throw refusal(rsp, 'get');
        total ??= headerNumber(rsp.headers, ObexHeaderId.Length);
        for (const h of rsp.headers) {
          if (
            (h.id === ObexHeaderId.Body || h.id === ObexHeaderId.EndOfBody) &&
            h.kind === 'bytes'
          ) {
            size += h.value.length;
            if (size > this.maxObjectSize) {
              throw new DecodeError(
                size,
                'too-large',
                `object exceeds ${this.maxObjectSize} bytes`,
                'obex',
              );
            }
            object ??= new ObjectBuffer(this.maxObjectSize, total);
            object.append(h.value);
          }
        }
        options.onProgress?.(size, total);
        if (rsp.code !== ObexResponse.Continue) return object?.finish() ?? new Uint8Array(0);
        await this.abortPoint('get');
        headers = this.idHeaders();
      }
    });
  }

  /**
   * SetPath: `'..'` goes up one level, `''` goes to the root (empty Name), any other
   * name enters that child folder, creating it only when `create` is true.
   */
  setPath(name: string, options: { create?: boolean | undefined } = {}): Promise<void> {
    return this.enqueue(async () => {
      const up = name === '..';
      const flags =
        (up ? SETPATH_BACKUP : 0) | (options.create === true && !up ? 0 : SETPATH_DONT_CREATE);
      const headers = this.idHeaders();
      if (!up) headers.push(unicodeHeader(ObexHeaderId.Name, name));
      const rsp = await this.exchange(
        { code: ObexOpcode.SetPath, setPath: { flags, constants: 0 }, headers },
        'setpath',
      );
      if (!isSuccess(rsp.code)) throw refusal(rsp, 'setpath');
    });
  }

  /** Deletes an object: a final PUT with Name and no body headers (IrOBEX §3.3.3.6). */
  delete(name: string): Promise<void> {
    return this.enqueue(async () => {
      const headers = [...this.idHeaders(), unicodeHeader(ObexHeaderId.Name, name)];
      const rsp = await this.exchange({ code: ObexOpcode.PutFinal, headers }, 'delete');
      if (!isSuccess(rsp.code)) throw refusal(rsp, 'delete');
    });
  }

  /**
   * Aborts the multi-packet PUT or GET in progress: it sends Abort instead of its next
   * packet and rejects with ObexAbortedError; this promise resolves once that is done.
   * With nothing in progress it sends a lone Abort.
   */
  abort(): Promise<void> {
    if (this.busy) {
      this.abortRequested = true;
      return new Promise((resolve) => this.abortListeners.push(resolve));
    }
    return this.enqueue(async () => {
      await this.exchange({ code: ObexOpcode.Abort, headers: this.idHeaders() }, 'abort');
    });
  }

  /** Sends Disconnect; the Connection ID is forgotten whatever the answer. */
  disconnect(): Promise<void> {
    return this.enqueue(async () => {
      const rsp = await this.exchange(
        { code: ObexOpcode.Disconnect, headers: this.idHeaders() },
        'disconnect',
      );
      this.connId = undefined;
      if (!isSuccess(rsp.code)) throw refusal(rsp, 'disconnect');
    });
  }

  private idHeaders(): ObexHeader[] {
    return this.connId === undefined ? [] : [u32Header(ObexHeaderId.ConnectionId, this.connId)];
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.busy = true;
      try {
        return await fn();
      } finally {
        this.busy = false;
        this.abortRequested = false;
        const listeners = this.abortListeners;
        this.abortListeners = [];
        for (const l of listeners) l();
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async abortPoint(operation: string): Promise<void> {
    if (!this.abortRequested) return;
    await this.exchange({ code: ObexOpcode.Abort, headers: this.idHeaders() }, 'abort');
    throw new ObexAbortedError(operation);
  }

  private exchange(packet: ObexPacket, operation: string, forConnect = false): Promise<ObexPacket> {
    return this.channel.exchange(packet, operation, forConnect);
  }
}

function describe(name: string | undefined, type: string | undefined): ObexHeader[] {
  const headers: ObexHeader[] = [];
  if (name !== undefined) headers.push(unicodeHeader(ObexHeaderId.Name, name));
  if (type !== undefined) headers.push(bytesHeader(ObexHeaderId.Type, asciiz(type)));
  return headers;
}

function isSuccess(code: number): boolean {
  return code >= 0xa0 && code <= 0xaf;
}

function refusal(rsp: ObexPacket, operation: string): ObexError {
  return new ObexError(rsp.code, operation, headerText(rsp.headers, ObexHeaderId.Description));
}
