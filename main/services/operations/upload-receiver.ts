/**
 * The receiving side of the handset's retrieval upload (`handset/device/retrieve-upload.ts`):
 * `PUT <base>/<correlator>/<name>` for each object, then `PUT <base>/<correlator>/manifest.xml`.
 * Only correlators the runner announced ({@link UploadReceiver.expect}) are accepted
 * (404 otherwise), from the DevId it expects (403 otherwise).
 *
 * The objects arrive before the manifest, and the vault records a retrieval from its
 * manifest; so objects are held in memory (bounded per upload, 413 beyond) until the
 * manifest arrives, then each is stored in the vault — encrypted and checked against the
 * manifest — and the retrieval is finished. Nothing is written in plain text.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseManifest } from '../../../protocol/cimo/index.js';
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
  readonly objects: Map<string, Uint8Array>;
  bytes: number;
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
      this.#pending.set(correlator, { expected, objects: new Map(), bytes: 0, settle, fail });
    });
  }

  /** Forgets an expected upload (cancel, timeout). */
  forget(correlator: string): void {
    this.#pending.delete(correlator);
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
    const body = new Uint8Array(Buffer.concat(parts));
    if (name !== 'manifest.xml') {
      p.objects.set(name, body);
      res.writeHead(200).end();
      return;
    }
    this.#pending.delete(correlator);
    try {
      const detail = await this.#store(correlator, p, body);
      res.writeHead(detail.state === 'verified' ? 200 : 422).end();
      p.settle(detail);
    } catch (e) {
      res.writeHead(400).end();
      p.fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async #store(
    correlator: string,
    p: Pending,
    manifestBytes: Uint8Array,
  ): Promise<RetrievalDetail> {
    const manifest = parseManifest(manifestBytes);
    const vault = this.#opts.vault;
    const e = p.expected;
    const id = vault.beginRetrieval({
      imei: e.imei,
      ...(e.model === undefined ? {} : { model: e.model }),
      ...(e.link === undefined ? {} : { link: e.link }),
      correlator,
      manifest,
      items: e.items,
    });
    for (const [index, o] of manifest.objects.entries()) {
      const bytes = p.objects.get(o.name);
      if (bytes === undefined) continue;
      await vault.storeObject(id, index, bytes);
      bytes.fill(0);
    }
    p.objects.clear();
    return vault.finish(id);
  }
}
