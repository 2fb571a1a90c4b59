/**
 * The receiving side of the handset's retrieval upload (`handset/device/retrieve-upload.ts`):
 * `PUT <base>/<correlator>/manifest.xml` and `PUT <base>/<correlator>/<name>` for each
 * object. Only correlators the runner announced ({@link UploadReceiver.expect}) are
 * accepted (404 otherwise), from the DevId it expects (403 otherwise).
 *
 * CIMO-MO.md does not fix the order, so both are accepted:
 * - **manifest first** (what our reference handset does): the vault retrieval begins at
 *   once and every object streams straight into it — encrypted, size and SHA-256 checked
 *   against the manifest — so nothing is held in memory and whatever arrived before a
 *   crash is already in the vault. Each object's PUT is answered 200 when it matched,
 *   422 when not; the retrieval is finished when every manifest object has been tried.
 * - **objects first, manifest last**: objects are held in memory (bounded per upload,
 *   413 beyond) until the manifest arrives, then stored and checked the same way; the
 *   manifest's PUT is answered 200 when the retrieval verified, 422 when not.
 * Nothing is written in plain text.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseManifest } from '../../../protocol/cimo/index.js';
import type { RetrievalManifest } from '../../../protocol/cimo/index.js';
import type { Vault, RetrievalDetail } from '../vault/index.js';

/** What the runner expects of one upload. */
export interface ExpectedUpload {
  readonly devId: string;
  readonly imei: string;
  readonly model?: string;
  readonly link?: string;
  /** Items selected for the Retrieve. */
  readonly items: readonly string[];
}

interface Pending {
  readonly expected: ExpectedUpload;
  /** Objects that arrived before the manifest, by name. */
  readonly objects: Map<string, Uint8Array>;
  bytes: number;
  /** Set once the manifest arrived: the vault retrieval and its objects. */
  retrieval?: { readonly id: string; readonly manifest: RetrievalManifest };
  /** Manifest indexes tried (stored, matching or not). */
  readonly tried: Set<number>;
  settle: (r: RetrievalDetail) => void;
  fail: (e: Error) => void;
}

/** Options of {@link UploadReceiver.start}. */
export interface UploadReceiverOptions {
  readonly vault: Vault;
  readonly host?: string;
  readonly port?: number;
  /** Largest upload held before its manifest arrives; default 512 MiB. */
  readonly maxUploadBytes?: number;
}

/** See the module comment. */
export class UploadReceiver {
  readonly #pending = new Map<string, Pending>();
  readonly #opts: UploadReceiverOptions;
  #server: Server | undefined;
  #url = '';

  private constructor(options: UploadReceiverOptions) {
    this.#opts = options;
  }

  /** Starts listening (default 127.0.0.1, an ephemeral port). */
  static async start(options: UploadReceiverOptions): Promise<UploadReceiver> {
    const r = new UploadReceiver(options);
    const server = createServer((req, res) => {
      r.#handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const a = server.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    r.#server = server;
    r.#url = `http://${host}:${port}/upload`;
    return r;
  }

  /** The `RetrieveTarget` to give handsets. */
  get url(): string {
    return this.#url;
  }

  /**
   * Announces an upload for `correlator`; resolves with the finished vault retrieval once
   * its manifest arrived and every object was stored (verified or incomplete).
   */
  expect(correlator: string, expected: ExpectedUpload): Promise<RetrievalDetail> {
    return new Promise<RetrievalDetail>((settle, fail) => {
      this.#pending.set(correlator, {
        expected,
        objects: new Map(),
        bytes: 0,
        tried: new Set(),
        settle,
        fail,
      });
    });
  }

  /**
   * Forgets an expected upload (cancel, timeout). A retrieval already begun in the vault
   * is finished as it stands (incomplete unless every object arrived).
   */
  forget(correlator: string): void {
    const p = this.#pending.get(correlator);
    this.#pending.delete(correlator);
    if (p?.retrieval === undefined) return;
    try {
      this.#opts.vault.finish(p.retrieval.id);
    } catch {
      // An object is still being stored (its PUT ends it) or the vault is closed.
    }
  }

  async close(): Promise<void> {
    const s = this.#server;
    if (s === undefined) return;
    this.#server = undefined;
    await new Promise<void>((r) => {
      s.close(() => r());
      s.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const m = /^\/upload\/([^/]+)\/([^/]+)$/.exec(path);
    if (req.method !== 'PUT' || m === null) {
      req.resume();
      res.writeHead(req.method !== 'PUT' ? 405 : 404).end();
      return;
    }
    const correlator = decodeURIComponent(m[1] as string);
    const name = decodeURIComponent(m[2] as string);
    const p = this.#pending.get(correlator);
    if (p === undefined) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    if (req.headers['x-cimo-devid'] !== p.expected.devId) {
      req.resume();
      res.writeHead(403).end();
      return;
    }
    if (name === 'manifest.xml') return this.#manifest(correlator, p, req, res);
    if (p.retrieval !== undefined) return this.#object(correlator, p, name, req, res);
    const max = this.#opts.maxUploadBytes ?? 512 << 20;
    const parts: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) {
      p.bytes += chunk.length;
      if (p.bytes > max) {
        res.writeHead(413, { connection: 'close' }).end();
        this.#pending.delete(correlator);
        p.fail(new Error(`upload ${correlator} over ${max} bytes`));
        return;
      }
      parts.push(chunk);
    }
    p.objects.set(name, new Uint8Array(Buffer.concat(parts)));
    res.writeHead(200).end();
  }

  /** The manifest: begins the vault retrieval, stores what came before it. */
  async #manifest(
    correlator: string,
    p: Pending,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_MANIFEST_BYTES) {
        res.writeHead(413, { connection: 'close' }).end();
        this.#pending.delete(correlator);
        p.fail(new Error(`manifest of ${correlator} over ${MAX_MANIFEST_BYTES} bytes`));
        return;
      }
      parts.push(chunk);
    }
    if (p.retrieval !== undefined) {
      res.writeHead(409).end();
      return;
    }
    const early = p.objects.size > 0;
    try {
      const manifest = parseManifest(new Uint8Array(Buffer.concat(parts)));
      p.retrieval = { id: this.#begin(correlator, p.expected, manifest), manifest };
      const vault = this.#opts.vault;
      for (const [index, o] of manifest.objects.entries()) {
        const bytes = p.objects.get(o.name);
        if (bytes === undefined) continue;
        p.tried.add(index);
        await vault.storeObject(p.retrieval.id, index, bytes);
        bytes.fill(0);
      }
      p.objects.clear();
    } catch (e) {
      res.writeHead(400).end();
      this.#pending.delete(correlator);
      p.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const detail = this.#finishIfComplete(correlator, p);
    // Objects first: the manifest's answer is the verification. Manifest first: it is
    // accepted, and each object's answer says whether that object matched.
    res.writeHead(early && detail !== undefined && detail.state !== 'verified' ? 422 : 200).end();
  }

  /** An object after the manifest: streamed into the vault. */
  async #object(
    correlator: string,
    p: Pending,
    name: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const r = p.retrieval;
    if (r === undefined) return;
    const info = req.headers['x-cimo-info'];
    const index = r.manifest.objects.findIndex(
      (o) => o.name === name && (typeof info !== 'string' || o.info === info),
    );
    if (index < 0) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    p.tried.add(index);
    let ok: boolean;
    try {
      const stored = await this.#opts.vault.storeObject(r.id, index, req as AsyncIterable<Buffer>);
      ok = stored.state === 'ok';
    } catch (e) {
      // The connection broke mid-object (the vault marked it failed) or it was stored already.
      if (!res.headersSent) res.writeHead(400, { connection: 'close' }).end();
      this.#finishIfComplete(correlator, p);
      return void e;
    }
    // A mismatch stops reading early: close the connection instead of draining the rest.
    res.writeHead(ok ? 200 : 422, ok ? {} : { connection: 'close' }).end();
    // The last object: its bytes go to disk off the event loop before `finish` commits.
    if (p.tried.size >= r.manifest.objects.length)
      await this.#opts.vault.syncRetrieval(r.id).catch(() => undefined);
    this.#finishIfComplete(correlator, p);
  }

  #begin(correlator: string, e: ExpectedUpload, manifest: RetrievalManifest): string {
    return this.#opts.vault.beginRetrieval({
      imei: e.imei,
      ...(e.model === undefined ? {} : { model: e.model }),
      ...(e.link === undefined ? {} : { link: e.link }),
      correlator,
      manifest,
      items: e.items,
    });
  }

  /** Finishes and settles the retrieval once every manifest object was tried. */
  #finishIfComplete(correlator: string, p: Pending): RetrievalDetail | undefined {
    const r = p.retrieval;
    if (r === undefined || p.tried.size < r.manifest.objects.length) return undefined;
    if (this.#pending.get(correlator) !== p) return undefined;
    this.#pending.delete(correlator);
    try {
      const detail = this.#opts.vault.finish(r.id);
      p.settle(detail);
      return detail;
    } catch (e) {
      p.fail(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    }
  }
}

/** Largest manifest accepted (a few hundred bytes per object). */
const MAX_MANIFEST_BYTES = 16 << 20;
