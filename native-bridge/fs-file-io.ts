/**
 * Files written and read piece by piece (what `FsFileStore` and `cimo obex get/put` move
 * OBEX objects with, so no object has to fit in memory), and errno codes mapped to the
 * file store's vocabulary.
 */
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { constants, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileStoreReader, FileStoreWriter } from '../protocol/obex/file-store.js';
import { FileStoreError } from '../protocol/obex/file-store.js';
import type { FileStoreErrorCode } from '../protocol/obex/file-store.js';
import { errorParts } from './links/errors.js';
import { piecesAfter } from '../protocol/bytes/pieces.js';

/**
 * Size of the pieces a file is read in: about one OBEX packet, and below glibc's mmap
 * threshold, so each fresh piece comes from reused heap memory rather than new pages.
 */
const READ_PIECE = 64 * 1024;

/** Read-only, and ELOOP instead of following a symlink at the end of the path. */
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

/** Turns a Node fs error into the error a caller reports. */
export type FsErrorMap = (e: unknown) => Error;

const asIs: FsErrorMap = (e) => (e instanceof Error ? e : new Error(String(e)));

/**
 * Starts writing `dest`: the pieces go to a new temporary file `<prefix><random>` (in
 * `dest`'s folder unless told otherwise; created exclusively), renamed onto `dest` by `close()` and removed by
 * `abort()` — a transfer cut short never leaves a partial file under the real name.
 * Failures are passed through `mapError`.
 */
export async function openFileWriter(
  dest: string,
  options: {
    /** Folder of the temporary file (default: that of `dest`; must be on its file system). */
    readonly tempDir?: string;
    readonly tempPrefix?: string;
    readonly mapError?: FsErrorMap;
  } = {},
): Promise<FileStoreWriter> {
  const mapError = options.mapError ?? asIs;
  const prefix = options.tempPrefix ?? `.${basename(dest)}.part-`;
  const temp = join(options.tempDir ?? dirname(dest), `${prefix}${randomBytes(6).toString('hex')}`);
  try {
    return new FileWritePieces(await open(temp, 'wx'), temp, dest, mapError);
  } catch (e) {
    throw mapError(e);
  }
}

/**
 * Opens `file` for reading in pieces of about one OBEX packet. Failures (also a folder:
 * EISDIR) are passed through `mapError`.
 */
export async function openFileReader(
  file: string,
  mapError: FsErrorMap = asIs,
  options: {
    /** Refuse a symlink as the last component (fails with ELOOP, passed to `mapError`). */
    readonly noFollow?: boolean;
  } = {},
): Promise<FileStoreReader> {
  let handle: FileHandle;
  try {
    handle = await open(file, options.noFollow === true ? READ_NO_FOLLOW : 'r');
  } catch (e) {
    throw mapError(e);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
    return { size: st.size, body: new FileReadPieces(handle, st.size, mapError) };
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw mapError(e);
  }
}

/** A file written through a temporary file, renamed into place on close. */
class FileWritePieces implements FileStoreWriter {
  private settled = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly dest: string,
    private readonly mapError: FsErrorMap,
  ) {}

  async write(piece: Uint8Array): Promise<void> {
    if (this.settled) throw new TypeError('write after close or abort');
    try {
      for (let o = 0; o < piece.length;) {
        const { bytesWritten } = await this.handle.write(piece, o, piece.length - o, null);
        o += bytesWritten;
      }
    } catch (e) {
      throw this.mapError(e);
    }
  }

  /** Several pieces with one `writev` (one trip to the thread pool, not one per piece). */
  async writev(pieces: readonly Uint8Array[]): Promise<void> {
    if (this.settled) throw new TypeError('write after close or abort');
    try {
      let rest = pieces.filter((p) => p.length > 0);
      while (rest.length > 0) {
        const { bytesWritten } = await this.handle.writev(rest);
        rest = piecesAfter(rest, bytesWritten);
      }
    } catch (e) {
      throw this.mapError(e);
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
      throw this.mapError(e);
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
 * Reads kept in flight ahead of the consumer, {@link READ_PIECE} bytes each: while a
 * consumer sends one piece, the next ones are being read on the thread pool (disk reads
 * overlap network writes). Two cover a consumer that takes a piece and a bit of the next
 * per packet; each is a positioned read, so they may complete in any order.
 */
const READS_AHEAD = 2;

/** What one positioned read brought (never a rejection: a read waiting in line is no unhandled one). */
type PieceRead =
  { readonly piece: Uint8Array; readonly asked: number } | { readonly error: unknown };

const DONE: IteratorResult<Uint8Array> = { done: true, value: undefined };

/**
 * A file's pieces of up to {@link READ_PIECE} bytes, read ahead: up to
 * {@link READS_AHEAD} positioned reads are in flight while the consumer works on the
 * piece it got, each into a fresh array sized to what is left (a consumer may keep the
 * pieces it was given). The body is the `size` bytes the file had when opened — the size
 * a transfer announces — so reading stops there without a further read to find the end;
 * a read that comes back short ends the body with it (a file that shrank ends early). The
 * file is closed at the end, on a failure, and by `return()` — also when reading never
 * began, which a generator's `finally` would miss — once the reads in flight settled.
 */
class FileReadPieces implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array> {
  private closed = false;
  private iterated = false;
  /** No further read starts: the size is reached, a read came back short, or closed. */
  private stopped = false;
  /** Where the next read starts. */
  private offset = 0;
  /** Reads started and not handed out yet, in file order. */
  private readonly ahead: Promise<PieceRead>[] = [];
  /** Every read not settled yet, handed out or not (the file is closed after them). */
  private readonly inFlight = new Set<Promise<PieceRead>>();

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    private readonly mapError: FsErrorMap,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterated) throw new TypeError('a file body may be iterated only once');
    this.iterated = true;
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    if (this.closed) return DONE;
    this.readAhead();
    const read = this.ahead.shift();
    if (read === undefined) {
      await this.return();
      return DONE;
    }
    const r = await read;
    if (this.closed) return DONE; // return() while this read was in flight
    if ('error' in r) {
      await this.return();
      throw this.mapError(r.error);
    }
    if (r.piece.length < r.asked) this.stop(); // the file ends here now
    if (r.piece.length === 0) {
      await this.return();
      return DONE;
    }
    this.readAhead();
    return { done: false, value: r.piece };
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.closed) {
      this.closed = true;
      this.stop();
      await Promise.all(this.inFlight);
      await this.handle.close().catch(() => undefined);
    }
    return DONE;
  }

  /** Starts reads until {@link READS_AHEAD} wait to be handed out, or the size is reached. */
  private readAhead(): void {
    while (!this.stopped && this.ahead.length < READS_AHEAD) {
      const n = Math.min(READ_PIECE, this.size - this.offset);
      if (n <= 0) {
        this.stopped = true;
        return;
      }
      this.ahead.push(this.read(this.offset, n));
      this.offset += n;
    }
  }

  private read(position: number, asked: number): Promise<PieceRead> {
    const buf = new Uint8Array(asked);
    const read = this.handle.read(buf, 0, asked, position).then(
      ({ bytesRead }): PieceRead => ({ piece: buf.subarray(0, bytesRead), asked }),
      (error: unknown): PieceRead => ({ error }),
    );
    this.inFlight.add(read);
    void read.then(() => this.inFlight.delete(read));
    return read;
  }

  /** No more reads; those waiting to be handed out are dropped (still awaited by `return`). */
  private stop(): void {
    this.stopped = true;
    this.ahead.length = 0;
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
