/**
 * OUR client (the built `cimo obex` CLI) against OpenOBEX servers we did not write:
 * `obex_test -i` (openobex-apps 1.7, the library's own test server) and `obexftpd` 0.24.
 *
 * Both bind TCP port 650 only, so each test runs the tool and our CLI inside a fresh
 * private network namespace (see `netns()` in support.ts); no test here depends on the
 * host's port 650 being free, and parallel test files cannot collide on it.
 *
 * Defects of these tools worked around here:
 * - `obex_test` server mode (`s` on stdin) accepts exactly one connection and then goes
 *   back to its prompt; typing `s` again fails ("Server register error! (TCP)") because
 *   it closes first, leaving its end in TIME_WAIT, and binds 650 without SO_REUSEADDR.
 *   So each client run gets its own obex_test in its own namespace, and we detect that
 *   it listens by reading /proc/net/tcp (a probe connection would be its one connection).
 *   It accepts Connect with any Target and answers without a Connection ID; it stores a
 *   PUT under the Name's last path component in its working folder and serves GET from it.
 * - `obexftpd` ignores the port given to `-n` and binds 650, without SO_REUSEADDR (a
 *   TIME_WAIT socket on 650 makes it fail with "Address already in use"); after one
 *   connection it spins at full CPU and accepts no more (killed in afterEach); and it
 *   answers every SetPath with 0xD1 Not Implemented — Debian's own `obexftp -c DIR`
 *   fails against it the same way — so only its root folder is listed and fetched from.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import {
  CIMO,
  have,
  inNs,
  killAll,
  listening,
  netns,
  pattern,
  run,
  track,
  until,
} from './support.js';
import type { NetNs } from './support.js';

let work = '';
beforeAll(() => ensureBuilt(), 120_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cimo-interop-openobex-'));
});
afterEach(async () => {
  await killAll();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `cimo ...args` inside the namespace. */
function cimoIn(ns: NetNs, args: readonly string[], cwd = work): ReturnType<typeof run> {
  const [cmd, rest] = inNs(ns, process.execPath, [CIMO, ...args]);
  return run(cmd, rest, { cwd, timeoutMs: 15_000 });
}

describe.skipIf(!have('obex_test'))('cimo obex against obex_test -i (OpenOBEX test server)', () => {
  /**
   * Starts obex_test in server mode in a fresh namespace, serving `dir`, for ONE
   * connection (see the header: a second `s` cannot re-bind 650 while the first
   * connection's socket sits in TIME_WAIT, because obex_test closes first and binds
   * without SO_REUSEADDR).
   */
  const armObexTest = async (dir: string): Promise<NetNs> => {
    const ns = await netns();
    const [cmd, args] = inNs(ns, 'obex_test', ['-i']);
    const tool: ChildProcess = track(cmd, args, { cwd: dir });
    let log = '';
    tool.stdout?.on('data', (d: Buffer) => (log += d.toString('latin1')));
    tool.stdin?.write('s\n');
    await until(() => listening(ns, 650), 5000, `obex_test listening on 650 (log: ${log})`);
    return ns;
  };

  it('puts a file that obex_test stores, and gets one it serves, byte for byte', async () => {
    const serverDir = join(work, 'server');
    mkdirSync(serverDir);
    writeFileSync(join(serverDir, 'from-server.bin'), pattern(120_000, 5));

    writeFileSync(join(work, 'to-server.bin'), pattern(200_000, 8));
    const put = await cimoIn(await armObexTest(serverDir), [
      'obex',
      'put',
      join(work, 'to-server.bin'),
      '--tcp',
      '127.0.0.1',
    ]);
    expect(put.stderr).toBe('');
    expect(put.status).toBe(0);
    expect(
      Buffer.compare(readFileSync(join(serverDir, 'to-server.bin')), pattern(200_000, 8)),
    ).toBe(0);

    const get = await cimoIn(await armObexTest(serverDir), [
      'obex',
      'get',
      'from-server.bin',
      join(work, 'got.bin'),
      '--tcp',
      '127.0.0.1',
    ]);
    expect(get.status).toBe(0);
    expect(Buffer.compare(readFileSync(join(work, 'got.bin')), pattern(120_000, 5))).toBe(0);
  });

  it('reports a file obex_test does not have as 0xC4 not found', async () => {
    const serverDir = join(work, 'server');
    mkdirSync(serverDir);
    const missing = await cimoIn(await armObexTest(serverDir), [
      'obex',
      'get',
      'absent.bin',
      '--tcp',
      '127.0.0.1',
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/not found: absent\.bin \(0xC4 NotFound\)/);
  });
});

describe.skipIf(!have('obexftpd'))('cimo obex against obexftpd', () => {
  const startFtpd = async (dir: string): Promise<NetNs> => {
    const ns = await netns();
    const [cmd, args] = inNs(ns, 'obexftpd', ['-c', dir, '-n', '650']);
    track(cmd, args, { cwd: dir });
    await until(() => listening(ns, 650), 5000, 'obexftpd listening on 650');
    return ns;
  };

  const fill = (): string => {
    const dir = join(work, 'ftpd');
    mkdirSync(join(dir, 'Music'), { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'obexftpd serves this\n');
    writeFileSync(join(dir, 'photo.jpg'), pattern(90_000, 2));
    return dir;
  };

  it("lists obexftpd's folder", async () => {
    const ns = await startFtpd(fill());
    const r = await cimoIn(ns, ['obex', 'ls', '--json', '--tcp', '127.0.0.1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      kind: string;
      name: string;
      size?: number;
      modified?: string;
    }[];
    // obexftpd lists in readdir order and also gives folders a size (their st_size).
    expect(
      rows.map((e) => [e.kind, e.name]).sort((a, b) => (a[1] ?? '').localeCompare(b[1] ?? '')),
    ).toEqual([
      ['folder', 'Music'],
      ['file', 'notes.txt'],
      ['file', 'photo.jpg'],
    ]);
    expect(rows.find((e) => e.name === 'photo.jpg')?.size).toBe(90_000);
    expect(rows.every((e) => typeof e.modified === 'string')).toBe(true);
  });

  it('gets a file from obexftpd byte for byte', async () => {
    const ns = await startFtpd(fill());
    const r = await cimoIn(ns, [
      'obex',
      'get',
      'photo.jpg',
      join(work, 'photo.jpg'),
      '--tcp',
      '127.0.0.1',
    ]);
    expect(r.status).toBe(0);
    expect(Buffer.compare(readFileSync(join(work, 'photo.jpg')), pattern(90_000, 2))).toBe(0);
  });
});
