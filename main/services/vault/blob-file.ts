/**
 * Encrypted blob files: an object's bytes as a sequence of AES-256-GCM chunks, written as
 * the bytes arrive and read back chunk by chunk, so neither side needs the whole object
 * in memory.
 *
 * Layout: magic `CIMOVB01`, then per chunk: plaintext length (u32 BE) | IV (12, fresh and
 * random per chunk) | ciphertext | tag (16). Each chunk's associated data is
 * `blob|<retrieval id>|<object index>|<chunk number>|<last?>`: a blob moved to another
 * object or retrieval, chunks reordered, or a file cut at a chunk boundary all fail to
 * authenticate. The last chunk (possibly empty) is flagged, so truncation is caught.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { piecesAfter } from '../../../protocol/bytes/pieces.js';
import { VaultIntegrityError } from './errors.js';
import { IV_LENGTH, freshIv } from './iv-pool.js';

const MAGIC = Buffer.from('CIMOVB01', 'latin1');
/** Plaintext bytes per chunk. */
export const CHUNK = 64 * 1024;
const IV = IV_LENGTH;
const TAG = 16;
const HEAD = 4 + IV;

/** What a blob belongs to: bound into every chunk's associated data. */
export interface BlobBinding {
  readonly retrievalId: string;
  readonly index: number;
}

const aad = (b: BlobBinding, n: number, last: boolean): Buffer =>
  Buffer.from(`blob|${b.retrievalId}|${b.index}|${n}|${last ? 1 : 0}`, 'utf8');

/**
 * Writes `parts` at `offset` of where a blob goes (a region of a pack file) and resolves
 * with how many bytes were written (a short write is retried from there).
 */
export type BlobSink = (parts: readonly Uint8Array[], offset: number) => Promise<number>;

/** Length of the sealed blob of `size` plaintext bytes: magic, then chunk framing and bytes. */
export function sealedLength(size: number): number {
  return MAGIC.length + Math.max(1, Math.ceil(size / CHUNK)) * (HEAD + TAG) + size;
}

/**
 * Encrypts a blob chunk by chunk into a sink. `push` is awaited per input piece (the
 * caller's stream is not read ahead); `end` writes the last chunk. Durability is the
 * owner's: the sink's file is fsynced by whoever owns it.
 */
export class BlobWriter {
  readonly #sink: BlobSink;
  readonly #key: Uint8Array;
  readonly #binding: BlobBinding;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #chunks = 0;
  #offset = 0;

  constructor(sink: BlobSink, key: Uint8Array, binding: BlobBinding) {
    this.#sink = sink;
    this.#key = key;
    this.#binding = binding;
  }

  /** Sealed bytes written so far. */
  get written(): number {
    return this.#offset;
  }

  /** Adds bytes; full chunks are encrypted and written before this resolves. */
  async push(bytes: Uint8Array): Promise<void> {
    let rest = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (rest.length > 0) {
      const take = Math.min(rest.length, CHUNK - this.#pendingBytes);
      // Copy: the caller may reuse its buffer once push resolves.
      this.#pending.push(Buffer.from(rest.subarray(0, take)));
      this.#pendingBytes += take;
      rest = rest.subarray(take);
      // A full chunk is written only when more follows, so the last chunk can be flagged.
      if (this.#pendingBytes === CHUNK && rest.length > 0) await this.#flush(false);
    }
  }

  /** Writes the last chunk. */
  async end(): Promise<void> {
    await this.#flush(true);
  }

  /**
   * Encrypts the pending bytes as one chunk and writes it with one gather write (the
   * first chunk with the magic): most objects are a single chunk, so a blob costs one
   * write and no joined copies of its bytes.
   */
  async #flush(last: boolean): Promise<void> {
    const iv = freshIv();
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    c.setAAD(aad(this.#binding, this.#chunks, last));
    const head = Buffer.alloc(HEAD);
    head.writeUInt32BE(this.#pendingBytes, 0);
    iv.copy(head, 4);
    const parts: Buffer[] = this.#offset === 0 ? [MAGIC, head] : [head];
    for (const p of this.#pending) parts.push(c.update(p));
    parts.push(c.final(), c.getAuthTag());
    this.#pending = [];
    this.#pendingBytes = 0;
    let rest: readonly Uint8Array[] = parts;
    while (rest.length > 0) {
      const written = await this.#sink(rest, this.#offset);
      this.#offset += written;
      rest = piecesAfter(rest, written);
    }
    this.#chunks += 1;
  }
}

/**
 * Reads and decrypts a blob chunk by chunk. Throws `VaultIntegrityError`: `blob-damaged`
 * for a missing file or bad framing, `auth-failed` for a chunk that does not
 * authenticate (altered, swapped between objects, reordered, or the file cut short).
 * Nothing of a failing chunk is yielded.
 */
export async function* readBlob(
  path: string,
  key: Uint8Array,
  binding: BlobBinding,
  region: { readonly start: number; readonly length: number | undefined } = {
    start: 0,
    length: undefined,
  },
): AsyncGenerator<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new VaultIntegrityError('blob-damaged', `blob of object ${binding.index} is missing`, {
      cause: e,
    });
  }
  try {
    const fileSize = (await fh.stat()).size;
    // Positions are file offsets; `size` is where the blob ends. A region reaching past
    // the end of its file is a blob cut short.
    const size = region.length === undefined ? fileSize : region.start + region.length;
    if (size > fileSize)
      throw new VaultIntegrityError('auth-failed', `blob of object ${binding.index} ends early`);
    const magic = Buffer.alloc(MAGIC.length);
    await fh.read(magic, 0, magic.length, region.start);
    if (!magic.equals(MAGIC))
      throw new VaultIntegrityError(
        'blob-damaged',
        `blob of object ${binding.index} has no header`,
      );
    let pos = region.start + MAGIC.length;
    for (let n = 0; ; n += 1) {
      const head = Buffer.alloc(HEAD);
      if (pos + HEAD + TAG > size)
        throw new VaultIntegrityError('auth-failed', `blob of object ${binding.index} ends early`);
      await fh.read(head, 0, HEAD, pos);
      const len = head.readUInt32BE(0);
      if (len > CHUNK || pos + HEAD + len + TAG > size)
        throw new VaultIntegrityError(
          'blob-damaged',
          `blob of object ${binding.index} has a bad chunk length`,
        );
      const body = Buffer.alloc(len + TAG);
      await fh.read(body, 0, body.length, pos + HEAD);
      pos += HEAD + len + TAG;
      const last = pos === size;
      const d = createDecipheriv('aes-256-gcm', key, head.subarray(4));
      d.setAAD(aad(binding, n, last));
      d.setAuthTag(body.subarray(len));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(body.subarray(0, len)), d.final()]);
      } catch (e) {
        throw new VaultIntegrityError(
          'auth-failed',
          `blob of object ${binding.index} does not authenticate`,
          { cause: e },
        );
      }
      yield plain;
      if (last) return;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Overwrites `length` bytes of a file from `start` (to its end at most) with random
 * bytes and fsyncs: an object's region in a pack file. A missing file is fine; resolves
 * false then.
 */
export async function shredRegion(path: string, start: number, length: number): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r+');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const end = Math.min(start + length, (await fh.stat()).size);
    for (let pos = start; pos < end; pos += CHUNK) {
      const n = Math.min(CHUNK, end - pos);
      await fh.write(randomBytes(n), 0, n, pos);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/**
 * Overwrites a file with random bytes, fsyncs, then unlinks it. A missing file is fine.
 * On SSDs and copy-on-write file systems the overwrite may land elsewhere; what makes the
 * old bytes unreadable there is that the retrieval's key is deleted with it.
 */
export async function shredFile(path: string): Promise<void> {
  if (await shredRegion(path, 0, Number.POSITIVE_INFINITY)) await unlink(path);
}
