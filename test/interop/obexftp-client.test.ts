/**
 * Debian's `obexftp` 0.24 (OpenOBEX; an implementation we did not write) as the client
 * of OUR Folder Browsing server, run as the product runs it: `cimo obex serve DIR`
 * (a child process on a disk folder), over TCP and over a socat pseudo-terminal pair.
 *
 * Defects of obexftp worked around here:
 * - it exits 255 even after a successful transfer, so every test judges by what was
 *   transferred (files on disk, the listing printed), never by its exit status;
 * - over a tty (`-t`) it first sends `FF 00 08 CB 'ATZ\r'` (an Abort carrying "ATZ\r" as a
 *   Connection ID) to probe for transparent OBEX — our server answers A0 00 03, which is
 *   what makes it pick transparent mode;
 * - over a tty it announces a maximum packet of 1024 bytes in Connect but cannot take a
 *   response packet longer than 500 bytes (a GET whose packet is 501 bytes or more fails
 *   with "failed: NAME"; measured: a 489-byte file passes, 490 bytes fails). The pty
 *   tests therefore run the server with `--max-packet 500`, so we send at most 500.
 * `-n HOST:PORT` does honour the port, so the TCP tests use an ephemeral port.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFolderListing } from '../../protocol/obex/folder-listing.js';
import { ensureBuilt } from '../support/build.js';
import { CIMO, have, killAll, pattern, ptyPair, run, track } from './support.js';

const HAVE = have('obexftp') && have('socat');

let work = '';
let share = '';
let local = '';
beforeAll(() => ensureBuilt(), 120_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cimo-interop-ftp-'));
  share = join(work, 'share');
  local = join(work, 'local');
  mkdirSync(join(share, 'Docs'), { recursive: true });
  mkdirSync(local);
  writeFileSync(join(share, 'hello.txt'), 'hello from the handset\n');
  writeFileSync(join(share, 'Docs', 'big.bin'), pattern(150_000, 3));
});
afterEach(async () => {
  await killAll();
  rmSync(work, { recursive: true, force: true });
});

/** Starts `cimo obex serve share ...args`; resolves with the child and its "serving" line. */
async function serve(args: readonly string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = track(process.execPath, [CIMO, 'obex', 'serve', share, ...args]);
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const m = /serving .*\n/.exec(text);
      if (m) resolve(m[0]);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${text}`)));
  });
  return { child, line };
}

const obexftp = (args: readonly string[]): ReturnType<typeof run> =>
  run('obexftp', args, { cwd: local, timeoutMs: 15_000 });

/** The checks shared by both links: list, get from a folder, put, mkdir, delete. */
async function exercise(transport: readonly string[]): Promise<void> {
  const ls = await obexftp([...transport, '-l']);
  const listing = parseFolderListing(ls.stdout.slice(ls.stdout.indexOf('<?xml')));
  expect(listing.entries.map((e) => [e.kind, e.name, e.size])).toEqual([
    ['folder', 'Docs', undefined],
    ['file', 'hello.txt', 23],
  ]);

  await obexftp([...transport, '-c', 'Docs', '-g', 'big.bin']);
  expect(Buffer.compare(readFileSync(join(local, 'big.bin')), pattern(150_000, 3))).toBe(0);

  writeFileSync(join(local, 'upload.bin'), pattern(70_000, 9));
  await obexftp([...transport, '-c', 'Docs', '-p', 'upload.bin']);
  expect(Buffer.compare(readFileSync(join(share, 'Docs', 'upload.bin')), pattern(70_000, 9))).toBe(
    0,
  );

  await obexftp([...transport, '-C', 'Made']);
  expect(existsSync(join(share, 'Made'))).toBe(true);

  await obexftp([...transport, '-k', 'hello.txt']);
  expect(existsSync(join(share, 'hello.txt'))).toBe(false);
}

describe.skipIf(!HAVE)('obexftp against cimo obex serve', () => {
  it('lists, gets, puts, creates and deletes over TCP', async () => {
    const { line } = await serve(['--tcp', '0']);
    const port = /:(\d+)\s*$/.exec(line)?.[1];
    expect(port).toBeDefined();
    await exercise(['-n', `127.0.0.1:${port}`]);
  });

  it('lists, gets, puts, creates and deletes over a socat pty pair', async () => {
    const pty = await ptyPair(work);
    // See the header: obexftp's tty transport cannot take packets over 500 bytes.
    await serve(['--serial', pty.a, '--max-packet', '500']);
    await exercise(['-t', pty.b]);
  });

  it('cannot reach outside the shared folder', async () => {
    writeFileSync(join(work, 'outside.txt'), 'private');
    const { line } = await serve(['--tcp', '0']);
    const port = /:(\d+)\s*$/.exec(line)?.[1] ?? '';
    const r = await obexftp(['-n', `127.0.0.1:${port}`, '-g', '../outside.txt']);
    expect(existsSync(join(local, 'outside.txt'))).toBe(false);
    expect(r.stderr + r.stdout).toMatch(/failed/i);
    // Their SetPath to ".." from the root is refused too.
    await obexftp(['-n', `127.0.0.1:${port}`, '-c', '..', '-g', 'outside.txt']);
    expect(existsSync(join(local, 'outside.txt'))).toBe(false);
  });
});
