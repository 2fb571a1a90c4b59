import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Gateway, ServiceError } from '../../../main/ipc/gateway.js';
import { startWebShell } from '../../../main/web/web-shell.js';
import type { WebShell } from '../../../main/web/web-shell.js';

let shell: WebShell | undefined;
afterEach(async () => {
  await shell?.close();
  shell = undefined;
});

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request to the shell, so every header is ours to set (fetch hides Host/Origin). */
function call(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'POST', headers: opts.headers ?? {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function startShell(): Promise<{ shell: WebShell; gateway: Gateway }> {
  const gateway = new Gateway();
  gateway.handle('settings:get', () => ({
    operator: 'Ana Müller',
    requireRetrievalBeforeWipe: true,
    consentPolicy: 'handset',
    defaultEncoding: 'wbxml',
  }));
  gateway.handle('vault:delete', ({ retrievalId }) => {
    throw new ServiceError('not-found', `no retrieval ${retrievalId}`);
  });
  shell = await startWebShell({ gateway });
  return { shell, gateway };
}

describe('web shell', () => {
  it('answers a request with the token through the contract', async () => {
    const { shell } = await startShell();
    const r = await call(shell.port, '/api/invoke/settings:get', {
      headers: { 'x-cimo-token': shell.token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      ok: true,
      value: {
        operator: 'Ana Müller',
        requireRetrievalBeforeWipe: true,
        consentPolicy: 'handset',
        defaultEncoding: 'wbxml',
      },
    });
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/#token=${shell.token}`);
  });

  it('refuses a request without the token (401) and with a wrong one (401)', async () => {
    const { shell } = await startShell();
    const none = await call(shell.port, '/api/invoke/settings:get', { body: '{}' });
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('Ana');
    const wrong = await call(shell.port, '/api/invoke/settings:get', {
      headers: { 'x-cimo-token': `${shell.token.slice(0, -1)}x` },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    const bearer = await call(shell.port, '/api/invoke/settings:get', {
      headers: { authorization: `Bearer ${shell.token}` },
      body: '{}',
    });
    expect(bearer.status).toBe(200);
  });

  it('refuses another Origin and a foreign Host even with the right token (403)', async () => {
    const { shell } = await startShell();
    const origin = await call(shell.port, '/api/invoke/settings:get', {
      headers: { 'x-cimo-token': shell.token, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(origin.status).toBe(403);
    const host = await call(shell.port, '/api/invoke/settings:get', {
      headers: { 'x-cimo-token': shell.token, host: `rebind.example:${shell.port}` },
      body: '{}',
    });
    expect(host.status).toBe(403);
    const own = await call(shell.port, '/api/invoke/settings:get', {
      headers: { 'x-cimo-token': shell.token, origin: `http://127.0.0.1:${shell.port}` },
      body: '{}',
    });
    expect(own.status).toBe(200);
  });

  it('returns invalid arguments and service errors as data, not as HTTP failures', async () => {
    const { shell } = await startShell();
    const h = { 'x-cimo-token': shell.token };
    const bad = await call(shell.port, '/api/invoke/vault:delete', {
      headers: h,
      body: '{"retrievalId": 5}',
    });
    expect(JSON.parse(bad.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    const extra = await call(shell.port, '/api/invoke/settings:get', {
      headers: h,
      body: '{"sneaky": true}',
    });
    expect(JSON.parse(extra.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    const failed = await call(shell.port, '/api/invoke/vault:delete', {
      headers: h,
      body: '{"retrievalId": "r1"}',
    });
    expect(JSON.parse(failed.body)).toEqual({
      ok: false,
      error: { name: 'ServiceError', code: 'not-found', message: 'no retrieval r1' },
    });
    const unknown = await call(shell.port, '/api/invoke/nope:nothing', { headers: h, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    const junk = await call(shell.port, '/api/invoke/settings:get', { headers: h, body: '{' });
    expect(junk.status).toBe(400);
    const big = await call(shell.port, '/api/invoke/settings:get', {
      headers: h,
      body: 'x'.repeat((1 << 20) + 10),
    });
    expect(big.status).toBe(413);
  });

  it('serves the page with a strict CSP and no token needed for static files', async () => {
    const { shell } = await startShell();
    const page = await call(shell.port, '/', { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe');
    const traversal = await call(shell.port, '/../../etc/passwd.txt', { method: 'GET' });
    expect(traversal.status).toBe(404);
  });

  it('pushes events over the WebSocket only after ready, and refuses a socket without token', async () => {
    const { shell, gateway } = await startShell();
    const refused = new WebSocket(`ws://127.0.0.1:${shell.port}/api/events`);
    const refusedStatus = await new Promise<number>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.on('error', () => resolve(-1));
    });
    expect(refusedStatus).toBe(401);
    const foreign = new WebSocket(`ws://127.0.0.1:${shell.port}/api/events?token=${shell.token}`, {
      origin: 'http://evil.example',
    });
    const foreignStatus = await new Promise<number>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      foreign.on('error', () => resolve(-1));
    });
    expect(foreignStatus).toBe(403);

    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api/events?token=${shell.token}`, {
      origin: `http://127.0.0.1:${shell.port}`,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const got: unknown[] = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d))));
    // An attach before the UI is ready must not be lost.
    gateway.emit('handsets:changed', []);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
    ws.send(JSON.stringify({ type: 'ready' }));
    const deadline = Date.now() + 5000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([{ event: 'handsets:changed', payload: [] }]);
    ws.close();
  });
});
