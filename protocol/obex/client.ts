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
import type { BodySink, BodySource } from './body.js';
import { isSuccess, receiveBody, refusal, sendBody } from './client-body.js';
import type { BodyChannel, GetResult } from './client-body.js';
import { ObexAbortedError } from './errors.js';
import { ObjectBuffer } from './object-buffer.js';
import { DEFAULT_READ_AHEAD_BYTES } from './sink-queue.js';
import { RequestChannel } from './request-channel.js';
import {
  asciiz,
  bytesHeader,
  headerBytes,
  headerNumber,
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
  /**
   * Offer OBEX Single Response Mode on every PUT and GET (default true): used only when
   * the peer's first answer accepts it, so a peer that does not know it sees a header it
   * ignores and the transfer goes on packet by packet (see `srm.ts`).
   */
  readonly singleResponseMode?: boolean | undefined;
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
  /**
   * Called as the body moves: after each packet, or after each run of packets that a
   * Single Response Mode PUT of an object in memory writes at once (up to ~256 KiB).
   */
  readonly onProgress?: ProgressListener | undefined;
}

/** Options of {@link ObexClient.getTo}. */
export interface GetOptions extends TransferOptions {
  /**
   * Bytes received but not yet written that the client holds before it stops asking the
   * peer for more (default 1 MiB): a sink that stalls briefly does not stall the link.
   */
  readonly readAheadBytes?: number | undefined;
}

/** Options of {@link ObexClient.putFrom}. */
export interface PutOptions extends TransferOptions {
  /** The object's size, sent as the Length header (lets the peer refuse early or preallocate). */
  readonly length?: number | undefined;
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
  private readonly srm: boolean;
  private sendMax = MIN_MAX_PACKET_LENGTH;
  private connId: number | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private busy = false;
  private abortRequested = false;
  private abortListeners: (() => void)[] = [];
  /** The view of this client the body loops work through. */
  private readonly body: BodyChannel = {
    sendMax: () => this.sendMax,
    idHeaders: () => this.idHeaders(),
    exchange: (packet, operation) => this.exchange(packet, operation),
    exchangeParts: (parts, operation) => this.channel.exchangeParts(parts, operation),
    abortPoint: (operation) => this.abortPoint(operation),
    abortRequested: () => this.abortRequested,
    offerSrm: () => this.srm,
    setStreaming: (on) => this.channel.setStreaming(on),
    hasPacket: () => this.channel.hasPacket,
    receive: (operation) => this.channel.receive(operation),
    takeKept: () => this.channel.takeKept(),
    send: (parts, operation) => this.channel.send(parts, operation),
  };

  constructor(link: Link, options: ObexClientOptions = {}) {
    this.ownMax = options.maxPacketLength ?? DEFAULT_MAX_PACKET_LENGTH;
    this.maxObjectSize = options.maxObjectSize ?? DEFAULT_MAX_OBJECT_SIZE;
    this.srm = options.singleResponseMode ?? true;
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
   * PUTs `body` as one object: the first packet carries Name, Type and Length, body bytes
   * fill each packet to the negotiated maximum, the last packet is a final PUT with
   * End-of-Body. Resolves with the final response (2xx); rejects with ObexError otherwise.
   * Built on {@link putFrom}.
   */
  put(
    name: string | undefined,
    type: string | undefined,
    body: Uint8Array,
    options: TransferOptions = {},
  ): Promise<ObexPacket> {
    return this.putFrom(name, type, [body], { ...options, length: body.length });
  }

  /**
   * PUTs one object read piece by piece from `source` (a file read in chunks, any async
   * iterable of byte arrays), so its size is bounded by nothing but the peer: the first
   * packet carries Name, Type and Length (when `options.length` is given), every packet
   * is filled to the negotiated maximum, the packet that empties the source is the final
   * PUT with End-of-Body. Resolves with the final response (2xx); rejects with ObexError
   * for any other code, with ObexAbortedError after `abort()`, and with the source's own
   * error if reading it fails (after sending Abort when the peer had already seen part of
   * the object).
   */
  putFrom(
    name: string | undefined,
    type: string | undefined,
    source: BodySource,
    options: PutOptions = {},
  ): Promise<ObexPacket> {
    return this.enqueue(() => {
      const first = [...this.idHeaders(), ...describe(name, type)];
      if (options.length !== undefined) first.push(u32Header(ObexHeaderId.Length, options.length));
      return sendBody(this.body, first, source, options.length, options.onProgress);
    });
  }

  /**
   * GETs one object into one buffer (sized from the Length header when it is within
   * `maxObjectSize`; a Length that is wrong only costs a regrowth or a trim). Rejects with
   * ObexError for an error code and DecodeError `too-large` as soon as the bytes received
   * pass `maxObjectSize`. Built on {@link getTo}; large objects belong in a sink instead.
   */
  async get(
    name: string | undefined,
    type: string | undefined,
    options: TransferOptions = {},
  ): Promise<Uint8Array> {
    let object: ObjectBuffer | undefined;
    let announced: number | undefined;
    const onProgress = (done: number, total: number | undefined): void => {
      announced ??= total;
      options.onProgress?.(done, total);
    };
    const sink = {
      write: (piece: Uint8Array): void => {
        object ??= new ObjectBuffer(this.maxObjectSize, announced);
        object.append(piece);
      },
    };
    await this.enqueue(() =>
      receiveBody(this.body, [...this.idHeaders(), ...describe(name, type)], sink, {
        limit: this.maxObjectSize,
        readAheadBytes: DEFAULT_READ_AHEAD_BYTES,
        onProgress,
      }),
    );
    return object?.finish() ?? new Uint8Array(0);
  }

  /**
   * GETs one object and hands it to `sink` piece by piece as packets arrive (a file, the
   * vault), never holding much of it: `sink.write` is not called again before its
   * previous promise settled, and the client keeps asking for packets while the sink
   * writes only until `readAheadBytes` (default 1 MiB) wait for it. `maxObjectSize`
   * does not apply (the sink decides what it can take; a sink that throws ends the
   * transfer with Abort and its error). Resolves with the size
   * received and the announced Length; rejects as {@link get} does, with
   * ObexAbortedError after `abort()`, and with `LinkDisconnectedError` when the peer
   * vanishes mid-object.
   */
  getTo(
    name: string | undefined,
    type: string | undefined,
    sink: BodySink,
    options: GetOptions = {},
  ): Promise<GetResult> {
    return this.enqueue(() =>
      receiveBody(this.body, [...this.idHeaders(), ...describe(name, type)], sink, {
        limit: Number.POSITIVE_INFINITY,
        readAheadBytes: options.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES,
        onProgress: options.onProgress,
      }),
    );
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
