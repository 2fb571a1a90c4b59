/**
 * File I/O of `FsFileStore`: files written and read piece by piece, and errno codes mapped
 * to the store's vocabulary.
 */
import type { FileHandle } from 'node:fs/promises';
import { rename, rm } from 'node:fs/promises';
import type { FileStoreWriter } from '../protocol/obex/file-store.js';
import { FileStoreError } from '../protocol/obex/file-store.js';
import type { FileStoreErrorCode } from '../protocol/obex/file-store.js';
import { errorParts } from './links/errors.js';

/**
 * Size of the pieces a file is read in: about one OBEX packet, and below glibc's mmap
 * threshold, so each fresh piece comes from reused heap memory rather than new pages.
 */
const READ_PIECE = 64 * 1024;

/** `FsFileStore.openWrite`: appends to a temporary file, renamed into place on close. */
export class FileWritePieces implements FileStoreWriter {
  private settled = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly dest: string,
    private readonly path: readonly string[],
  ) {}

  async write(piece: Uint8Array): Promise<void> {
    if (this.settled) throw new TypeError('write after close or abort');
    try {
      for (let o = 0; o < piece.length;) {
        const { bytesWritten } = await this.handle.write(piece, o, piece.length - o, null);
        o += bytesWritten;
      }
    } catch (e) {
      throw storeError(e, this.path);
    }
  }

  async close(): Promise<void> {
    if (this.settled) throw new TypeError('close after close or abort');
    this.settled = true;
    try {
      await this.handle.close();
      await rename(this.temp, this.dest);
    } catch (e) {
      await rm(this.temp, { force: true }).catch(() => undefined);
      throw storeError(e, this.path);
    }
  }

  async abort(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}

/**
 * `FsFileStore.openRead`'s pieces: one read of up to {@link READ_PIECE} bytes per
 * `next()`, each into a fresh array (a consumer may keep the pieces it was given). The
 * file is closed at the end, on a failure, and by `return()` — also when reading never
 * began, which a generator's `finally` would miss.
 */
export class FileReadPieces implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array> {
  private closed = false;
  private iterated = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly path: readonly string[],
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterated) throw new TypeError('a file body may be iterated only once');
    this.iterated = true;
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    if (this.closed) return { done: true, value: undefined };
    try {
      const buf = new Uint8Array(READ_PIECE);
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, null);
      if (bytesRead > 0) return { done: false, value: buf.subarray(0, bytesRead) };
    } catch (e) {
      await this.return();
      throw storeError(e, this.path);
    }
    await this.return();
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    return { done: true, value: undefined };
  }
}

/** errno codes and what they mean to a peer. */
const FS_ERRORS: ReadonlyMap<string, FileStoreErrorCode> = new Map([
  ['ENOENT', 'not-found'],
  ['ENOTDIR', 'not-a-folder'],
  ['EISDIR', 'is-a-folder'],
  ['ENOTEMPTY', 'not-empty'],
  ['EEXIST', 'exists'],
  ['EACCES', 'read-only'],
  ['EPERM', 'read-only'],
  ['EROFS', 'read-only'],
  ['ENOSPC', 'full'],
  ['EDQUOT', 'full'],
]);

/** Maps a Node fs error to the store's vocabulary; unknown errors pass through (→ 0xD0). */
export function storeError(e: unknown, path: readonly string[]): Error {
  const code = errorParts(e).code;
  const mapped = code === undefined ? undefined : FS_ERRORS.get(code);
  if (mapped) return new FileStoreError(mapped, path);
  return e instanceof Error ? e : new Error(String(e));
}
