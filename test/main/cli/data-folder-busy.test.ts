/**
 * A `cimo` command on a data folder that another console holds (the web shell, say, with
 * a retrieval under way) does nothing and exits 5 naming the holder. Without the lock,
 * `cimo vault ls` opening the vault shredded the pack file of the retrieval in progress
 * (no index row named it yet), which could then finish `verified` with its bytes gone.
 * Reading the audit log stays allowed. Another `cimo` command holding it is waited for.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestOf } from '../services/vault/vault-support.js';
import { openTestConsole, tempDir, waitFor } from '../services/console-support.js';
import { holdInChild } from '../services/data-folder-support.js';
import { cimoAsync, newKeyFile } from './console-harness.js';

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

describe('cimo on a data folder another console holds', () => {
  it('waits for another cimo command to finish with the folder, then runs', async () => {
    const t = tempDir('cimo-busy-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const holder = await holdInChild(data, 'cimo retrieve');
    const run = cimoAsync(['settings', 'set', 'operator', 'Alice Tech', '--data', data]);
    await new Promise((r) => setTimeout(r, 1500));
    holder.kill('SIGKILL');
    const r = await run;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `waiting for cimo retrieve (process ${holder.pid}) to finish with the data folder`,
    );
    expect(
      (JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as { operator: string })
        .operator,
    ).toBe('Alice Tech');
  }, 60_000);

  it('waits only as long as CIMO_FOLDER_WAIT says, and rejects a bad value', async () => {
    const t = tempDir('cimo-busy-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const holder = await holdInChild(data, 'cimo retrieve');
    try {
      const args = ['settings', 'set', 'operator', 'Alice Tech', '--data', data];
      const t0 = Date.now();
      const r = await cimoAsync(args, { CIMO_FOLDER_WAIT: '1' });
      expect(r.status, r.stderr).toBe(5);
      expect(r.stderr).toContain(`waiting for cimo retrieve (process ${holder.pid})`);
      expect(r.stderr).toContain(`in use by cimo retrieve (process ${holder.pid}`);
      // Well under the default 2 minutes (a cold start of the CLI included).
      expect(Date.now() - t0).toBeLessThan(60_000);
      const bad = await cimoAsync(args, { CIMO_FOLDER_WAIT: 'soon' });
      expect(bad.status, bad.stderr).toBe(2);
      expect(bad.stderr).toContain('CIMO_FOLDER_WAIT: expected seconds (0 or more), got "soon"');
    } finally {
      holder.kill('SIGKILL');
    }
  }, 120_000);

  it('exits 5 naming the holder, and leaves its retrieval in progress alone', async () => {
    const t = tempDir('cimo-busy-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const key = await newKeyFile(t.dir);
    const c = await openTestConsole(data, {
      vaultKey: { kind: 'key-file', path: key },
      http: false,
      holder: 'the web shell',
    });
    let closed = false;
    try {
      // A photo arriving: its first 100,000 bytes are in the pack, the rest not yet.
      const photo = {
        info: 'Photos',
        name: 'IMG_0001.jpg',
        type: 'image/jpeg',
        bytes: new Uint8Array(150_000).map((_, i) => i % 251),
      };
      const id = c.vault.beginRetrieval({
        imei: '356938035643809',
        correlator: 'r1',
        manifest: manifestOf([photo], 'r1'),
        items: ['Photos'],
      });
      let rest!: () => void;
      const more = new Promise<void>((r) => (rest = r));
      const stored = c.vault.storeObject(
        id,
        0,
        (async function* () {
          yield photo.bytes.subarray(0, 100_000);
          await more;
          yield photo.bytes.subarray(100_000);
        })(),
      );
      const blobs = join(data, 'vault', 'blobs');
      await waitFor(
        () => readdirSync(blobs).some((f) => statSync(join(blobs, f)).size > 0),
        'the pack file written',
        10_000,
      );
      const [pack = ''] = readdirSync(blobs);
      const before = readFileSync(join(blobs, pack));
      const settingsBefore = readFileSync(join(data, 'settings.json'), 'utf8');

      const keyArgs = ['--data', data, '--vault-key-file', key];
      for (const args of [
        ['vault', 'ls', ...keyArgs],
        ['retrieve', '--all', ...keyArgs, '--no-scan', '--wait', '1'],
        ['settings', 'set', 'operator', 'Mallory', '--data', data],
        ['list', '--data', data, '--no-scan', '--wait', '1'],
      ]) {
        const r = await cimoAsync(args);
        expect(r.status, `cimo ${args.join(' ')}: ${r.stderr}`).toBe(5);
        expect(r.stderr).toContain(`in use by the web shell (process ${process.pid}`);
      }
      // Reading the audit log does not need the folder to itself.
      expect((await cimoAsync(['audit', 'verify', '--data', data])).status).toBe(0);

      expect(readdirSync(blobs)).toEqual([pack]);
      expect(Buffer.compare(readFileSync(join(blobs, pack)), before)).toBe(0);
      expect(readFileSync(join(data, 'settings.json'), 'utf8')).toBe(settingsBefore);

      rest();
      expect((await stored).state).toBe('ok');
      expect(c.vault.finish(id).state).toBe('verified');
      expect(Buffer.compare(await c.vault.readObject(id, 0), photo.bytes)).toBe(0);
      await c.close();
      closed = true;
      // Free again once the web shell closed.
      const ls = await cimoAsync(['vault', 'ls', '--json', ...keyArgs]);
      expect(ls.status, ls.stderr).toBe(0);
      expect((JSON.parse(ls.stdout) as { id: string }[]).map((r) => r.id)).toEqual([id]);
    } finally {
      if (!closed) await c.close();
    }
  }, 120_000);
});
