import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HandsetDirError } from './errors.js';

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old or the
 * new content, never a mix: write a temporary file in the same folder, fsync it, rename
 * it over the target, fsync the folder (so the rename itself is on disk).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(temp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/**
 * Reads and parses a JSON file; `HandsetDirError` `missing` when it does not exist and
 * `malformed` when it is not JSON.
 */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') {
      throw new HandsetDirError(path, 'missing', 'no such file', { cause: e });
    }
    throw e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HandsetDirError(path, 'malformed', 'not valid JSON', { cause: e });
  }
}
