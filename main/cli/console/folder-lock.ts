/**
 * The data folder for one `cimo` command (see `data-folder-lock.ts`): held for the
 * command's run; another `cimo` command holding it is waited for (a script's commands
 * side by side then run one after the other), the web shell or the app is not.
 */
import { waitForDataFolder } from '../../services/data-folder-lock.js';
import type { DataFolderLock, FolderWaitOptions } from '../../services/data-folder-lock.js';
import { commandName } from './options.js';

/** Longest a command waits for another `cimo` command to give the data folder up, ms. */
export const FOLDER_WAIT_MS = 120_000;

/** How a command waits for its data folder: up to {@link FOLDER_WAIT_MS}, saying so once. */
export function folderWait(): FolderWaitOptions {
  return {
    maxWaitMs: FOLDER_WAIT_MS,
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
