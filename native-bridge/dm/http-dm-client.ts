/**
 * The handset's DM transport over HTTP: POSTs each client package to the server URI,
 * follows the RespURI of every reply, and returns the reply as a `DmPackage` — the
 * `DmTransport` that `runClient` drives.
 */
import { Agent, request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { HMAC_HEADER_NAME } from '../../protocol/auth/hmac-header.js';
import type { DmHeaders, DmPackage, DmTransport } from '../../protocol/session/transport.js';
import { decodeMessage } from '../../protocol/syncml/codec.js';
import { dmTypeOf } from './content-type.js';
import { DmTransportError } from './errors.js';

/** Options of {@link HttpDmClient}. */
export interface HttpDmClientOptions {
  /** The server's DM URI (DMAcc `Addr`), e.g. `http://127.0.0.1:8080/dm`. */
  readonly serverUri: string;
  /** Largest reply body accepted; default 16 MiB. */
  readonly maxBodyBytes?: number;
}

/**
 * An HTTP `DmTransport` (one session at a time).
 *
 * Behaviour: each exchange is one POST with the package's Content-Type and, when the
 * session signed it, its `x-syncml-hmac` header; a 200 answer is the reply (an empty body
 * = no reply); the reply's SyncHdr RespURI (resolved against the current URI) becomes the
 * target of the next POST and stays until another replaces it. Any other status rejects
 * with `DmTransportError` layer `http` and the status; a socket failure with layer `http`
 * and no code. `close()` drops kept-alive connections.
 */
export class HttpDmClient implements DmTransport {
  private target: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly maxBody: number;

  constructor(options: HttpDmClientOptions) {
    this.target = new URL(options.serverUri);
    if (this.target.protocol !== 'http:')
      throw new TypeError(`serverUri: ${options.serverUri} is not an http: URL`);
    this.maxBody = options.maxBodyBytes ?? 16 << 20;
  }

  /** Where the next POST goes. */
  get uri(): string {
    return this.target.href;
  }

  async exchange(
    body: Uint8Array,
    contentType: string,
    headers: DmHeaders = {},
  ): Promise<DmPackage> {
    const res = await this.post(body, contentType, headers);
    const reply = await this.read(res);
    if (res.statusCode !== 200) {
      throw new DmTransportError(
        'http',
        `POST ${this.target.href}: ${res.statusCode ?? '?'}`,
        res.statusCode,
      );
    }
    const hmac = res.headers[HMAC_HEADER_NAME];
    const pkg: DmPackage = {
      body: reply,
      contentType: res.headers['content-type'] ?? dmTypeOf(reply),
      headers: typeof hmac === 'string' ? { [HMAC_HEADER_NAME]: hmac } : {},
    };
    if (reply.length > 0) this.follow(reply);
    return pkg;
  }

  /** Drops kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private follow(body: Uint8Array): void {
    let resp: string | undefined;
    try {
      resp = decodeMessage(body).message.header.respURI;
    } catch {
      return; // the session reports the malformed package itself
    }
    if (resp === undefined) return;
    try {
      this.target = new URL(resp, this.target);
    } catch {
      // An unusable RespURI: keep the last good one.
    }
  }

  private post(
    body: Uint8Array,
    contentType: string,
    headers: DmHeaders,
  ): Promise<IncomingMessage> {
    const hmac = headers[HMAC_HEADER_NAME];
    return new Promise((resolve, reject) => {
      const req = request(this.target, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': contentType,
          'content-length': body.length,
          ...(hmac !== undefined ? { [HMAC_HEADER_NAME]: hmac } : {}),
        },
      });
      req.once('response', resolve);
      req.once('error', (e) =>
        reject(
          new DmTransportError('http', `POST ${this.target.href}: ${e.message}`, undefined, {
            cause: e,
          }),
        ),
      );
      req.end(body);
    });
  }

  private async read(res: IncomingMessage): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBody) {
          res.destroy();
          throw new DmTransportError('http', `reply larger than ${this.maxBody} bytes`);
        }
        parts.push(chunk);
      }
    } catch (e) {
      if (e instanceof DmTransportError) throw e;
      throw new DmTransportError('http', `reading the reply: ${String(e)}`, undefined, {
        cause: e,
      });
    }
    return new Uint8Array(Buffer.concat(parts, size));
  }
}
