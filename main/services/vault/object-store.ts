/**
 * Storing and reading one manifest object: bytes are hashed, counted and encrypted into
 * the retrieval's pack file (see `pack-file.ts`) as they arrive, then compared with the
 * manifest entry.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { BlobWriter, readBlob, shredFile, shredRegion } from './blob-file.js';
import { VaultStateError } from './errors.js';
import type { ObjectSource, StoreResult } from './types.js';
import type { ObjectRow } from './vault-db.js';
import { withoutFsync } from './vault-db.js';
import { PackFile, formatBlobRef, parseBlobRef } from './pack-file.js';
import type { PackRegion } from './pack-file.js';

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
  /** The open pack of each retrieval being stored; sealed by `seal`. */
  readonly #packs = new Map<string, PackFile>();
  /** Packs being sealed by `sealAsync` (a store that begins meanwhile opens a new pack). */
  readonly #sealing = new Map<string, Set<PackFile>>();
  // Prepared once (on first use): each object of each retrieval runs both, and preparing
  // compiles the SQL every time.
  #selectObject: Database.Statement | undefined;
  #updateObject: Database.Statement | undefined;
  #writeRows: Database.Transaction<(rows: readonly UnwrittenRow[]) => void> | undefined;
  /** Store outcomes not in the index yet, by object (see `#update`). */
  readonly #unwritten = new Map<string, UnwrittenRow>();
  #writeQueued = false;

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
    const slot = slotOf(retrievalId, index);
    if (this.#inProgress.has(slot))
      throw new VaultStateError(
        'busy',
        `object ${index} of retrieval ${retrievalId} is being stored`,
      );
    this.#inProgress.add(slot);
    try {
      let pack = this.#packs.get(retrievalId);
      if (pack === undefined) {
        pack = PackFile.create(this.#dir);
        this.#packs.set(retrievalId, pack);
      }
      const region = pack.reserve(row.size);
      const writer = new BlobWriter(region.sink, this.#key(retrievalId), { retrievalId, index });
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
        await this.#discard(retrievalId, pack, region, writer.written);
        await this.#shred(this.#update(retrievalId, index, 'failed', size, null, null, row.blob));
        throw e;
      }
      if (oversize) {
        await this.#discard(retrievalId, pack, region, writer.written);
        await this.#shred(
          this.#update(retrievalId, index, 'size-mismatch', size, null, null, row.blob),
        );
        return { index, item: row.item, state: 'size-mismatch', receivedSize: size };
      }
      await writer.end();
      const digest = hash.digest('hex');
      const state =
        size !== row.size ? 'size-mismatch' : digest !== row.sha256 ? 'digest-mismatch' : 'ok';
      // A row that replaces an older blob is committed durably (below), and that blob is
      // shredded next: the new bytes must be on disk first.
      if (row.blob !== null) await pack.sync();
      const ref = formatBlobRef(pack.name, region.start, writer.written);
      const old = this.#update(retrievalId, index, state, size, digest, ref, row.blob);
      await this.#shred(old);
      return { index, item: row.item, state, receivedSize: size, receivedSha256: digest };
    } finally {
      this.#inProgress.delete(slot);
    }
  }

  /**
   * Fsyncs and closes the retrieval's pack (no object may be in progress). The vault calls
   * it before committing the retrieval's outcome, and before deleting it.
   */
  seal(retrievalId: string): void {
    for (const pack of this.#sealing.get(retrievalId) ?? []) pack.seal();
    this.#packs.get(retrievalId)?.seal();
    this.#packs.delete(retrievalId);
  }

  /**
   * `seal` off the event loop (the fsync of a pack holding megabytes takes a while):
   * callers await it before `finish`, which then has nothing left to fsync. Does nothing
   * while an object is being stored.
   */
  async sealAsync(retrievalId: string): Promise<void> {
    const pack = this.#packs.get(retrievalId);
    if (pack === undefined || this.busy(retrievalId)) return;
    this.#packs.delete(retrievalId);
    const sealing = this.#sealing.get(retrievalId) ?? new Set<PackFile>();
    this.#sealing.set(retrievalId, sealing.add(pack));
    try {
      await pack.sealAsync();
    } finally {
      sealing.delete(pack);
      if (sealing.size === 0) this.#sealing.delete(retrievalId);
    }
  }

  /** Overwrites a region given up; a pack left with nothing in it is deleted. */
  async #discard(
    retrievalId: string,
    pack: PackFile,
    region: PackRegion,
    written: number,
  ): Promise<void> {
    await pack.discard(region, written);
    if (pack.empty && this.#packs.get(retrievalId) === pack) this.seal(retrievalId);
  }

  /** Seals every open pack (the vault is closing). */
  sealAll(): void {
    for (const id of new Set([...this.#packs.keys(), ...this.#sealing.keys()])) this.seal(id);
  }

  /** Decrypted chunks of a stored object. Throws `VaultStateError('not-stored')` when it has no blob. */
  async *read(retrievalId: string, index: number): AsyncGenerator<Buffer> {
    const row = this.#object(retrievalId, index);
    if (row.blob === null)
      throw new VaultStateError(
        'not-stored',
        `object ${index} of retrieval ${retrievalId} has no stored bytes`,
      );
    const ref = parseBlobRef(row.blob);
    yield* readBlob(join(this.#dir, ref.file), this.#key(retrievalId), { retrievalId, index }, ref);
  }

  #object(retrievalId: string, index: number): ObjectRow {
    if (this.#unwritten.has(slotOf(retrievalId, index))) this.writeRows();
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
    if (blob === null) return;
    const ref = parseBlobRef(blob);
    const path = join(this.#dir, ref.file);
    if (ref.length === undefined) await shredFile(path);
    else await shredRegion(path, ref.start, ref.length);
  }

  /**
   * Writes the outcomes of stores that are not in the index yet, in one transaction (see
   * `#update`). The vault calls it before it reads objects back or finishes a retrieval;
   * a failure (a full disk) is thrown here, and the rows stay queued.
   */
  writeRows(durable = false): void {
    if (this.#unwritten.size === 0) return;
    this.#updateObject ??= this.#db.prepare(
      'UPDATE objects SET state = ?, received_size = ?, received_sha256 = ?, blob = ?, stored_at = ? WHERE retrieval_id = ? AND idx = ?',
    );
    const update = this.#updateObject;
    const rows = [...this.#unwritten.values()];
    this.#writeRows ??= this.#db.transaction((batch: readonly UnwrittenRow[]) => {
      for (const r of batch)
        update.run(r.state, r.size, r.digest, r.blob, r.storedAt, r.retrievalId, r.index);
    });
    const write = this.#writeRows;
    if (durable) write(rows);
    else withoutFsync(this.#db, () => write(rows));
    for (const r of rows)
      if (this.#unwritten.get(slotOf(r.retrievalId, r.index)) === r)
        this.#unwritten.delete(slotOf(r.retrievalId, r.index));
  }

  /** Records a store's outcome; returns the blob it replaced (to shred), if any. */
  #update(
    retrievalId: string,
    index: number,
    state: ObjectRow['state'],
    size: number,
    digest: string | null,
    blob: string | null,
    previous: string | null,
  ): string | null {
    const row: UnwrittenRow = {
      retrievalId,
      index,
      state,
      size,
      digest,
      blob,
      storedAt: this.#stamp(),
    };
    // A row that replaces an older blob is committed at once and durably (its new bytes
    // were fsynced first): that blob is shredded next, and the row must not be able to
    // fall back to pointing at it. `previous` is the row's blob when the store began: the
    // object was reserved for this store since (`#inProgress`), so no one else changed it.
    if (previous !== null) {
      this.#unwritten.set(slotOf(retrievalId, index), row);
      this.writeRows(true);
      return previous !== blob ? previous : null;
    }
    // Any other row is queued and written with the others of the same event-loop turn, in
    // one transaction without its own fsync (synchronous=NORMAL): with many handsets
    // storing at once, a commit per object was the vault's largest cost on the event loop
    // (an fsync per object before that). Nothing depends on this row being durable by
    // itself: the interlock trusts only a `verified` retrieval, and `finish()` writes the
    // queue, fsyncs the retrieval's pack (`seal`) and then commits its outcome at
    // synchronous=FULL, which fsyncs the WAL and with it every earlier commit. A crash
    // before the row is written leaves the object `pending` (its bytes an unreferenced
    // region of the pack), as if the crash had come a moment earlier; a power loss may also
    // lose written rows, or (as another handset's commit at FULL may make a row durable
    // without the pack's bytes) keep one whose bytes did not survive: opening the vault
    // re-reads the stored objects of open retrievals and sets those back (`Vault.open`).
    this.#unwritten.set(slotOf(retrievalId, index), row);
    if (!this.#writeQueued) {
      this.#writeQueued = true;
      setImmediate(() => {
        this.#writeQueued = false;
        try {
          this.writeRows();
        } catch {
          // Kept queued: the vault's next read or `finish` writes them or throws.
        }
      });
    }
    return null;
  }
}

/** An object's store outcome waiting for `writeRows`. */
interface UnwrittenRow {
  readonly retrievalId: string;
  readonly index: number;
  readonly state: ObjectRow['state'];
  readonly size: number;
  readonly digest: string | null;
  readonly blob: string | null;
  readonly storedAt: string;
}

const slotOf = (retrievalId: string, index: number): string => `${retrievalId}|${index}`;
