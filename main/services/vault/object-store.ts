/**
 * Storing and reading one manifest object: bytes are hashed, counted and encrypted to a
 * fresh blob file as they arrive, then compared with the manifest entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { BlobWriter, readBlob, shredFile } from './blob-file.js';
import { VaultStateError } from './errors.js';
import type { ObjectSource, StoreResult } from './types.js';
import type { ObjectRow } from './vault-db.js';

async function* pieces(source: ObjectSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

/** Blob-level operations of a vault; the vault checks the retrieval's state first. */
export class ObjectStore {
  readonly #db: Database.Database;
  readonly #dir: string;
  readonly #key: (retrievalId: string) => Buffer;
  readonly #stamp: () => string;
  readonly #inProgress = new Set<string>();
  // Prepared once (on first use): each object of each retrieval runs both, and preparing
  // compiles the SQL every time.
  #selectObject: Database.Statement | undefined;
  #updateObject: Database.Statement | undefined;
  #syncNormal: Database.Statement | undefined;
  #syncFull: Database.Statement | undefined;

  constructor(
    db: Database.Database,
    dir: string,
    key: (retrievalId: string) => Buffer,
    stamp: () => string,
  ) {
    this.#db = db;
    this.#dir = dir;
    this.#key = key;
    this.#stamp = stamp;
  }

  /** True while an object of `retrievalId` is being stored. */
  busy(retrievalId: string): boolean {
    for (const k of this.#inProgress) if (k.startsWith(`${retrievalId}|`)) return true;
    return false;
  }

  /**
   * Stores object `index`. Reads `source` piece by piece (never ahead of the disk), stops
   * reading as soon as more bytes arrive than the manifest's size (`size-mismatch`, blob
   * discarded); at the end compares size and SHA-256 (`ok`, `size-mismatch` or
   * `digest-mismatch`; the mismatching bytes are kept, marked bad, for inspection). When
   * `source` throws, the partial blob is shredded, the object marked `failed`, and the
   * error rethrown. Storing again replaces a bad or failed object; an `ok` one throws
   * `VaultStateError('already-stored')`, a concurrent store of the same object `busy`.
   */
  async store(retrievalId: string, index: number, source: ObjectSource): Promise<StoreResult> {
    const row = this.#object(retrievalId, index);
    if (row.state === 'ok')
      throw new VaultStateError(
        'already-stored',
        `object ${index} of retrieval ${retrievalId} is already stored`,
      );
    const slot = `${retrievalId}|${index}`;
    if (this.#inProgress.has(slot))
      throw new VaultStateError(
        'busy',
        `object ${index} of retrieval ${retrievalId} is being stored`,
      );
    this.#inProgress.add(slot);
    const blob = randomBytes(16).toString('hex');
    const path = join(this.#dir, blob);
    try {
      const writer = await BlobWriter.create(path, this.#key(retrievalId), { retrievalId, index });
      const hash = createHash('sha256');
      let size = 0;
      let oversize = false;
      try {
        for await (const piece of pieces(source)) {
          size += piece.byteLength;
          if (size > row.size) {
            oversize = true;
            break;
          }
          hash.update(piece);
          await writer.push(piece);
        }
      } catch (e) {
        await writer.abort();
        await shredFile(path);
        await this.#shred(this.#update(retrievalId, index, 'failed', size, null, null));
        throw e;
      }
      if (oversize) {
        await writer.abort();
        await shredFile(path);
        await this.#shred(this.#update(retrievalId, index, 'size-mismatch', size, null, null));
        return { index, item: row.item, state: 'size-mismatch', receivedSize: size };
      }
      await writer.end();
      const digest = hash.digest('hex');
      const state =
        size !== row.size ? 'size-mismatch' : digest !== row.sha256 ? 'digest-mismatch' : 'ok';
      const old = this.#update(retrievalId, index, state, size, digest, blob);
      await this.#shred(old);
      return { index, item: row.item, state, receivedSize: size, receivedSha256: digest };
    } finally {
      this.#inProgress.delete(slot);
    }
  }

  /** Decrypted chunks of a stored object. Throws `VaultStateError('not-stored')` when it has no blob. */
  async *read(retrievalId: string, index: number): AsyncGenerator<Buffer> {
    const row = this.#object(retrievalId, index);
    if (row.blob === null)
      throw new VaultStateError(
        'not-stored',
        `object ${index} of retrieval ${retrievalId} has no stored bytes`,
      );
    yield* readBlob(join(this.#dir, row.blob), this.#key(retrievalId), { retrievalId, index });
  }

  #object(retrievalId: string, index: number): ObjectRow {
    this.#selectObject ??= this.#db.prepare(
      'SELECT * FROM objects WHERE retrieval_id = ? AND idx = ?',
    );
    const row = this.#selectObject.get(retrievalId, index) as ObjectRow | undefined;
    if (row === undefined)
      throw new VaultStateError(
        'unknown-object',
        `retrieval ${retrievalId} has no object ${index}`,
      );
    return row;
  }

  async #shred(blob: string | null): Promise<void> {
    if (blob !== null) await shredFile(join(this.#dir, blob));
  }

  /** Records a store's outcome; returns the blob it replaced (to shred), if any. */
  #update(
    retrievalId: string,
    index: number,
    state: ObjectRow['state'],
    size: number,
    digest: string | null,
    blob: string | null,
  ): string | null {
    // Committed without its own fsync (synchronous=NORMAL for this one transaction): with
    // many handsets storing at once, an fsync per object on the event loop was most of the
    // console's blocking. Nothing depends on this row being durable by itself: the
    // interlock trusts only a `verified` retrieval, and `finish()` commits that at
    // synchronous=FULL, which fsyncs the WAL and with it every earlier commit in it. A
    // power loss before then leaves the object `pending` in a retrieval still `open`
    // (never trusted; the blob is swept as an orphan at open), as a crash mid-object does.
    // The blob itself was fsynced by `BlobWriter.end()` before this runs. A row that
    // replaces an older blob stays at FULL: that blob is shredded next, and the row must
    // not be able to fall back to pointing at it.
    const replacing = this.#object(retrievalId, index).blob !== null;
    this.#syncNormal ??= this.#db.prepare('PRAGMA synchronous = NORMAL');
    this.#syncFull ??= this.#db.prepare('PRAGMA synchronous = FULL');
    if (!replacing) this.#syncNormal.run();
    try {
      return this.#db.transaction(() => {
        const old = this.#object(retrievalId, index).blob;
        this.#updateObject ??= this.#db.prepare(
          'UPDATE objects SET state = ?, received_size = ?, received_sha256 = ?, blob = ?, stored_at = ? WHERE retrieval_id = ? AND idx = ?',
        );
        this.#updateObject.run(state, size, digest, blob, this.#stamp(), retrievalId, index);
        return old !== null && old !== blob ? old : null;
      })();
    } finally {
      if (!replacing) this.#syncFull.run();
    }
  }
}
