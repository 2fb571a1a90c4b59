/**
 * Uploading a retrieval to an http(s) `Config/RetrieveTarget` (CIMO-MO.md "Retrieve",
 * network handsets). The console's endpoint implements the receiving side of this
 * protocol.
 *
 * The protocol, for a target URL `T` (trailing `/` ignored), correlator `C` and the
 * objects of manifest `M`:
 *
 * 1. First: `PUT T/C/manifest.xml` with the manifest XML, `Content-Type:
 *    application/xml; charset=utf-8` and `X-CIMO-DevId` — so the endpoint knows every
 *    object's size and digest before it arrives and can store and check it as it streams
 *    in, instead of holding the objects until the manifest (the console accepts both
 *    orders: CIMO-MO.md does not fix one).
 * 2. Then for each object, in manifest order: `PUT T/C/<name>` — `C` and `<name>` each
 *    one %-encoded path segment — with the object's bytes as body, `Content-Type` = the
 *    object's `type`, `Content-Length` = its size, and headers
 *    `X-CIMO-SHA256: <64 hex>`, `X-CIMO-Info: <item id>`, `X-CIMO-DevId: <DevId>`. The
 *    answer to each says whether that object arrived intact (a 422 when it did not).
 *
 * Any 2xx answer accepts a PUT. Each request has its own timeout. Outcome: a connection
 * that cannot be made (refused, no route, DNS failure, timeout) is
 * {@link RetrieveUploadError} `unreachable` (result 1411); a non-2xx answer or a
 * connection lost mid-transfer is `rejected` (result 1410).
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { RetrievalManifest } from '../../protocol/cimo/manifest.js';

/** Why an upload failed. */
export class RetrieveUploadError extends Error {
  override readonly name = 'RetrieveUploadError';
  readonly retrieveUploadError = true;
  constructor(
    /** `unreachable`: no connection (1411); `rejected`: refused or cut short (1410). */
    readonly kind: 'unreachable' | 'rejected',
    detail: string,
    /** The HTTP status, when the endpoint answered. */
    readonly status?: number,
  ) {
    super(`retrieve upload: ${detail}`);
  }
}

/** Options of {@link uploadRetrieval}. */
export interface UploadOptions {
  /** The http(s) RetrieveTarget. */
  readonly target: string;
  /** Folder holding the exported objects (file names = manifest names). */
  readonly folder: string;
  readonly manifest: RetrievalManifest;
  /** The manifest as sent (the XML `manifest.xml` holds). */
  readonly manifestXml: string;
  readonly devId: string;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  /** Called after each object with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Uploads the manifest then the objects (see the module comment for the protocol). */
export async function uploadRetrieval(o: UploadOptions): Promise<void> {
  const base = new URL(o.target);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new RetrieveUploadError('unreachable', `${o.target} is not an http(s) URL`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = (name: string): URL => {
    const u = new URL(base.href);
    u.pathname = `${prefix}/${encodeURIComponent(o.manifest.correlator)}/${encodeURIComponent(name)}`;
    return u;
  };
  const body = Buffer.from(o.manifestXml, 'utf8');
  await put(
    url('manifest.xml'),
    {
      'content-type': 'application/xml; charset=utf-8',
      'content-length': String(body.length),
      'x-cimo-devid': o.devId,
    },
    (req) => req.end(body),
    o.timeoutMs ?? 30_000,
  );
  const total = o.manifest.objects.length;
  let done = 0;
  for (const obj of o.manifest.objects) {
    await put(
      url(obj.name),
      {
        'content-type': obj.type,
        'content-length': String(obj.size),
        'x-cimo-sha256': obj.sha256,
        'x-cimo-info': obj.info,
        'x-cimo-devid': o.devId,
      },
      (req) =>
        createReadStream(join(o.folder, obj.name))
          .on('error', (e) => req.destroy(e))
          .pipe(req),
      o.timeoutMs ?? 30_000,
    );
    o.onProgress?.(++done, total);
  }
}

function put(
  url: URL,
  headers: OutgoingHttpHeaders,
  send: (req: ClientRequest) => void,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let connected = false;
    const req = request(
      url,
      { method: 'PUT', headers, timeout: timeoutMs },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new RetrieveUploadError('rejected', `PUT ${url.href}: ${status}`, status));
        });
        res.on('error', (e) => reject(new RetrieveUploadError('rejected', e.message)));
      },
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => {
      const kind = connected ? 'rejected' : 'unreachable';
      reject(new RetrieveUploadError(kind, `PUT ${url.href}: ${e.message}`));
    });
    send(req);
  });
}
