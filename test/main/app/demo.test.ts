/**
 * `npm run demo` (the README's first command) as a user runs it: the built demo starts
 * three reference handsets and the web shell, prints where to open it, and through that
 * address (with its token) all three handsets — pty, TCP, HTTP — become ready; Ctrl-C
 * stops the console and the handsets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../../dist/main/app/demo.js', import.meta.url));
let work = '';
afterEach(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
  work = '';
});

describe('npm run demo', () => {
  it('starts three handsets and a console that shows them ready at the printed address', async () => {
    work = mkdtempSync(join(tmpdir(), 'cimo-demo-'));
    const child = spawn(process.execPath, [DEMO, '--data', work], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const until = Date.now() + 90_000;
      while (!/Open (http:\/\/\S+)/.test(out)) {
        if (Date.now() > until || child.exitCode !== null)
          throw new Error(`no address: ${out}${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = new URL(/Open (http:\/\/\S+)/.exec(out)?.[1] ?? '');
      expect(url.hostname).toBe('127.0.0.1');
      const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
      expect(token.length).toBeGreaterThan(20);
      const imeis = [...out.matchAll(/handset (\d{15})/g)].map((m) => m[1]);
      expect(imeis).toHaveLength(3);
      let ready: string[] = [];
      while (ready.length < 3) {
        const res = await fetch(new URL('/api/invoke/handsets:list', url), {
          method: 'POST',
          headers: { 'x-cimo-token': token, 'content-type': 'application/json' },
          body: '{}',
        });
        const body = (await res.json()) as {
          ok: boolean;
          value: { imei?: string; link: string; connection: { state: string } }[];
        };
        ready = body.value
          .filter((h) => h.connection.state === 'ready' && imeis.includes(h.imei))
          .map((h) => h.link);
        if (Date.now() > until) throw new Error(`not ready: ${JSON.stringify(body)}\n${err}`);
        if (ready.length < 3) await new Promise((r) => setTimeout(r, 300));
      }
      expect(ready.sort()).toEqual(['network', 'serial', 'tcp']);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 150_000);
});
