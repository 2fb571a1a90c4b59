import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenTcp, type TcpLinkServer } from '../../native-bridge/links/tcp-link.js';
import { FolderBrowsingService } from '../../protocol/obex/folder-service.js';
import { MemoryFileStore } from '../../protocol/obex/memory-file-store.js';
import { ObexServer } from '../../protocol/obex/server.js';

/**
 * Debian's `obexftp` (OpenOBEX-based, an independent implementation) against our OBEX
 * Folder Browsing server over a real TCP socket. obexftp exits 255 even after a
 * successful transfer, so each test judges by what was transferred, not the exit code.
 */

let server: TcpLinkServer | undefined;
let dir = '';
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(store: MemoryFileStore): Promise<TcpLinkServer> {
  const s = await listenTcp({ port: 0 });
  void (async () => {
    for await (const link of s) {
      const obex = new ObexServer(link, { services: [new FolderBrowsingService(store)] });
      void obex.serve().catch(() => undefined); // obexftp hangs up after Disconnect
    }
  })();
  return s;
}

function obexftp(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('obexftp', args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('OBEX interop with obexftp over TCP', () => {
  it('lists the root folder', async () => {
    const store = new MemoryFileStore(() => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    await store.write(['hello.txt'], enc('hello from the handset\n'));
    await store.mkdir(['Photos']);
    server = await serve(store);
    dir = mkdtempSync(join(tmpdir(), 'cimo-obexftp-'));
    const r = await obexftp(['-n', `127.0.0.1:${server.port}`, '-l', '/'], dir);
    expect(r.stdout).toContain('<folder-listing');
    expect(r.stdout).toMatch(/<file name="hello.txt" size="23"/);
    expect(r.stdout).toMatch(/<folder name="Photos"/);
  });

  it('puts a file that lands in the store, and gets it back byte for byte', async () => {
    const store = new MemoryFileStore();
    server = await serve(store);
    dir = mkdtempSync(join(tmpdir(), 'cimo-obexftp-'));
    const payload = new Uint8Array(100_000).map((_, i) => (i * 13 + 7) & 0xff);
    writeFileSync(join(dir, 'blob.bin'), payload);
    await obexftp(['-n', `127.0.0.1:${server.port}`, '-p', 'blob.bin'], dir);
    const stored = await store.read(['blob.bin']);
    expect(Buffer.compare(Buffer.from(stored), Buffer.from(payload))).toBe(0);

    rmSync(join(dir, 'blob.bin'));
    await obexftp(['-n', `127.0.0.1:${server.port}`, '-g', 'blob.bin'], dir);
    const fetched = readFileSync(join(dir, 'blob.bin'));
    expect(Buffer.compare(fetched, Buffer.from(payload))).toBe(0);
  });
});
