/**
 * File-system helpers shared by the stores: listing, sizing, shredding (overwrite, fsync,
 * unlink) and writing export objects with their SHA-256.
 *
 * The small calls here are synchronous on purpose. A `stat`, `open` or `unlink` of a small
 * local file takes a few microseconds in the kernel; the same call through `fs/promises`
 * adds a thread-pool hand-off, a wake-up of the event loop and a promise: 5 to 10 times
 * the CPU time of the call itself (measured: listing and reading 2,400 record files took
 * 630 ms of CPU with promises and 95 ms synchronously). A fleet of simulated handsets
 * shares one thread, and that overhead was most of what a retrieval or a wipe cost it.
 * Only the calls that may wait for the device stay asynchronous: `fdatasync`, and the
 * removals (`unlink`, `rmdir`), which while other handsets flush can wait milliseconds
 * for the file system's journal. Many of them are in flight at once, and long jobs give
 * the event loop a turn between pieces.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fdatasync,
  fstatSync,
  openSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import { mkdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A regular file found under a folder. */
export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the folder listed, `/`-separated. */
  readonly rel: string;
  readonly size: number;
}

/** True when `err` is a Node error with code `code`. */
export function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

/**
 * Every regular file under `dir`, recursively, sorted by relative path (so exports and
 * wipes visit files in the same order on every run). A missing folder lists as empty.
 * Symbolic links are neither followed nor listed: a store never creates them.
 *
 * The listing and the `stat` of each file are synchronous calls (see the module comment).
 */
export async function listFiles(dir: string): Promise<FoundFile[]> {
  return listFilesNow(dir, '');
}

function listFilesNow(dir: string, prefix: string): FoundFile[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const out: FoundFile[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    const rel = prefix + e.name;
    if (e.isDirectory()) {
      for (const f of listFilesNow(path, rel + '/')) out.push(f);
      continue;
    }
    if (!e.isFile()) continue;
    // Removed between readdir and stat (a wipe running alongside): not there.
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined) out.push({ path, rel, size: st.size });
  }
  return out;
}

/** Sum of sizes. */
export function totalSize(files: readonly FoundFile[]): number {
  let n = 0;
  for (const f of files) n += f.size;
  return n;
}

const ZEROS = Buffer.alloc(1 << 20);

/** Options of {@link shredFile} and {@link shredFiles}. */
export interface ShredOptions {
  /**
   * For exported copies: a file with another name (a hard link, `nlink` > 1) is only
   * unlinked. An export links the stores' files (see `export-writer.ts`), so that name is
   * an item's live data, which is shredded when that item is wiped and must not be before.
   */
  readonly keepShared?: boolean;
}

/**
 * Destroys one file: overwrites every byte in place with zeros (same inode, so any other
 * name or open descriptor of it sees zeros too), flushes that to the device, then unlinks.
 * A file already gone counts as shredded, which is what makes an interrupted wipe
 * re-runnable. With `keepShared`, a file that has another name is only unlinked (see
 * {@link ShredOptions}). Only the flush is asynchronous (see the module comment); a large
 * file gives the event loop a turn after each MiB of zeros.
 */
export async function shredFile(path: string, options: ShredOptions = {}): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  try {
    const { size, nlink } = fstatSync(fd);
    const shared = options.keepShared === true && nlink > 1;
    let pos = 0;
    while (!shared && pos < size) {
      if (pos > 0) await turn();
      const n = Math.min(ZEROS.length, size - pos);
      pos += writeSync(fd, ZEROS, 0, n, pos);
    }
    if (!shared) await fdatasyncAsync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // On the thread pool too: right after a flush, an unlink may wait for the journal.
    await unlink(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}

/** `fdatasync` on the thread pool: the one call of a shred that waits for the device. */
const fdatasyncAsync = promisify(fdatasync);

/** Lets the event loop run (other handsets' sessions) between pieces of a long job. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How many files a wipe shreds at once: overlaps the fsyncs of many small records. */
const SHRED_PARALLEL = 8;

/**
 * Shreds every file under `dir` and removes its sub-folders, keeping `dir` itself (an
 * emptied item still has its folder, so OBEX browsing shows it empty). `onFile` is called
 * after each file.
 */
export async function shredTree(
  dir: string,
  onFile?: () => void,
  options: ShredOptions = {},
): Promise<void> {
  await shredFiles(dir, await listFiles(dir), onFile, options);
}

/** {@link shredTree} of `dir` with its files already listed (`files`, from {@link listFiles}). */
export async function shredFiles(
  dir: string,
  files: readonly FoundFile[],
  onFile?: () => void,
  options: ShredOptions = {},
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      if (f === undefined) break;
      await shredFile(f.path, options);
      onFile?.();
    }
  };
  await Promise.all(Array.from({ length: SHRED_PARALLEL }, worker));
  await removeEmptyDirs(dir, false);
}

/**
 * Removes the empty folders under `dir` (and `dir` itself when `self`). The listing is
 * synchronous, the removal is not (like `unlink`, `rmdir` may wait for the journal).
 */
export async function removeEmptyDirs(dir: string, self: boolean): Promise<void> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  for (const e of entries) if (e.isDirectory()) await removeEmptyDirs(join(dir, e.name), true);
  if (self) {
    try {
      await rmdir(dir);
    } catch (err) {
      if (!isErrno(err, 'ENOENT') && !isErrno(err, 'ENOTEMPTY')) throw err;
    }
  }
}

/** Writes `data` to `path` via a temporary file and a rename, so readers never see half. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Removes a file or folder tree without shredding (seeding over old content). */
export async function removeTree(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Creates a folder and its parents. */
export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    h.update(b);
    size += b.length;
  }
  return { size, sha256: h.digest('hex') };
}
