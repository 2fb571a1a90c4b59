/**
 * One console process per data folder (`data-folder-lock.ts`): a second opener, in this
 * process or another, is refused with who holds the folder; the folder is free again
 * once its holder closes or is killed outright.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataFolderBusyError } from '../../../main/services/data-folder-lock.js';
import { isDataFolderBusy, lockDataFolder } from '../../../main/services/data-folder-lock.js';
import { openTestConsole, tempDir } from './console-support.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

function folder(): string {
  const t = tempDir('cimo-lock-');
  dirs.push(t.cleanup);
  return join(t.dir, 'data');
}

/** A child process that takes `dir` as `what`, prints `held`, then waits to be killed. */
async function holdInChild(dir: string, what: string): Promise<ReturnType<typeof spawn>> {
  const lockModule = join(ROOT, 'dist/main/services/data-folder-lock.js');
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { lockDataFolder } = await import(${JSON.stringify(lockModule)});
       lockDataFolder(${JSON.stringify(dir)}, ${JSON.stringify(what)});
       process.stdout.write('held\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
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
