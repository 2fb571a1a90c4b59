import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { mkdir, readFile, realpath, rmdir, stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ObexResponse } from '../protocol/obex/codes.js';
import { ObexRefusal } from '../protocol/obex/errors.js';
import { checkSegment, FileStoreError } from '../protocol/obex/file-store.js';
import type {
  FileStore,
  FileStoreEntry,
  FileStoreReader,
  FileStoreWriter,
} from '../protocol/obex/file-store.js';
import { openFileReader, openFileWriter, storeError } from './fs-file-io.js';
import { errorParts } from './links/errors.js';

/** Prefix of the temporary files a write goes through (hidden from listings). */
const TEMP_PREFIX = '.cimo-partial-';

/**
 * A `FileStore` on disk, rooted at a folder: what `cimo obex serve DIR` and the reference
 * handset share over OBEX Folder Browsing.
 *
 * Names from the peer are never trusted as paths:
 * - every segment is checked again here (`checkSegment`: no empty name, `/`, `\`, NUL,
 *   `.` or `..` — 0xC0 / 0xC3), whatever the caller already did;
 * - the path is joined under the root and resolved with `realpath`; a result outside the
 *   root (a symlink pointing out of the shared folder, at any depth) is refused with
 *   `ObexRefusal` 0xC3 Forbidden, as is a dangling symlink;
 * - listings leave out symlinks that lead outside the root (and our temporary files).
 *
 * Writes go to a temporary file in the same folder and are renamed into place, so a
 * transfer cut short never leaves a half-written file under the real name. `openWrite` and
 * `openRead` move a file piece by piece, so an object never has to fit in memory. `remove`
 * deletes a symlink itself, never what it points to. A check-then-use race with a local
 * process that swaps a folder for a symlink between the check and the operation is not
 * defended against: the root is meant to be owned by the console's user.
 *
 * The checks (`realpath`, `lstat`, `stat`) and listings are synchronous calls: each is a
 * few microseconds in the kernel, and through the thread pool it cost 3–4 times that in
 * CPU (measured: `realpath` of a path eight folders deep, 50–70 µs with promises, 16–23 µs
 * synchronously). A reference handset serving a retrieval makes one or two per object,
 * and a fleet of them shares one thread. Reads, writes and removals stay asynchronous.
 */
export class FsFileStore implements FileStore {
  /** The root as given, absolute. */
  readonly root: string;
  private realRoot: Promise<string> | undefined;
  private rootDir: Promise<string> | undefined;

  constructor(root: string) {
    if (typeof root !== 'string' || root === '') {
      throw new TypeError('FsFileStore root must be a non-empty path');
    }
    this.root = resolve(root);
  }

  async list(path: readonly string[]): Promise<readonly FileStoreEntry[]> {
    const dir = await this.existing(path);
    const root = await this.rootReal();
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      throw storeError(e, path);
    }
    const entries: FileStoreEntry[] = [];
    for (const name of names.sort()) {
      if (name.startsWith(TEMP_PREFIX)) continue;
      const entry = this.entryAt(root, join(dir, name), name);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  async stat(path: readonly string[]): Promise<FileStoreEntry | undefined> {
    let real: string;
    try {
      real = await this.existing(path);
    } catch (e) {
      if (e instanceof FileStoreError && e.code === 'not-found') return undefined;
      throw e;
    }
    return this.entryAt(await this.rootReal(), real, path.at(-1) ?? '');
  }

  async read(path: readonly string[]): Promise<Uint8Array> {
    const real = await this.existing(path);
    try {
      const data = await readFile(real);
      return new Uint8Array(data.buffer, data.byteOffset, data.length);
    } catch (e) {
      throw storeError(e, path);
    }
  }

  async openRead(path: readonly string[]): Promise<FileStoreReader> {
    const mapError = (e: unknown): Error => storeError(e, path);
    const name = path.length === 1 ? checkSegment(path[0]) : undefined;
    if (name !== undefined) {
      // A name in the root that is not a symlink is inside the root (the root's real path
      // is resolved, the name has no separator): open it without resolving it first. A
      // symlink (ELOOP) takes the checked way below.
      try {
        return await openFileReader(join(await this.rootReal(), name), mapError, {
          noFollow: true,
        });
      } catch (e) {
        if (errorParts(e).code !== 'ELOOP') throw e;
      }
    }
    return openFileReader(await this.existing(path), mapError);
  }

  async write(path: readonly string[], data: Uint8Array): Promise<void> {
    const writer = await this.openWrite(path);
    try {
      await writer.write(data);
    } catch (e) {
      await writer.abort();
      throw e;
    }
    await writer.close();
  }

  async openWrite(path: readonly string[]): Promise<FileStoreWriter> {
    const [dir, name] = await this.parent(path);
    const target = join(dir, name);
    // The temporary file goes next to the name (listings hide it by its prefix), also when
    // a symlink makes the destination another place inside the root.
    const temp = {
      tempDir: dir,
      tempPrefix: TEMP_PREFIX,
      mapError: (e: unknown) => storeError(e, path),
    };
    const st = lstatOrUndefined(target);
    const writer = await openFileWriter(target, temp);
    try {
      if (st?.isDirectory()) throw new FileStoreError('is-a-folder', path);
      if (!st?.isSymbolicLink()) return writer;
      // Writing through a symlink would land wherever it points: resolve and check it.
      const dest = await this.existing(path);
      if ((await stat(dest)).isDirectory()) throw new FileStoreError('is-a-folder', path);
      await writer.abort();
      return await openFileWriter(dest, temp);
    } catch (e) {
      await writer.abort();
      throw e;
    }
  }

  async remove(path: readonly string[]): Promise<void> {
    const [dir, name] = await this.parent(path);
    const target = join(dir, name);
    const st = lstatOrUndefined(target);
    if (!st) throw new FileStoreError('not-found', path);
    try {
      if (st.isDirectory()) await rmdir(target);
      else await unlink(target);
    } catch (e) {
      throw storeError(e, path);
    }
  }

  async mkdir(path: readonly string[]): Promise<void> {
    const [dir, name] = await this.parent(path);
    const target = join(dir, name);
    const st = lstatOrUndefined(target);
    if (st) {
      if (st.isDirectory()) return;
      throw new FileStoreError('exists', path);
    }
    try {
      await mkdir(target);
    } catch (e) {
      throw storeError(e, path);
    }
  }

  /** The root's real path (resolved once; the root must exist). */
  private rootReal(): Promise<string> {
    this.realRoot ??= realpath(this.root).catch((e: unknown) => {
      this.realRoot = undefined;
      throw new FileStoreError(errorParts(e).code === 'ENOENT' ? 'not-found' : 'read-only', []);
    });
    return this.realRoot;
  }

  /** The root's real path, checked once to be a folder. */
  private rootFolder(): Promise<string> {
    this.rootDir ??= this.rootReal()
      .then(async (real) => {
        if (!(await stat(real)).isDirectory()) throw new FileStoreError('not-found', []);
        return real;
      })
      .catch((e: unknown) => {
        this.rootDir = undefined;
        throw e;
      });
    return this.rootDir;
  }

  /** Real path of an existing entry, checked to be inside the root. */
  private async existing(path: readonly string[]): Promise<string> {
    const root = await this.rootReal();
    const joined = join(root, ...path.map((s) => checkSegment(s)));
    let real: string;
    try {
      real = realpathSync.native(joined);
    } catch (e) {
      // A dangling symlink inside the root must not be a way to create files elsewhere.
      if (lstatOrUndefined(joined)?.isSymbolicLink()) throw outside();
      throw storeError(e, path);
    }
    if (!inside(root, real)) throw outside();
    return real;
  }

  /**
   * Real path of the parent folder (checked, must exist) and the last segment. The root's
   * real path is resolved once per store; a deeper parent is resolved and checked on every
   * call (a folder may have been swapped for a symlink since).
   */
  private async parent(path: readonly string[]): Promise<[string, string]> {
    const name = path.at(-1);
    if (name === undefined) throw new FileStoreError('is-a-folder', path);
    checkSegment(name);
    const parentPath = path.slice(0, -1);
    const dir = parentPath.length === 0 ? await this.rootFolder() : await this.existing(parentPath);
    if (parentPath.length > 0 && !statSync(dir).isDirectory())
      throw new FileStoreError('not-found', path);
    return [dir, name];
  }

  /** The entry for a listing or stat; symlinks are followed only inside the root. */
  private entryAt(root: string, full: string, name: string): FileStoreEntry | undefined {
    try {
      const l = lstatSync(full);
      if (l.isSymbolicLink() && !inside(root, realpathSync.native(full))) return undefined;
      const st = l.isSymbolicLink() ? statSync(full) : l;
      if (st.isDirectory()) return { kind: 'folder', name, modified: st.mtime };
      if (st.isFile()) return { kind: 'file', name, size: st.size, modified: st.mtime };
      return undefined; // sockets, fifos, devices: not something to offer a peer
    } catch {
      return undefined; // vanished meanwhile, or a dangling link
    }
  }
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function outside(): ObexRefusal {
  return new ObexRefusal(ObexResponse.Forbidden, 'outside the shared folder');
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
