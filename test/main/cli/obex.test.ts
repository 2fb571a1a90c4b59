/**
 * `cimo obex` end to end: the built CLI as a child process against our OBEX server in
 * this process (on a disk folder, over real TCP sockets), and `cimo obex serve` as a
 * child process against our client. Children are spawned asynchronously so the
 * in-process server keeps running while the CLI talks to it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FsFileStore } from '../../../native-bridge/fs-file-store.js';
import { PacedLink } from '../../../native-bridge/links/paced-link.js';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import type { TcpLinkServer } from '../../../native-bridge/links/tcp-link.js';
import { hostFolderOverTcp, serveFolderOnLink } from '../../../native-bridge/obex-server-host.js';
import type { TcpFolderHost } from '../../../native-bridge/obex-server-host.js';
import { isLinkDisconnected } from '../../../protocol/link/link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import {
  connectFolderBrowsing,
  getFile,
  listFolder,
} from '../../../protocol/obex/folder-client.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import { SYNCML_DM_TARGET } from '../../../protocol/obex/targets.js';
import { ensureBuilt } from '../../support/build.js';
import { ROOT } from './cli-harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** Spawns `node bin/cimo.js ...args`; resolves when it exits (killed after 20 s). */
function cimo(args: readonly string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cimo.js'), ...args], { cwd });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

let work = '';
let share = '';
let host: TcpFolderHost | undefined;
let listener: TcpLinkServer | undefined;

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cimo-obex-cli-'));
  share = join(work, 'share');
  mkdirSync(join(share, 'Docs', 'Deep'), { recursive: true });
  writeFileSync(join(share, 'hello.txt'), 'hello from the handset\n');
  writeFileSync(join(share, 'Docs', 'Deep', 'note.txt'), 'deep note');
});
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  await host?.close();
  host = undefined;
  await listener?.close();
  listener = undefined;
  rmSync(work, { recursive: true, force: true });
});

async function start(): Promise<string> {
  host = await hostFolderOverTcp(new FsFileStore(share), { port: 0 });
  return `127.0.0.1:${host.port}`;
}

const pattern = (n: number): Uint8Array =>
  new Uint8Array(n).map((_, i) => (i * 31 + (i >> 8)) & 0xff);

describe('cimo obex', () => {
  it('lists a folder as text and JSON, walking a path with SetPath', async () => {
    const at = await start();
    const text = await cimo(['obex', 'ls', '--tcp', at]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^NAME\s+SIZE\s+MODIFIED$/m);
    expect(text.stdout).toMatch(/^Docs\/\s+-\s+\d{4}-\d\d-\d\dT/m);
    expect(text.stdout).toMatch(/^hello\.txt\s+23\s+\d{4}-/m);
    const json = await cimo(['obex', 'ls', 'Docs/Deep', '--json', '--tcp', at]);
    expect(json.status).toBe(0);
    const rows = JSON.parse(json.stdout) as { kind: string; name: string; size?: number }[];
    expect(rows.map((r) => [r.kind, r.name, r.size])).toEqual([['file', 'note.txt', 9]]);
  });

  it('puts, gets and removes files through folders, byte for byte', async () => {
    const at = await start();
    const payload = pattern(300_000);
    writeFileSync(join(work, 'up.bin'), payload);
    const put = await cimo(['obex', 'put', join(work, 'up.bin'), 'Docs/Deep/up.bin', '--tcp', at]);
    expect(put.status).toBe(0);
    expect(Buffer.compare(readFileSync(join(share, 'Docs', 'Deep', 'up.bin')), payload)).toBe(0);

    const get = await cimo(['obex', 'get', 'Docs/Deep/up.bin', 'back.bin', '--tcp', at], work);
    expect(get.status).toBe(0);
    expect(Buffer.compare(readFileSync(join(work, 'back.bin')), payload)).toBe(0);
    // The progress bar is for terminals only: piped stderr stays empty.
    expect(get.stderr).toBe('');

    const rm = await cimo(['obex', 'rm', 'Docs/Deep/up.bin', '--tcp', at]);
    expect(rm.status).toBe(0);
    expect(existsSync(join(share, 'Docs', 'Deep', 'up.bin'))).toBe(false);

    // A remote ending in `/` is a folder: the local name is kept inside it.
    const into = await cimo(['obex', 'put', join(work, 'up.bin'), 'Docs/', '--tcp', at]);
    expect(into.status).toBe(0);
    expect(Buffer.compare(readFileSync(join(share, 'Docs', 'up.bin')), payload)).toBe(0);
  });

  it('says which layer failed and exits 1 for failed operations, 2 for bad usage', async () => {
    const at = await start();
    symlinkSync(join(work), join(share, 'escape'));
    const missing = await cimo(['obex', 'get', 'nope.txt', '--tcp', at], work);
    expect([missing.status, missing.stderr]).toEqual([
      1,
      expect.stringMatching(/not found: nope\.txt \(0xC4 NotFound\)/),
    ]);
    const forbidden = await cimo(['obex', 'ls', 'escape', '--tcp', at]);
    expect([forbidden.status, forbidden.stderr]).toEqual([
      1,
      expect.stringMatching(/forbidden: .*0xC3 Forbidden/),
    ]);
    const closed = await listenTcp({ port: 0 });
    const freePort = closed.port;
    await closed.close();
    const refused = await cimo(['obex', 'ls', '--tcp', `127.0.0.1:${freePort}`]);
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringMatching(/tcp connect: .*connection refused/),
    ]);
    const port = await cimo(['obex', 'ls', '--serial', join(work, 'no-such-tty')]);
    expect([port.status, port.stderr]).toEqual([
      1,
      expect.stringMatching(/port: .*port not found/),
    ]);
    expect((await cimo(['obex', 'ls'])).status).toBe(2);
    expect((await cimo(['obex', 'ls', '--tcp', at, '--serial', '/dev/null'])).status).toBe(2);
    expect((await cimo(['obex', 'put', join(work, 'absent.bin'), '--tcp', at])).status).toBe(2);
    expect((await cimo(['obex', 'ls', '--tcp', 'host:notaport'])).status).toBe(2);
  });

  it('reports the USB layer and refuses bad --usb, serve folders and packet sizes', async () => {
    const usb = await cimo(['obex', 'ls', '--usb', '0421:0428']);
    expect(usb.status).toBe(1);
    // Build machines have no USB bus; a bench machine without that phone says so too.
    expect(usb.stderr).toMatch(/cimo obex: usb: (no USB bus|no device 0421:0428)/);
    expect((await cimo(['obex', 'ls', '--usb', 'nokia'])).status).toBe(2);
    expect((await cimo(['obex', 'serve', join(work, 'absent'), '--tcp', '0'])).status).toBe(2);
    expect((await cimo(['obex', 'serve', share, '--tcp', '0', '--max-packet', '100'])).status).toBe(
      2,
    );
    expect((await cimo(['obex', 'serve', share])).status).toBe(2);
  });

  it('reports an OBEX connect refusal with the response code name', async () => {
    // A peer that offers only SYNCML-DM refuses the Folder Browsing target (0xC3).
    listener = await listenTcp({ port: 0 });
    void (async () => {
      for await (const link of listener ?? []) {
        void new ObexServer(link, { services: [{ target: SYNCML_DM_TARGET }] })
          .serve()
          .catch(() => undefined);
      }
    })();
    const r = await cimo(['obex', 'ls', '--tcp', `127.0.0.1:${listener.port}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/OBEX connect refused: 0xC3 Forbidden/);
  });

  it('fails with a typed "link lost" within a second when the server end is cut mid-transfer', async () => {
    writeFileSync(join(share, 'big.bin'), pattern(2_000_000));
    listener = await listenTcp({ port: 0 });
    let cut: (() => Promise<void>) | undefined;
    void (async () => {
      const link = await listener!.accept();
      // 2 Mbaud ≈ 200 KB/s: the 2 MB transfer takes ~10 s, so it is surely cut mid-way.
      const paced = new PacedLink(link, { baud: 2_000_000 });
      cut = () => link.close();
      await serveFolderOnLink(paced, new FsFileStore(share));
    })();
    const run = cimo(['obex', 'get', 'big.bin', '--tcp', `127.0.0.1:${listener.port}`], work);
    await new Promise((r) => setTimeout(r, 1500));
    expect(cut).toBeDefined();
    const t0 = performance.now();
    await cut?.();
    const r = await run;
    const elapsed = performance.now() - t0;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/link lost: /);
    expect(elapsed).toBeLessThan(1000);
    expect(existsSync(join(work, 'big.bin'))).toBe(false);
  });

  it('gives the server a typed disconnect within a second when the CLI dies mid-transfer', async () => {
    writeFileSync(join(share, 'big.bin'), pattern(2_000_000));
    listener = await listenTcp({ port: 0 });
    let ended: ((e: Error | undefined) => void) | undefined;
    const end = new Promise<Error | undefined>((r) => (ended = r));
    void (async () => {
      const link = await listener!.accept();
      ended?.(
        await serveFolderOnLink(new PacedLink(link, { baud: 2_000_000 }), new FsFileStore(share)),
      );
    })();
    const run = cimo(['obex', 'get', 'big.bin', '--tcp', `127.0.0.1:${listener.port}`], work);
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = performance.now();
    for (const c of children) c.kill('SIGKILL');
    const error = await end;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(isLinkDisconnected(error)).toBe(true);
    await run;
  });

  it('serves a folder with `cimo obex serve` to our client until SIGTERM', async () => {
    const child = spawn(process.execPath, [
      join(ROOT, 'bin/cimo.js'),
      'obex',
      'serve',
      share,
      '--tcp',
      '0',
    ]);
    children.add(child);
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString('utf8');
        const m = /over tcp 127\.0\.0\.1:(\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      child.on('close', () => reject(new Error(`serve exited: ${text}`)));
    });
    const link = await connectTcp('127.0.0.1', port);
    const client = new ObexClient(link, { timeoutMs: 5000 });
    await connectFolderBrowsing(client);
    expect((await listFolder(client)).entries.map((e) => e.name)).toEqual(['Docs', 'hello.txt']);
    expect(new TextDecoder().decode(await getFile(client, 'hello.txt'))).toBe(
      'hello from the handset\n',
    );
    await client.disconnect();
    await link.close();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'draws a progress bar with total, rate and ETA on a terminal',
    async () => {
      writeFileSync(join(share, 'mid.bin'), pattern(400_000));
      const at = await start();
      const cmd = [
        'node',
        join(ROOT, 'bin/cimo.js'),
        'obex',
        'get',
        'mid.bin',
        join(work, 'mid.bin'),
        '--tcp',
        at,
      ];
      const child = spawn('script', ['-qec', cmd.join(' '), '/dev/null'], { cwd: work });
      children.add(child);
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
      const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      expect(status).toBe(0);
      expect(text).toMatch(/get mid\.bin \[#+\] 100% 390\.6 KB\/390\.6 KB .*\/s ETA 0:00/);
    },
  );
});
