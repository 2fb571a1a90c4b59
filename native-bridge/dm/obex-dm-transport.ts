/**
 * The console's DM transport over OBEX (PROTOCOL-FACTS §5.2): the console is the OBEX
 * client. It connects once with Target `SYNCML-DM`, then each exchange is a PUT of our
 * package (Type = its MIME type, sent NUL-terminated by the OBEX client) followed by a GET
 * of the handset's reply with a DM Type header, which tells the handset which encoding
 * to answer in.
 */
import type { ObexClient } from '../../protocol/obex/client.js';
import { SYNCML_DM_TARGET } from '../../protocol/obex/targets.js';
import { SYNCML_DM_MIME } from '../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import type { DmHeaders, DmPackage, DmTransport } from '../../protocol/session/transport.js';
import { DM_NOTIFICATION_TYPE, dmTypeOf, mediaType } from './content-type.js';
import { obexFailure } from './errors.js';

/** Options of {@link ObexDmTransport}. */
export interface ObexDmTransportOptions {
  /**
   * Encoding asked for in the GET that follows a package #0 PUT (there is no DM type to
   * copy then). Default `xml`.
   */
  readonly replyEncoding?: SyncMLEncoding | undefined;
}

/**
 * A `DmTransport` over an `ObexClient` whose link is already open.
 *
 * Behaviour:
 * - The first exchange sends Connect (Target `SYNCML-DM`); later ones reuse the Connection
 *   ID. A refused Connect rejects with `DmTransportError` layer `obex-connect` and the
 *   response code (0xC3 when the handset has no DM service, 0xD3 when it is busy).
 * - A package #0 (`application/vnd.syncml.notification`) is PUT with that Type and the
 *   reply (package 1) fetched with a GET of `replyEncoding`'s DM type; a DM package's GET
 *   repeats its own Type (parameters stripped).
 * - An empty GET answer means "no reply" (the handset ended the session).
 * - The reply's content type is judged from its bytes; OBEX carries no transport headers
 *   here, so the reply's `headers` are empty and `headers` given to `exchange` are not
 *   sent (see the folder README on HMAC over OBEX).
 * - Link failures (disconnect, close, OBEX request timeout) reject with layer `link`; a
 *   refused PUT or GET with `obex-put` / `obex-get` and the response code.
 */
export class ObexDmTransport implements DmTransport {
  private connected = false;
  private readonly replyType: string;

  constructor(
    private readonly client: ObexClient,
    options: ObexDmTransportOptions = {},
  ) {
    this.replyType = SYNCML_DM_MIME[options.replyEncoding ?? 'xml'];
  }

  /** Connects with Target `SYNCML-DM` unless already connected. */
  async connect(): Promise<void> {
    if (this.connected) return;
    try {
      await this.client.connect({ target: SYNCML_DM_TARGET });
    } catch (e) {
      throw obexFailure('obex-connect', e);
    }
    this.connected = true;
  }

  async exchange(pkg: Uint8Array, contentType: string, headers?: DmHeaders): Promise<DmPackage> {
    void headers;
    await this.connect();
    const type = mediaType(contentType);
    await this.put(pkg, type);
    const getType = type === DM_NOTIFICATION_TYPE ? this.replyType : type;
    let body: Uint8Array;
    try {
      body = await this.client.get(undefined, getType);
    } catch (e) {
      throw obexFailure('obex-get', e);
    }
    return { body, contentType: body.length > 0 ? dmTypeOf(body) : getType, headers: {} };
  }

  /**
   * PUTs a package #0 alone (no GET): for a handset that opens the session itself after
   * the notification, e.g. over another link.
   */
  async notify(pkg0: Uint8Array): Promise<void> {
    await this.connect();
    await this.put(pkg0, DM_NOTIFICATION_TYPE);
  }

  /** Sends Disconnect when connected; failures are ignored (the link may be gone). */
  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.client.disconnect().catch(() => undefined);
  }

  private async put(body: Uint8Array, type: string): Promise<void> {
    try {
      await this.client.put(undefined, type, body);
    } catch (e) {
      throw obexFailure('obex-put', e);
    }
  }
}
