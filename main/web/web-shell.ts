/**
 * The web shell: the contract's API over HTTP + WebSocket on 127.0.0.1 with a per-run
 * token, serving the renderer bundle — what a bench machine without a display runs, and
 * what the end-to-end tests drive in Chromium.
 *
 * - `POST /api/invoke/<channel>` with a JSON body (the arguments) → 200 with the
 *   `IpcResult` as JSON. The token goes in `x-cimo-token` (or `Authorization: Bearer`).
 * - `GET /api/events?token=…` upgrades to a WebSocket that carries `{event, payload}`
 *   messages; the client sends `{"type":"ready"}` once it can take them.
 * - Everything else is the renderer's static files, with a strict CSP.
 * - Refusals: 401 without or with a wrong token, 403 for a foreign Host or Origin,
 *   413 for a body over 1 MiB, 400 for malformed JSON.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Gateway } from '../ipc/gateway.js';
import { checkRequest, newToken } from './guard.js';
import { readStatic } from './static-files.js';

const MAX_BODY = 1 << 20;

export interface WebShellOptions {
  readonly gateway: Gateway;
  /** The built renderer (index.html + assets); a placeholder page without it. */
  readonly staticDir?: string | undefined;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number | undefined;
  /** The token; default a fresh random one. */
  readonly token?: string | undefined;
  /** One line per refused request. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface WebShell {
  readonly port: number;
  readonly token: string;
  /** The address to open: the token travels in the fragment, never sent in requests. */
  readonly url: string;
  close(): Promise<void>;
}

function csp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return 'too-large';
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Starts the web shell on 127.0.0.1 (never another interface). */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? newToken();
  const { gateway } = options;
  let port = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        const refusal = checkRequest(req, port, token, { allowQueryToken: false });
        if (refusal !== undefined) {
          options.log?.(`refused ${req.method ?? ''} ${url.pathname}: ${refusal.reason}`);
          send(res, refusal.status, JSON.stringify({ error: refusal.reason }));
          return;
        }
        const m = /^\/api\/invoke\/([a-z-]+:[a-z-]+)$/.exec(url.pathname);
        if (m === null || req.method !== 'POST') {
          send(res, 404, JSON.stringify({ error: 'no such endpoint' }));
          return;
        }
        const text = await readBody(req);
        if (text === 'too-large') {
          send(res, 413, JSON.stringify({ error: 'body too large' }));
          return;
        }
        let args: unknown;
        try {
          args = text === '' ? {} : JSON.parse(text);
        } catch {
          send(res, 400, JSON.stringify({ error: 'malformed JSON' }));
          return;
        }
        const result = await gateway.invoke(m[1] ?? '', args, { shell: 'web' });
        send(res, 200, JSON.stringify(result));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, JSON.stringify({ error: 'method not allowed' }));
        return;
      }
      const hostOk = checkRequest(req, port, token, { allowQueryToken: false });
      if (hostOk?.status === 403) {
        send(res, 403, JSON.stringify({ error: hostOk.reason }));
        return;
      }
      const file = await readStatic(options.staticDir, url.pathname);
      if (file === undefined) {
        send(res, 404, JSON.stringify({ error: 'not found' }));
        return;
      }
      res.writeHead(200, {
        'content-type': file.type,
        'content-security-policy': csp(port),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(e) }));
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal =
      url.pathname === '/api/events'
        ? checkRequest(req, port, token, { allowQueryToken: true })
        : { status: 404 as const, reason: 'no such endpoint' };
    if (refusal !== undefined) {
      options.log?.(`refused upgrade ${url.pathname}: ${refusal.reason}`);
      socket.end(`HTTP/1.1 ${refusal.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const sub = gateway.subscribe((event, payload) => {
        ws.send(JSON.stringify({ event, payload }));
      });
      ws.on('message', (data) => {
        try {
          const msg = JSON.parse(String(data)) as { type?: unknown };
          if (msg.type === 'ready') sub.ready();
        } catch {
          ws.close(1003, 'malformed message');
        }
      });
      ws.on('close', () => sub.close());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
