/**
 * A retrieval's pack file: the encrypted blobs of all its objects, one after another, in
 * one file. With a file per object, creating, fsyncing and closing each one was most of
 * what storing small objects cost (a vCard, a note), and with a bench of handsets
 * retrieving at once those calls queued on the same event loop and thread pool.
 *
 * Each object gets a region reserved up front from its manifest size (its sealed length
 * is known before any byte arrives, and more bytes than the manifest says are never
 * written), so objects of one retrieval may be stored concurrently. Writes are not
 * fsynced one by one: `seal()` fsyncs the file once, which the vault does before a
 * retrieval can become `verified` — the only state anything trusts.
 *
 * Blob references: `<file>:<start>:<length>` for a region of a pack; a bare `<file>` (an
 * older vault's one file per object) is the whole file. File names are random ids.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsync, fsyncSync, ftruncate, openSync, rmSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sealedLength, shredRegion } from './blob-file.js';
import { VaultStateError } from './errors.js';
import type { BlobSink } from './blob-file.js';

const fsyncFd = promisify(fsync);
const truncateFd = promisify(ftruncate);

/** Where a stored object's encrypted bytes are. */
export interface BlobRef {
  /** File name inside the blob folder. */
  readonly file: string;
  /** First byte of the region. */
  readonly start: number;
  /** Region length; undefined for a whole (legacy, one object per file) file. */
  readonly length: number | undefined;
}

/** Parses a blob reference from the index. */
export function parseBlobRef(ref: string): BlobRef {
  const [file = ref, start, length] = ref.split(':');
  if (start === undefined || length === undefined)
    return { file: ref, start: 0, length: undefined };
  return { file, start: Number(start), length: Number(length) };
}

/** Formats a region's reference for the index. */
export function formatBlobRef(file: string, start: number, length: number): string {
  return `${file}:${start}:${length}`;
}

/** A region reserved in a pack for one object. */
export interface PackRegion {
  readonly start: number;
  readonly reserved: number;
  /** Writes the object's sealed bytes at `offset` within the region. */
  readonly sink: BlobSink;
}

/** One retrieval's open pack file. Not thread-safe across processes: one vault, one owner. */
export class PackFile {
  readonly name: string;
  readonly #path: string;
  readonly #fd: number;
  #end = 0;
  #closed = false;
  /** Writes and syncs under way: the descriptor is closed only after the last settles. */
  #inFlight = 0;
  #fdOpen = true;

  private constructor(name: string, path: string, fd: number) {
    this.name = name;
    this.#path = path;
    this.#fd = fd;
  }

  /** Creates a new pack (exclusive, mode 0600) under a random name in `dir`. */
  static create(dir: string): PackFile {
    const name = randomBytes(16).toString('hex');
    const path = join(dir, name);
    return new PackFile(name, path, openSync(path, 'wx', 0o600));
  }

  /** True when the pack holds no region (nothing reserved, or all given back). */
  get empty(): boolean {
    return this.#end === 0;
  }

  /** Reserves room for an object of `size` plaintext bytes at the end of the pack. */
  reserve(size: number): PackRegion {
    const start = this.#end;
    const reserved = sealedLength(size);
    this.#end += reserved;
    return {
      start,
      reserved,
      sink: async (parts, offset) => {
        if (offset + parts.reduce((n, p) => n + p.byteLength, 0) > reserved)
          throw new RangeError('a blob wrote past its reserved region');
        // A synchronous write: it lands in the page cache (a chunk is at most 64 KiB plus its
        // framing) and is made durable by `seal`. Through the thread pool each write cost
        // 3–4× the CPU of the call itself (a hand-off and a wake-up per object), with a
        // bench of handsets storing hundreds of small objects at once.
        return this.#use((fd) => Promise.resolve(writevSync(fd, parts, start + offset)));
      },
    };
  }

  /**
   * Runs an operation on the descriptor. A closed pack refuses; one closed while the
   * operation runs keeps its descriptor until it settles, so a number the kernel hands
   * out again is never written to.
   */
  async #use<T>(op: (fd: number) => Promise<T>): Promise<T> {
    if (this.#closed) throw new VaultStateError('closed', "the retrieval's pack file is closed");
    this.#inFlight += 1;
    try {
      return await op(this.#fd);
    } finally {
      this.#inFlight -= 1;
      if (this.#closed && this.#inFlight === 0) this.#closeFd();
    }
  }

  #closeFd(): void {
    if (!this.#fdOpen) return;
    this.#fdOpen = false;
    closeSync(this.#fd);
  }

  /**
   * Overwrites the first `written` bytes of a region with random bytes and fsyncs (an
   * object that failed or ran over its size). A region at the end of the pack is given
   * back: the file is cut to where it started.
   */
  async discard(region: PackRegion, written: number): Promise<void> {
    await shredRegion(this.#path, region.start, written);
    if (region.start + region.reserved === this.#end) {
      this.#end = region.start;
      await this.#use((fd) => truncateFd(fd, region.start));
    }
  }

  /** Fsyncs what was written so far (before a row may point at it durably). */
  async sync(): Promise<void> {
    await this.#use((fd) => fsyncFd(fd));
  }

  /**
   * Fsyncs and closes the pack; an empty one is deleted. Synchronous: `finish` calls it
   * right before committing a retrieval's outcome (itself a synchronous fsync); after
   * `sealAsync` there is nothing left to do. Writes still under way (only when the vault
   * closes mid-store) finish on their own.
   */
  seal(): void {
    if (this.#closed) return;
    if (this.#end > 0) fsyncSync(this.#fd);
    this.#close();
  }

  /** `seal` with the fsync on the thread pool: the event loop does not wait for the disk. */
  async sealAsync(): Promise<void> {
    if (this.#closed) return;
    if (this.#end > 0) await this.sync();
    this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#inFlight === 0) this.#closeFd();
    if (this.#end === 0) rmSync(this.#path, { force: true });
  }
}
