/**
 * The console's OMA DM HTTP endpoint (PROTOCOL-FACTS §1.1, §3.2): handsets POST their
 * packages; the first POST to the base path opens a session, whose every message carries
 * a RespURI `<base>/s/<id>` that routes the session's later POSTs, so several sessions
 * run at once.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HMAC_HEADER_NAME } from '../../protocol/auth/hmac-header.js';
import type { ServerSession } from '../../protocol/session/server/server-session.js';
import type { DmPackage } from '../../protocol/session/transport.js';
import { checkDmType } from './content-type.js';
import { DmTransportError } from './errors.js';
import { closedError, idleError, PassiveExchange } from './passive-exchange.js';
import { addRespUri } from './resp-uri.js';

/** Options of {@link startHttpDmEndpoint}. */
export interface HttpDmEndpointOptions {
  /** Address to bind; default 127.0.0.1 (loopback: nothing exposed by accident). */
  readonly host?: string;
  /** Port; default 0 (an ephemeral port, see `port` of the result). */
  readonly port?: number;
  /** Path of the endpoint; default `/dm`. Sessions live under `<basePath>/s/<id>`. */
  readonly basePath?: string;
  /** Largest request body; beyond it 413. Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** A session with no POST for this long ends (DmTimeoutError). Default 5 min. */
  readonly idleTimeoutMs?: number;
  /**
   * Creates the console's `ServerSession` for a new session (first POST to the base
   * path). The endpoint drives it with `run` and adds RespURI to its messages.
   */
  readonly onSession: (session: NewHttpSession) => ServerSession;
  /** Deviations and refusals, one line each. */
  readonly log?: (line: string) => void;
}

/** What `onSession` learns of a new session. */
export interface NewHttpSession {
  /** Routing id (not the SyncML SessionID). */
  readonly id: string;
  /** Absolute URI the handset must use next (RespURI). */
  readonly respUri: string;
  /** The handset's package 1. */
  readonly firstPackage: DmPackage;
}

/** A running endpoint. */
export interface HttpDmEndpoint {
  readonly host: string;
  readonly port: number;
  /** Absolute URL of the base path, e.g. `http://127.0.0.1:41234/dm`. */
  readonly url: string;
  /** Number of sessions currently registered. */
  readonly sessionCount: number;
  /** Stops listening; open sessions end with DmProtocolError `closed`. Idempotent. */
  close(): Promise<void>;
}

interface Entry {
  readonly passive: PassiveExchange;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Starts the endpoint. Answers: 405 for anything but POST, 404 for a path that is neither
 * the base path nor a live session, 415 for a type other than the DM types (the DS types
 * `application/vnd.syncml+xml|+wbxml` and parameters are accepted and logged as
 * deviations), 413 past `maxBodyBytes`, 409 for a POST while the session still answers
 * the previous one, 200 with the next message (or an empty body once the session is
 * over). `x-syncml-hmac` is passed to the session as a package header.
 */
export async function startHttpDmEndpoint(options: HttpDmEndpointOptions): Promise<HttpDmEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const base = (options.basePath ?? '/dm').replace(/\/$/, '');
  const maxBody = options.maxBodyBytes ?? 4 << 20;
  const idleMs = options.idleTimeoutMs ?? 300_000;
  const log = options.log ?? (() => undefined);
  const sessions = new Map<string, Entry>();
  let url = '';

  const touch = (id: string, e: Entry): void => {
    if (e.timer !== undefined) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      sessions.delete(id);
      log(`http dm: session ${id} idle for ${idleMs} ms, ended`);
      e.passive.fail(idleError(idleMs));
    }, idleMs);
  };
  const drop = (id: string, e: Entry): void => {
    if (e.timer !== undefined) clearTimeout(e.timer);
    sessions.delete(id);
  };

  const open = (pkg: DmPackage, respond: (p: DmPackage | undefined) => void): void => {
    const id = randomBytes(8).toString('hex');
    const respUri = `${url}/s/${id}`;
    const server = options.onSession({ id, respUri, firstPackage: pkg });
    addRespUri(server, respUri);
    const passive = new PassiveExchange(() => server.isEnded);
    const entry: Entry = { passive, timer: undefined };
    sessions.set(id, entry);
    touch(id, entry);
    passive.deliver(pkg, respond);
    // run() settles after its last exchange, so the final message goes out first.
    void server
      .run(passive, pkg)
      .catch(() => undefined)
      .then(() => {
        drop(id, entry);
        passive.finish();
      });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const id = path.startsWith(`${base}/s/`) ? path.slice(base.length + 3) : undefined;
    const entry = id !== undefined ? sessions.get(id) : undefined;
    if (path !== base && entry === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = checkDmType(req.headers['content-type']);
    if (!type.ok) {
      log(`http dm: ${req.headers['content-type'] ?? 'no Content-Type'} refused (415)`);
      res.writeHead(415).end();
      return;
    }
    if (type.deviation !== undefined) log(`http dm: deviation: ${type.deviation}`);
    const body = await readBody(req, maxBody);
    if (body === undefined) {
      res.writeHead(413, { connection: 'close' }).end();
      return;
    }
    const hmac = req.headers[HMAC_HEADER_NAME];
    const pkg: DmPackage = {
      body,
      contentType: req.headers['content-type'] ?? '',
      headers: typeof hmac === 'string' ? { [HMAC_HEADER_NAME]: hmac } : {},
    };
    const respond = (out: DmPackage | undefined): void => {
      if (res.writableEnded) return;
      if (out === undefined) res.writeHead(200, { 'content-length': 0 }).end();
      else
        res
          .writeHead(200, { 'content-type': out.contentType, 'content-length': out.body.length })
          .end(out.body);
    };
    if (entry === undefined) {
      open(pkg, respond);
      return;
    }
    if (entry.passive.busy) {
      res.writeHead(409).end();
      return;
    }
    touch(id as string, entry);
    entry.passive.deliver(pkg, respond);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`http dm: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new DmTransportError('http', `cannot listen on ${host}: ${e.message}`, undefined, {
          cause: e,
        }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${base}`;
  let closed = false;
  return {
    host,
    port,
    url,
    get sessionCount() {
      return sessions.size;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const [id, e] of [...sessions]) {
        drop(id, e);
        e.passive.fail(closedError());
      }
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}

/** The body, or undefined past `max` bytes (the rest is drained, not stored). */
async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > max) {
    req.resume();
    return undefined;
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.resume();
      return undefined;
    }
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts, size));
}
