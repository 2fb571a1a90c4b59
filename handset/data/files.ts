/**
 * File-system helpers shared by the stores: listing, sizing, shredding (overwrite, fsync,
 * unlink) and writing export objects with their SHA-256.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
 */
export async function listFiles(dir: string, prefix = ''): Promise<FoundFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  // stat() calls of one folder run together: a heavy handset has thousands of records
  // per folder, and ItemCount/ByteSize reads should not take one round trip per file.
  const parts = await Promise.all(
    entries.map(async (e): Promise<FoundFile[]> => {
      const path = join(dir, e.name);
      const rel = prefix + e.name;
      if (e.isDirectory()) return listFiles(path, rel + '/');
      if (!e.isFile()) return [];
      try {
        return [{ path, rel, size: (await stat(path)).size }];
      } catch (err) {
        // Removed between readdir and stat (a wipe running alongside): not there.
        if (isErrno(err, 'ENOENT')) return [];
        throw err;
      }
    }),
  );
  return parts.flat();
}

/** Sum of sizes. */
export function totalSize(files: readonly FoundFile[]): number {
  let n = 0;
  for (const f of files) n += f.size;
  return n;
}

const ZEROS = Buffer.alloc(1 << 16);

/**
 * Destroys one file: overwrites every byte in place with zeros (same inode, so any other
 * name or open descriptor of it sees zeros too), flushes that to the device, then unlinks.
 * A file already gone counts as shredded, which is what makes an interrupted wipe
 * re-runnable.
 */
export async function shredFile(path: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r+');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    let pos = 0;
    while (pos < size) {
      const n = Math.min(ZEROS.length, size - pos);
      const { bytesWritten } = await fh.write(ZEROS, 0, n, pos);
      pos += bytesWritten;
    }
    await fh.datasync();
  } finally {
    await fh.close();
  }
  try {
    await unlink(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}

/** How many files a wipe shreds at once: overlaps the fsyncs of many small records. */
const SHRED_PARALLEL = 8;

/**
 * Shreds every file under `dir` and removes its sub-folders, keeping `dir` itself (an
 * emptied item still has its folder, so OBEX browsing shows it empty). `onFile` is called
 * after each file.
 */
export async function shredTree(dir: string, onFile?: () => void): Promise<void> {
  const files = await listFiles(dir);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      if (f === undefined) break;
      await shredFile(f.path);
      onFile?.();
    }
  };
  await Promise.all(Array.from({ length: SHRED_PARALLEL }, worker));
  await removeEmptyDirs(dir, false);
}

/** Removes the empty folders under `dir` (and `dir` itself when `self`). */
export async function removeEmptyDirs(dir: string, self: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
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
