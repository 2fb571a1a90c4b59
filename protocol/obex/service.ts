import { ObexHeaderId, ObexResponse } from './codes.js';
import { isObexRefusal } from './errors.js';
import type { ObexRefusal } from './errors.js';
import { fromAsciiz, headerBytes, unicodeHeader } from './headers.js';
import type { ObexHeader } from './headers.js';
import type { BodySink, BodySource } from './body.js';
import type { ObexPacket } from './packet.js';

/** Who is asking: the Connection ID the request carried and the request's headers. */
export interface RequestContext {
  /** Connection ID of the session (undefined for the default inbox). */
  readonly connectionId: number | undefined;
  /** Headers of the (first) request packet, e.g. for App-Params. */
  readonly headers: readonly ObexHeader[];
}

/** The SetPath flags, spelled out. */
export interface SetPathFlags {
  /** Go up one level before applying the name (`..`). */
  readonly backup: boolean;
  /** Create the folder if it does not exist (the "don't create" bit is clear). */
  readonly create: boolean;
}

/** A handler's answer: a value, or a refusal with a response code (also thrown). */
export type HandlerResult<T> = T | ObexRefusal | Promise<T | ObexRefusal>;

/** Which transfer was cut short. */
export interface TransferInfo {
  readonly operation: 'put' | 'get';
  readonly name: string | undefined;
  readonly type: string | undefined;
  /** Body bytes received (PUT) or sent (GET) before it broke. */
  readonly bytes: number;
}

/** What is known of an incoming PUT when its first body piece arrives. */
export interface PutInfo {
  /** The Length header, if the peer sent one (a hint: the body may differ). */
  readonly length: number | undefined;
}

/**
 * Where an incoming PUT's body goes, piece by piece (see {@link ObexService.openPut}).
 * `write` gets each piece in order and is not called again before its previous promise
 * settled; meanwhile at most one more packet is read from the peer. Throwing from any
 * method refuses the PUT (an `ObexRefusal`'s code, 0xD0 for other errors).
 */
export interface ObexPutSink extends BodySink {
  /** The final packet arrived and every piece was written: commit the object. */
  close(): HandlerResult<void>;
  /**
   * The object will not be complete — Abort, the link lost, another request, a refused
   * piece, `maxObjectSize` passed: discard what was written. Not called after `close()`.
   */
  abort?(reason: Error): void | Promise<void>;
}

/** A GET's answer as pieces (see {@link ObexService.openGet}). */
export interface ObexGetSource {
  /** The object's size, sent as the Length header when known. */
  readonly length?: number | undefined;
  /** The bytes; read as packets are asked for, `return()`ed when the transfer breaks. */
  readonly body: BodySource;
}

/**
 * One OBEX service, selected by Target at Connect. Every handler is optional; a missing
 * one answers 0xD1 Not Implemented (Connect and Disconnect simply succeed). Handlers run
 * one at a time, in request order. To refuse, throw or return an `ObexRefusal`.
 */
export interface ObexService {
  /** Target bytes (e.g. ASCII `SYNCML-DM`, the Folder Browsing UUID); none = default inbox. */
  readonly target?: Uint8Array | undefined;
  onConnect?(ctx: RequestContext): HandlerResult<void>;
  /** A complete object arrived (all packets of a PUT with a body). */
  onPut?(
    name: string | undefined,
    type: string | undefined,
    body: Uint8Array,
    ctx: RequestContext,
  ): HandlerResult<void>;
  /**
   * Streaming PUT, preferred over `onPut` when present: called when the first body piece
   * arrives (a PUT without body is still `onDelete`), returns where the pieces go. The
   * object never has to be held whole, whatever its size.
   */
  openPut?(
    name: string | undefined,
    type: string | undefined,
    ctx: RequestContext,
    info: PutInfo,
  ): HandlerResult<ObexPutSink>;
  /**
   * Streaming GET, preferred over `onGet` when present: returns the object as a source
   * of pieces, read packet by packet as the peer asks for them.
   */
  openGet?(
    name: string | undefined,
    type: string | undefined,
    ctx: RequestContext,
  ): HandlerResult<ObexGetSource>;
  /** The object to send for a GET. */
  onGet?(
    name: string | undefined,
    type: string | undefined,
    ctx: RequestContext,
  ): HandlerResult<Uint8Array>;
  /** `name` undefined: no Name header; `''`: empty Name (root). */
  onSetPath?(
    name: string | undefined,
    flags: SetPathFlags,
    ctx: RequestContext,
  ): HandlerResult<void>;
  /** A PUT without any body header (IrOBEX delete). */
  onDelete?(name: string | undefined, ctx: RequestContext): HandlerResult<void>;
  /**
   * A PUT or GET ended early (after the `ObexPutSink.abort` of a streaming PUT):
   * `LinkDisconnectedError` (peer gone), `LinkClosedError`,
   * `ObexAbortedError` (Abort or another request), DecodeError (garbled stream). Discard
   * any half-received object.
   */
  onTransferError?(error: Error, transfer: TransferInfo, ctx: RequestContext): void | Promise<void>;
  /** Disconnect received, or the link ended while connected. */
  onDisconnect?(ctx: RequestContext): void | Promise<void>;
}

/** The outcome of calling a handler: its value, or the response to send instead. */
export type HandlerOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: ObexPacket };

/** Calls a handler and maps refusals to their code and other errors to 0xD0. */
export async function callHandler<T>(fn: () => HandlerResult<T>): Promise<HandlerOutcome<T>> {
  try {
    const value = await fn();
    if (isObexRefusal(value)) return { ok: false, response: refusalResponse(value) };
    return { ok: true, value: value as T };
  } catch (e) {
    if (isObexRefusal(e)) return { ok: false, response: refusalResponse(e) };
    return { ok: false, response: { code: ObexResponse.InternalServerError, headers: [] } };
  }
}

/** Calls a handler that returns nothing; the response is 0xA0 or the refusal. */
export async function runHandler(fn: () => HandlerResult<void> | undefined): Promise<ObexPacket> {
  const outcome = await callHandler(fn);
  return outcome.ok ? { code: ObexResponse.Success, headers: [] } : outcome.response;
}

function refusalResponse(r: ObexRefusal): ObexPacket {
  const code =
    Number.isInteger(r.code) && r.code >= 0xc0 && r.code <= 0xff
      ? r.code
      : ObexResponse.InternalServerError;
  return {
    code,
    headers: r.description ? [unicodeHeader(ObexHeaderId.Description, r.description)] : [],
  };
}

/** Byte-wise equality (Target matching). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A Type header's value as text, tolerating a missing NUL. */
export function typeOf(headers: readonly ObexHeader[]): string | undefined {
  const t = headerBytes(headers, ObexHeaderId.Type);
  return t === undefined ? undefined : fromAsciiz(t);
}
