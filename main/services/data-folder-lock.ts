/**
 * One console process per data folder. The web shell, the desktop app and the `cimo` CLI
 * default to the same folder, and two of them on it at once would undo each other's
 * safety: opening the vault shreds pack files no index row names yet (the other
 * process's retrieval in progress, which could then be marked verified with its bytes
 * gone), recovery would take the other's operations in flight for interrupted ones and
 * complete their audit records, and settings and nonces are rewritten whole by each.
 *
 * The lock is an exclusive SQLite transaction on `console.lock`, held for the life of the
 * console: SQLite takes it with a POSIX advisory lock, which the kernel drops when the
 * process ends in any way (a SIGKILL, a crash, a power loss), so there is no stale lock
 * to clean up. A second opener, in this process or another, gets SQLITE_BUSY at once.
 * Who holds it (pid, what, since) is written beside it in `console-lock.json`, for the
 * refusal's message only: the lock itself is the SQLite file.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const LOCK_FILE = 'console.lock';
const HOLDER_FILE = 'console-lock.json';

/** Who holds a data folder, as it said when it took the lock. */
export interface LockHolder {
  readonly pid: number;
  /** e.g. `the web shell`, `cimo retrieve`. */
  readonly what: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

/** Another console holds the data folder. */
export class DataFolderBusyError extends Error {
  override readonly name = 'DataFolderBusyError';
  readonly code = 'data-folder-busy';
  constructor(
    readonly folder: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      `the data folder ${folder} is in use by ${
        holder === undefined
          ? 'another console'
          : `${holder.what} (process ${holder.pid}, since ${holder.since})`
      }: close that first, or give this one another folder (--data)`,
    );
  }
}

/** True for {@link DataFolderBusyError}, also across module copies. */
export function isDataFolderBusy(e: unknown): e is DataFolderBusyError {
  return e instanceof Error && (e as { code?: unknown }).code === 'data-folder-busy';
}

/** A held data-folder lock. */
export interface DataFolderLock {
  /** Gives the folder up; idempotent. */
  release(): void;
}

function readHolder(folder: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(join(folder, HOLDER_FILE), 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.what === 'string' && typeof h.since === 'string'
      ? { pid: h.pid, what: h.what, since: h.since }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `folder` (created, owner-only, when missing) for this process, saying it is `what`. Throws
 * {@link DataFolderBusyError} when another console holds it, and the underlying error
 * when the lock file cannot be opened at all.
 */
export function lockDataFolder(folder: string, what: string): DataFolderLock {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const db = new Database(join(folder, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY')
      throw new DataFolderBusyError(folder, readHolder(folder));
    throw e;
  }
  const holder: LockHolder = { pid: process.pid, what, since: new Date().toISOString() };
  writeFileSync(join(folder, HOLDER_FILE), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      const mine = readHolder(folder);
      if (mine?.pid === holder.pid && mine.since === holder.since)
        rmSync(join(folder, HOLDER_FILE), { force: true });
      db.close();
    },
  };
}

/** Options of {@link waitForDataFolder}. */
export interface FolderWaitOptions {
  /** Longest to wait for the folder, ms. */
  readonly maxWaitMs: number;
  /** Told once, when the first attempt finds the folder held by a command worth waiting for. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  /** Between attempts, ms (default 100). */
  readonly pollMs?: number;
}

/**
 * {@link lockDataFolder}, waiting while the holder is another `cimo` command (it ends on
 * its own) for up to `maxWaitMs`: two commands a script starts side by side then run one
 * after the other. A holder that stays up (the web shell, the desktop app, the demo) is
 * refused at once, as is anyone after the wait.
 */
export async function waitForDataFolder(
  folder: string,
  what: string,
  options: FolderWaitOptions,
): Promise<DataFolderLock> {
  const deadline = Date.now() + options.maxWaitMs;
  let told = false;
  for (;;) {
    try {
      return lockDataFolder(folder, what);
    } catch (e) {
      if (!isDataFolderBusy(e) || Date.now() >= deadline) throw e;
      // No holder file yet: a holder that has just taken the lock and not yet said who it is.
      const passing = e.holder === undefined || e.holder.what.startsWith('cimo ');
      if (!passing) throw e;
      if (!told) options.onWait?.(e.holder);
      told = true;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}
