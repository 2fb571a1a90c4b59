/**
 * The data folder for one `cimo` command (see `data-folder-lock.ts`): held for the
 * command's run; another `cimo` command holding it is waited for (a script's commands
 * side by side then run one after the other), the web shell or the app is not.
 */
import { waitForDataFolder } from '../../services/data-folder-lock.js';
import type { DataFolderLock, FolderWaitOptions } from '../../services/data-folder-lock.js';
import { ConsoleCliError, EXIT } from './exit-codes.js';
import { commandName } from './options.js';

/** Longest a command waits for another `cimo` command to give the data folder up, ms. */
export const FOLDER_WAIT_MS = 120_000;

/**
 * The wait limit in ms: `$CIMO_FOLDER_WAIT` seconds when set (0 = do not wait; a script
 * queueing behind a long retrieval sets more), else {@link FOLDER_WAIT_MS}.
 */
export function folderWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['CIMO_FOLDER_WAIT'];
  if (text === undefined || text.trim() === '') return FOLDER_WAIT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new ConsoleCliError(
      `CIMO_FOLDER_WAIT: expected seconds (0 or more), got "${text}"`,
      EXIT.usage,
    );
  return seconds * 1000;
}

/** How a command waits for its data folder: up to {@link folderWaitMs}, saying so once. */
export function folderWait(): FolderWaitOptions {
  return {
    maxWaitMs: folderWaitMs(),
    onWait: (h) =>
      void process.stderr.write(
        `${commandName()}: waiting for ${
          h === undefined ? 'another cimo command' : `${h.what} (process ${h.pid})`
        } to finish with the data folder…\n`,
      ),
  };
}

/** Holds `folder` for this command (see the module comment). */
export function holdDataFolder(folder: string): Promise<DataFolderLock> {
  return waitForDataFolder(folder, commandName(), folderWait());
}

/** Runs `f` with `folder` held, and gives it up however `f` ends. */
export async function whileHolding<T>(folder: string, f: () => T | Promise<T>): Promise<T> {
  const lock = await holdDataFolder(folder);
  try {
    return await f();
  } finally {
    lock.release();
  }
}
