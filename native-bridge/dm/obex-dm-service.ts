/**
 * The handset's OBEX `SYNCML-DM` service (PROTOCOL-FACTS §5.2, reversed roles): the
 * console PUTs each server package (or a package #0) and GETs our reply. Each PUT body
 * goes to the DM client session; its answer is buffered until the following GET.
 */
import { isLinkDisconnected } from '../../protocol/link/link.js';
import { ObexResponse } from '../../protocol/obex/codes.js';
import { ObexRefusal } from '../../protocol/obex/errors.js';
import type { ObexService, RequestContext } from '../../protocol/obex/service.js';
import { SYNCML_DM_TARGET } from '../../protocol/obex/targets.js';
import type { DmPackage, DmPackageHandler } from '../../protocol/session/transport.js';
import { DM_NOTIFICATION_TYPE, dmTypeOf, mediaType } from './content-type.js';
import { DmTransportError } from './errors.js';

/** Options of {@link ObexDmService}. */
export interface ObexDmServiceOptions {
  /**
   * Opens a DM client session and returns its package handler (e.g.
   * `clientHandler(new ClientSession(…))`). Called at the first PUT of a connection, and
   * again when a package #0 arrives after the current session has started.
   */
  readonly openSession: () => DmPackageHandler;
  /**
   * The OBEX connection ended while a session was open: `error` is a `DmTransportError`
   * (layer `link`) when the link broke or a transfer was cut short, undefined after an
   * orderly Disconnect.
   */
  readonly onSessionEnd?: (error: DmTransportError | undefined) => void;
  /** Deviations and refusals, one line each. */
  readonly log?: (line: string) => void;
}

interface Connection {
  handler: DmPackageHandler | undefined;
  reply: Promise<DmPackage | undefined> | undefined;
}

const EMPTY = new Uint8Array(0);

/**
 * An `ObexService` for Target `SYNCML-DM`.
 *
 * Decisions:
 * - A GET without a preceding PUT is refused with 0xC0 Bad Request (there is nothing to
 *   answer; an empty body would read as "session over" to the console).
 * - A PUT of a package #0 (Type `application/vnd.syncml.notification`) starts a new
 *   session when the current one already started; other PUTs go to the current session.
 * - When the session has nothing to say (it ended, or failed), the GET answers 0xA0 with
 *   an empty body.
 * - A second PUT before the GET replaces the buffered reply (the console gave up on it).
 */
export class ObexDmService implements ObexService {
  readonly target = SYNCML_DM_TARGET;
  private readonly connections = new Map<number | undefined, Connection>();

  constructor(private readonly options: ObexDmServiceOptions) {}

  onConnect(ctx: RequestContext): void {
    this.connections.set(ctx.connectionId, { handler: undefined, reply: undefined });
  }

  onPut(
    _name: string | undefined,
    type: string | undefined,
    body: Uint8Array,
    ctx: RequestContext,
  ) {
    const conn = this.connection(ctx);
    const media = mediaType(type ?? '');
    if (conn.handler === undefined || media === DM_NOTIFICATION_TYPE) {
      conn.handler = this.options.openSession();
    }
    const pkg: DmPackage = {
      body,
      contentType: media === '' ? dmTypeOf(body) : media,
      headers: {},
    };
    if (type === undefined) this.options.log?.('obex dm: PUT without a Type header');
    const reply = conn.handler(pkg).catch(() => undefined);
    conn.reply = reply;
  }

  async onGet(_name: string | undefined, _type: string | undefined, ctx: RequestContext) {
    const conn = this.connection(ctx);
    const reply = conn.reply;
    if (reply === undefined) {
      this.options.log?.('obex dm: GET without a preceding PUT refused (0xC0)');
      throw new ObexRefusal(ObexResponse.BadRequest, 'GET without a preceding PUT');
    }
    conn.reply = undefined;
    const out = await reply;
    return out?.body ?? EMPTY;
  }

  onTransferError(error: Error, _t: unknown, ctx: RequestContext): void {
    if (isLinkDisconnected(error)) this.end(ctx, error);
  }

  /**
   * An orderly Disconnect request carries headers (at least the Connection ID); the
   * server's end-of-link call carries none, so that one is reported as a broken link.
   */
  onDisconnect(ctx: RequestContext): void {
    this.end(ctx, ctx.headers.length > 0 ? undefined : new Error('link ended while connected'));
  }

  private end(ctx: RequestContext, error: unknown): void {
    const conn = this.connections.get(ctx.connectionId);
    if (conn === undefined) return;
    this.connections.delete(ctx.connectionId);
    if (conn.handler === undefined) return;
    const e =
      error === undefined
        ? undefined
        : new DmTransportError(
            'link',
            error instanceof Error ? error.message : String(error),
            undefined,
            { cause: error },
          );
    this.options.onSessionEnd?.(e);
  }

  private connection(ctx: RequestContext): Connection {
    let conn = this.connections.get(ctx.connectionId);
    if (conn === undefined) {
      conn = { handler: undefined, reply: undefined };
      this.connections.set(ctx.connectionId, conn);
    }
    return conn;
  }
}
