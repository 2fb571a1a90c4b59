/**
 * A console whose open fails partway (a wrong vault passphrase, a data folder whose audit
 * head only the desktop app can seal) closes what it had opened: no database handle,
 * server or lock is left behind, and the next open with the right key works.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestConsole, tempDir } from './console-support.js';

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

/** This process's open file descriptors that are files under `dir`. */
function filesOpenUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    const target = readlinkOrEmpty(join('/proc/self/fd', fd));
    if (target.startsWith(dir)) out.push(target);
  }
  return out.sort();
}

/** The file a descriptor names; empty when it was closed meanwhile. */
function readlinkOrEmpty(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
}

describe('openConsole that fails partway', () => {
  it('closes what it opened before the failure, and leaves the folder free', async () => {
    const t = tempDir('cimo-open-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const first = await openTestConsole(data, { http: false });
    await first.close();
    expect(filesOpenUnder(t.dir)).toEqual([]);

    let thrown: unknown;
    try {
      await openTestConsole(data, {
        http: false,
        vaultKey: { kind: 'passphrase', passphrase: 'wrong horse', cost: 2 ** 12 },
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ name: 'VaultKeyError' });
    // The audit log was open when the vault refused the key: it is closed again.
    expect(filesOpenUnder(t.dir)).toEqual([]);

    const again = await openTestConsole(data, { http: false });
    expect(filesOpenUnder(t.dir).length).toBeGreaterThan(0);
    await again.close();
    expect(filesOpenUnder(t.dir)).toEqual([]);
  });
});
