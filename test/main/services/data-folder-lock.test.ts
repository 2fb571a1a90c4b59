/**
 * One console process per data folder (`data-folder-lock.ts`): a second opener, in this
 * process or another, is refused with who holds the folder; the folder is free again
 * once its holder closes or is killed outright.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataFolderBusyError } from '../../../main/services/data-folder-lock.js';
import type { LockHolder } from '../../../main/services/data-folder-lock.js';
import {
  isDataFolderBusy,
  lockDataFolder,
  waitForDataFolder,
} from '../../../main/services/data-folder-lock.js';
import { openTestConsole, tempDir } from './console-support.js';
import { holdInChild } from './data-folder-support.js';
const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

function folder(): string {
  const t = tempDir('cimo-lock-');
  dirs.push(t.cleanup);
  return join(t.dir, 'data');
}

function busyOf(f: () => unknown): DataFolderBusyError {
  try {
    f();
  } catch (e) {
    if (isDataFolderBusy(e)) return e;
    throw e;
  }
  throw new Error('the folder was not refused');
}

describe('data folder lock', () => {
  it('refuses a second holder in this process, naming the first, until it is released', () => {
    const dir = folder();
    const first = lockDataFolder(dir, 'cimo retrieve');
    const e = busyOf(() => lockDataFolder(dir, 'the web shell'));
    expect(e.holder?.pid).toBe(process.pid);
    expect(e.holder?.what).toBe('cimo retrieve');
    expect(e.message).toContain(`in use by cimo retrieve (process ${process.pid}`);
    expect(e.message).toContain(dir);
    first.release();
    first.release(); // idempotent
    expect(existsSync(join(dir, 'console-lock.json'))).toBe(false);
    lockDataFolder(dir, 'the web shell').release();
  });

  it('refuses while another process holds the folder, and is free once that process is killed', async () => {
    const dir = folder();
    const child = await holdInChild(dir, 'the desktop app');
    try {
      const e = busyOf(() => lockDataFolder(dir, 'cimo wipe'));
      expect(e.holder).toMatchObject({ pid: child.pid, what: 'the desktop app' });
    } finally {
      // No chance to clean up: the kernel drops the lock with the process.
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const lock = lockDataFolder(dir, 'cimo wipe');
    lock.release();
  });

  it('waits while another cimo command holds the folder, and takes it once that one ends', async () => {
    const dir = folder();
    const child = await holdInChild(dir, 'cimo retrieve');
    const told: (LockHolder | undefined)[] = [];
    const t0 = Date.now();
    const waiting = waitForDataFolder(dir, 'cimo wipe', {
      maxWaitMs: 30_000,
      pollMs: 50,
      onWait: (h) => told.push(h),
    });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    const lock = await waiting;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ pid: child.pid, what: 'cimo retrieve' });
    lock.release();
  });

  it('does not wait for a console that stays up, nor past the limit', async () => {
    const dir = folder();
    const app = lockDataFolder(dir, 'the web shell');
    const t0 = Date.now();
    await expect(waitForDataFolder(dir, 'cimo wipe', { maxWaitMs: 30_000 })).rejects.toThrow(
      /in use by the web shell/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    app.release();
    const other = lockDataFolder(dir, 'cimo retrieve');
    await expect(
      waitForDataFolder(dir, 'cimo wipe', { maxWaitMs: 300, pollMs: 50 }),
    ).rejects.toThrow(/in use by cimo retrieve/);
    other.release();
  });

  it('makes a second console on the same folder fail at open, and a new one succeed after close', async () => {
    const dir = folder();
    const c = await openTestConsole(dir, { http: false, holder: 'the first console' });
    await expect(openTestConsole(dir, { http: false })).rejects.toThrow(
      /in use by the first console/,
    );
    await c.close();
    const again = await openTestConsole(dir, { http: false });
    await again.close();
  });
});
