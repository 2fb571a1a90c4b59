/**
 * Pulling the plug mid-transfer over a real socat pseudo-terminal pair: killing socat
 * closes both pty masters, as unplugging a cable drops both ends. Our client and our
 * server must each get a typed `LinkDisconnectedError` within one second and leave
 * nothing hanging. The server side is paced (1 Mbaud, 100 KB/s) so that the transfer is
 * surely still running when the plug is pulled.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { PacedLink } from '../../native-bridge/links/paced-link.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { serveFolderOnLink } from '../../native-bridge/obex-server-host.js';
import { isLinkDisconnected } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { connectFolderBrowsing, getFile, putFile } from '../../protocol/obex/folder-client.js';
import { ensureBuilt } from '../support/build.js';
import { CIMO, have, killAll, pattern, ptyPair, run } from './support.js';
import type { PtyPair } from './support.js';

const SIZE = 1_000_000;
let work = '';
let share = '';
const links: SerialLink[] = [];

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cimo-unplug-'));
  share = join(work, 'share');
  mkdirSync(share);
  writeFileSync(join(share, 'big.bin'), pattern(SIZE, 4));
});
afterEach(async () => {
  await killAll();
  await Promise.all(links.splice(0).map((l) => l.close()));
  rmSync(work, { recursive: true, force: true });
});

/** Our server on end `a` of the pair; resolves with how its session ended, and when. */
async function serverOn(
  pty: PtyPair,
): Promise<{ ended: Promise<{ error: Error | undefined; at: number }> }> {
  const link = new SerialLink({ path: pty.a });
  links.push(link);
  await link.open();
  // Wrapped in an object: an async function returning the promise itself would wait for it.
  const ended = serveFolderOnLink(
    new PacedLink(link, { baud: 1_000_000 }),
    new FsFileStore(share),
  ).then((error) => ({ error, at: performance.now() }));
  return { ended };
}

function pullPlug(pty: PtyPair): number {
  pty.socat.kill('SIGKILL');
  return performance.now();
}

describe.skipIf(!have('socat'))('pulling the plug on a pty pair', () => {
  it('gives our client and our server a typed disconnect within a second (GET)', async () => {
    const pty = await ptyPair(work);
    const served = await serverOn(pty);
    const link = new SerialLink({ path: pty.b });
    links.push(link);
    await link.open();
    const client = new ObexClient(link, { timeoutMs: 10_000 });
    await connectFolderBrowsing(client);
    let received = 0;
    const transfer = getFile(client, 'big.bin', { onProgress: (n) => (received = n) }).then(
      () => ({ error: undefined as unknown, at: performance.now() }),
      (error: unknown) => ({ error, at: performance.now() }),
    );
    while (received < 100_000) await new Promise((r) => setTimeout(r, 20));
    const t0 = pullPlug(pty);
    const [c, s] = await Promise.all([transfer, served.ended]);
    expect(received).toBeLessThan(SIZE);
    expect(isLinkDisconnected(c.error)).toBe(true);
    expect(isLinkDisconnected(s.error)).toBe(true);
    expect(c.at - t0).toBeLessThan(1000);
    expect(s.at - t0).toBeLessThan(1000);
    expect(client.state).toBe('failed');
  });

  it('gives both sides a typed disconnect within a second (PUT) and stores no partial file', async () => {
    const pty = await ptyPair(work);
    const served = await serverOn(pty);
    const link = new SerialLink({ path: pty.b });
    links.push(link);
    await link.open();
    const client = new ObexClient(link, { timeoutMs: 10_000 });
    await connectFolderBrowsing(client);
    let sent = 0;
    const transfer = putFile(client, 'upload.bin', pattern(SIZE, 6), {
      onProgress: (n) => (sent = n),
    }).then(
      () => ({ error: undefined as unknown, at: performance.now() }),
      (error: unknown) => ({ error, at: performance.now() }),
    );
    while (sent < 100_000) await new Promise((r) => setTimeout(r, 20));
    const t0 = pullPlug(pty);
    const [c, s] = await Promise.all([transfer, served.ended]);
    expect(isLinkDisconnected(c.error)).toBe(true);
    expect(isLinkDisconnected(s.error)).toBe(true);
    expect(Math.max(c.at, s.at) - t0).toBeLessThan(1000);
    expect(existsSync(join(share, 'upload.bin'))).toBe(false);
    // The object was streamed to a temporary file, which the broken transfer removed.
    expect(readdirSync(share)).toEqual(['big.bin']);
  });

  it('makes `cimo obex get --serial` exit 1 with "link lost" within a second', async () => {
    const pty = await ptyPair(work);
    const served = await serverOn(pty);
    const cli = run(
      process.execPath,
      [CIMO, 'obex', 'get', 'big.bin', join(work, 'got.bin'), '--serial', pty.b],
      {
        timeoutMs: 20_000,
      },
    );
    // At 100 KB/s the 1 MB transfer needs ~10 s; 1.5 s in, it is well under way.
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = pullPlug(pty);
    const r = await cli;
    const exitedAfter = performance.now() - t0;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cimo obex: link lost: serial /);
    // Process exit included; the disconnect itself is reported well before this.
    expect(exitedAfter).toBeLessThan(1000);
    expect(isLinkDisconnected((await served.ended).error)).toBe(true);
    expect(existsSync(join(work, 'got.bin'))).toBe(false);
    // `get` streams into a temporary file next to the destination and removes it on failure.
    expect(readdirSync(work).filter((n) => n.includes('got.bin'))).toEqual([]);
  });
});
