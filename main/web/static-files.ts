import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Shown when the renderer has not been built (the web shell still serves the API). */
const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CIMO Console</title></head>
<body><h1>CIMO Console</h1><p>The operator UI has not been built. The API is available at <code>/api</code>.</p></body></html>`;

/** A static file to send, or undefined for 404. */
export interface StaticFile {
  readonly body: Uint8Array | string;
  readonly type: string;
}

/**
 * Reads `urlPath` under `root` (the built renderer). Paths are resolved and must stay
 * inside the root (no `..`, no symlink out); `/` and unknown paths without an extension
 * serve `index.html` (client-side routes). Without a root, `/` serves a placeholder page.
 */
export async function readStatic(
  root: string | undefined,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const wantsPage = path === '/' || extname(path) === '';
  if (root === undefined) {
    return wantsPage ? { body: PLACEHOLDER, type: TYPES['.html'] ?? 'text/html' } : undefined;
  }
  const base = resolve(root);
  const file = wantsPage ? join(base, 'index.html') : resolve(base, `.${path}`);
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    const real = await realpath(file);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep)) return undefined;
    const body = await readFile(real);
    return { body, type: TYPES[extname(real)] ?? 'application/octet-stream' };
  } catch {
    if (wantsPage) return { body: PLACEHOLDER, type: TYPES['.html'] ?? 'text/html' };
    return undefined;
  }
}
