/**
 * JSON files that are either the old or the new content, never torn: written to a temp
 * file beside the target, fsynced, renamed over it, and the folder fsynced — so a crash
 * or power cut mid-write leaves the previous settings, not a half file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open as openAsync, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `value` as pretty JSON to `path` atomically (mode 0600: it holds DM secrets). */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  }
}

/** The parsed JSON of `path`, or undefined when the file does not exist. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

/**
 * {@link writeJsonAtomic} off the event loop: the same temp file, fsync, rename and
 * directory fsync, through libuv's thread pool. Callers must not run two at once for the
 * same `path` (they share the temp file name).
 */
export async function writeJsonAtomicAsync(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await openAsync(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  try {
    const dir = await openAsync(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  }
}
