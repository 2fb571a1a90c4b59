import { closeSync, fsync, openSync, rmSync, writeSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import { threadId } from 'node:worker_threads';
import { basename, dirname, join } from 'node:path';
import { HandsetDirError } from './errors.js';

let tempCounter = 0;

/**
 * Creates a new temporary file beside `path` (exclusively: a name left by a crashed
 * process that had the same pid is skipped, not reused) and returns its name and fd.
 */
function createTemp(path: string): { temp: string; fd: number } {
  const stem = join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-`);
  for (;;) {
    const temp = `${stem}${++tempCounter}.tmp`;
    try {
      return { temp, fd: openSync(temp, 'wx') };
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old or the
 * new content, never a mix: write a temporary file in the same folder, fsync it, rename
 * it over the target, fsync the folder (so the rename itself is on disk).
 *
 * The two fsyncs and the rename run on the thread pool; creating, writing and closing are
 * synchronous calls of a few microseconds each, which through `fs/promises` cost several
 * times that in CPU (see `handset/data/files.ts`): a handset writes its state file
 * about ten times per retrieve and wipe, and a fleet shares one thread.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const { temp, fd } = createTemp(path);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    await fsyncAsync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    // Asynchronous: right after the fsync, a rename may wait for the journal's commit.
    await rename(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  const dh = openSync(dir, 'r');
  try {
    await fsyncAsync(dh);
  } finally {
    closeSync(dh);
  }
}

const fsyncAsync = promisify(fsync);

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
