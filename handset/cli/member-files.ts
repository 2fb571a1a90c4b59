/**
 * Small files the CLI keeps in a handset folder besides the handset's own: the seed
 * profile it was made with (for `reset`) and a lock naming the process that runs it.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PROFILE_FILE = 'profile';
const LOCK_FILE = 'running.pid';

/** The seed profile the handset was made with (`small` when unknown). */
export async function readProfile(dir: string): Promise<string> {
  try {
    const p = (await readFile(join(dir, PROFILE_FILE), 'utf8')).trim();
    return p === '' ? 'small' : p;
  } catch {
    return 'small';
  }
}

export async function writeProfile(dir: string, profile: string): Promise<void> {
  await writeFile(join(dir, PROFILE_FILE), `${profile}\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `process 1234` when a live process holds the handset, else undefined (stale locks ignored). */
export async function describeLock(dir: string): Promise<string | undefined> {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const pid = Number((await readFile(path, 'utf8')).trim());
  return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)
    ? `process ${pid}`
    : undefined;
}

/**
 * Marks the handset as run by this process; refuses (returns the holder) when another
 * live process has it — two processes serving one handset would corrupt its state.
 */
export async function takeLock(dir: string): Promise<string | undefined> {
  const holder = await describeLock(dir);
  if (holder !== undefined) return holder;
  await writeFile(join(dir, LOCK_FILE), `${process.pid}\n`);
  return undefined;
}

export async function releaseLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  try {
    if (Number((await readFile(path, 'utf8')).trim()) === process.pid)
      await rm(path, { force: true });
  } catch {
    // already gone
  }
}
