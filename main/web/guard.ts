/**
 * Who may talk to the web shell: requests must carry the per-run token, name our own
 * host (a DNS-rebinding page would send its own name), and, when a browser says where it
 * comes from (`Origin`), come from our own page.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token for one run (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens (hashed first so lengths may differ). */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Why a request was refused: 401 for the token, 403 for where it came from. */
export interface Refusal {
  readonly status: 401 | 403;
  readonly reason: string;
}

/** The host names our page can be reached under. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Checks Host and Origin, then the token (from `x-cimo-token`, `Authorization: Bearer`,
 * or — for WebSocket upgrades, which cannot set headers from a browser — `?token=`).
 * Returns undefined when the request may proceed.
 */
export function checkRequest(
  req: IncomingMessage,
  port: number,
  token: string,
  options: { readonly allowQueryToken: boolean },
): Refusal | undefined {
  const hosts = allowedHosts(port);
  const host = req.headers.host ?? '';
  if (!hosts.includes(host)) return { status: 403, reason: `host ${host || '(none)'} not allowed` };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) {
    return { status: 403, reason: `origin ${origin} not allowed` };
  }
  const given = presentedToken(req, options.allowQueryToken);
  if (given === undefined) return { status: 401, reason: 'token required' };
  if (!tokensEqual(given, token)) return { status: 401, reason: 'wrong token' };
  return undefined;
}

function presentedToken(req: IncomingMessage, allowQuery: boolean): string | undefined {
  const header = req.headers['x-cimo-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  if (allowQuery) {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams.get('token');
    if (q !== null && q !== '') return q;
  }
  return undefined;
}
