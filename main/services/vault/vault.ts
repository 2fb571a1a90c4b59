/**
 * The vault: retrievals stored object by object as they arrive, each checked against the
 * manifest (size, SHA-256) and encrypted at rest.
 *
 * Keys: a data key (wrapped by the operator's key source, see `key-source.ts`) yields an
 * index key (encrypted metadata, keyed IMEI hashes, retrieval keys); each retrieval has
 * its own random key (stored sealed under the index key) for its blobs and object names,
 * so deleting a retrieval's row destroys the only way to read any copy of its bytes that
 * an overwrite missed.
 *
 * Files in the folder: `vault-key.json` (the wrapped data key), `vault.sqlite` (+ WAL/SHM,
 * see `vault-db.ts`) and `blobs/<random id>`: one pack file per retrieval holding its
 * objects' encrypted blobs (see `pack-file.ts`; an older vault's one file per object is
 * still read). Nothing a handset sent is stored in plain
 * text, and no file is named after anything a handset sent.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { readBlob, shredFile } from './blob-file.js';
import { VaultStateError, isVaultIntegrityError } from './errors.js';
import { loadOrCreateDataKey, saveDataKey } from './key-store.js';
import type { VaultKeySource } from './key-source.js';
import { ObjectStore } from './object-store.js';
import { parseBlobRef } from './pack-file.js';
import { seal, sealJson, subkey, unseal } from './seal.js';
import type {
  BeginRetrieval,
  ObjectRef,
  ObjectSource,
  RetrievalDetail,
  RetrievalInfo,
  StoreResult,
  VerifiedItemRef,
} from './types.js';
import { openVaultDb, withoutFsync } from './vault-db.js';
import { aadOf, objectInfos, objectRows, retrievalInfo } from './retrieval-view.js';
import type { RetrievalMeta } from './retrieval-view.js';
import type { ObjectRow, RetrievalRow } from './vault-db.js';

const DB_FILE = 'vault.sqlite';
/** Folder of blob files inside the vault folder. */
export const BLOB_DIR = 'blobs';

/** Options of {@link Vault.open}. */
export interface VaultOptions {
  /** Clock for timestamps (tests). */
  readonly now?: () => Date;
}

/** An open vault. One process owns a vault folder at a time. */
export class Vault {
  readonly #folder: string;
  readonly #db: Database.Database;
  readonly #indexKey: Buffer;
  readonly #dataKey: Buffer;
  readonly #vaultId: string;
  readonly #now: () => Date;
  readonly #rkeys = new Map<string, Buffer>();
  readonly #store: ObjectStore;
  #closed = false;
  #selectRetrieval: Database.Statement | undefined;
  #selectState: Database.Statement | undefined;

  private constructor(
    folder: string,
    db: Database.Database,
    dataKey: Buffer,
    vaultId: string,
    options: VaultOptions,
  ) {
    this.#folder = folder;
    this.#db = db;
    this.#dataKey = dataKey;
    this.#indexKey = subkey(dataKey, 'index');
    this.#vaultId = vaultId;
    this.#now = options.now ?? (() => new Date());
    this.#store = new ObjectStore(
      db,
      join(folder, BLOB_DIR),
      (id) => this.#rkey(id),
      () => this.#stamp(),
    );
  }

  /**
   * Opens the vault in `folder`, creating it (a new random data key wrapped by `source`)
   * when the folder holds none. Throws `VaultKeyError` when `source` does not open an
   * existing vault; nothing is decrypted then. Blob files left by a crash mid-object
   * (not referenced by the index) are shredded, and objects of retrievals a crash left
   * open whose bytes did not survive are set back to `failed`.
   */
  static async open(
    folder: string,
    source: VaultKeySource,
    options: VaultOptions = {},
  ): Promise<Vault> {
    mkdirSync(join(folder, BLOB_DIR), { recursive: true, mode: 0o700 });
    const { dataKey, vaultId } = await loadOrCreateDataKey(folder, DB_FILE, source);
    const vault = new Vault(folder, openVaultDb(join(folder, DB_FILE)), dataKey, vaultId, options);
    await vault.#sweepOrphans();
    await vault.#recheckOpenRetrievals();
    return vault;
  }

  /** Random id of this vault. */
  get vaultId(): string {
    return this.#vaultId;
  }

  /** Rewraps the data key with another source (e.g. safeStorage became available). Data is not re-encrypted. */
  async changeKeySource(source: VaultKeySource): Promise<void> {
    this.#assertOpen();
    await saveDataKey(this.#folder, this.#dataKey, this.#vaultId, source);
  }

  /**
   * Records a retrieval and its manifest; returns its id. Every manifest object starts
   * `pending`. Items are the manifest's `info` values plus `items` (selected but empty).
   */
  beginRetrieval(b: BeginRetrieval): string {
    this.#assertOpen();
    if (b.imei === '') throw new VaultStateError('bad-argument', 'imei is empty');
    const id = randomUUID();
    const rkey = randomBytes(32);
    const meta: RetrievalMeta = {
      imei: b.imei,
      model: b.model ?? null,
      link: b.link ?? null,
      correlator: b.correlator,
      manifestCreated: b.manifest.created,
    };
    const items = new Set([...b.manifest.objects.map((o) => o.info), ...(b.items ?? [])]);
    // Without an fsync of its own: nothing trusts an open retrieval, and `finish` commits
    // its outcome at FULL, which makes this commit durable with it. Lost to a power loss
    // before then, the retrieval's pack is an unreferenced file, shredded at the next open.
    withoutFsync(this.#db, () =>
      this.#db.transaction(() => {
        this.#db
          .prepare(
            `INSERT INTO retrievals (id, handset, created_at, state, rkey, meta) VALUES (?, ?, ?, 'open', ?, ?)`,
          )
          .run(
            id,
            this.#handsetKey(b.imei),
            this.#stamp(),
            seal(this.#indexKey, aadOf.rkey(id), rkey),
            sealJson(this.#indexKey, aadOf.meta(id), meta),
          );
        const obj = this.#db.prepare(
          `INSERT INTO objects (retrieval_id, idx, item, type, size, sha256, state, name) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
        );
        b.manifest.objects.forEach((o, i) => {
          obj.run(
            id,
            i,
            o.info,
            o.type,
            o.size,
            o.sha256.toLowerCase(),
            seal(rkey, aadOf.name(id, i), Buffer.from(o.name, 'utf8')),
          );
        });
        const it = this.#db.prepare(
          'INSERT INTO items (retrieval_id, item, verified) VALUES (?, ?, 0)',
        );
        for (const item of items) it.run(id, item);
      })(),
    );
    this.#rkeys.set(id, rkey);
    return id;
  }

  /**
   * Stores one manifest object as its bytes arrive (see `ObjectStore.store`): encrypted
   * chunk by chunk, size and SHA-256 checked against the manifest. A bad object is
   * recorded and may be stored again (a retry); a good one may not.
   */
  async storeObject(
    retrievalId: string,
    ref: ObjectRef,
    source: ObjectSource,
  ): Promise<StoreResult> {
    this.#assertOpen();
    if (this.#state(retrievalId) !== 'open')
      throw new VaultStateError('retrieval-finished', `retrieval ${retrievalId} is finished`);
    const index = typeof ref === 'number' ? ref : this.#indexOf(retrievalId, ref);
    return this.#store.store(retrievalId, index, source);
  }

  /**
   * Fsyncs what was stored of a retrieval on the thread pool, so that `finish` (which
   * must have it on disk before it commits the outcome) does not block the event loop on
   * the disk. Optional; does nothing while an object is being stored.
   */
  async syncRetrieval(retrievalId: string): Promise<void> {
    this.#assertOpen();
    await this.#store.sealAsync(retrievalId);
  }

  /**
   * Ends a retrieval: `verified` when every manifest object is `ok`, else `incomplete`;
   * each item is verified when all its objects are `ok`. No object can be stored after.
   */
  finish(retrievalId: string): RetrievalDetail {
    this.#assertOpen();
    if (this.#state(retrievalId) !== 'open')
      throw new VaultStateError('retrieval-finished', `retrieval ${retrievalId} is finished`);
    if (this.#store.busy(retrievalId))
      throw new VaultStateError(
        'busy',
        `an object of retrieval ${retrievalId} is still being stored`,
      );
    // Every stored byte on disk before the outcome (and with it every object row) is.
    this.#store.writeRows();
    this.#store.seal(retrievalId);
    this.#db.transaction(() => {
      const objects = this.#withoutLostBlobs(retrievalId, this.#objects(retrievalId));
      const all = objects.every((o) => o.state === 'ok');
      for (const { item } of this.#db
        .prepare('SELECT item FROM items WHERE retrieval_id = ?')
        .all(retrievalId) as { item: string }[]) {
        const ok = objects.filter((o) => o.item === item).every((o) => o.state === 'ok');
        this.#db
          .prepare('UPDATE items SET verified = ? WHERE retrieval_id = ? AND item = ?')
          .run(ok ? 1 : 0, retrievalId, item);
      }
      this.#db
        .prepare('UPDATE retrievals SET state = ?, finished_at = ? WHERE id = ?')
        .run(all ? 'verified' : 'incomplete', this.#stamp(), retrievalId);
    })();
    return this.retrieval(retrievalId);
  }

  /** Retrievals, oldest first; with `imei`, only that handset's. */
  listRetrievals(filter: { readonly imei?: string } = {}): RetrievalInfo[] {
    this.#assertOpen();
    this.#store.writeRows();
    const rows = (
      filter.imei === undefined
        ? this.#db.prepare('SELECT * FROM retrievals ORDER BY created_at, rowid').all()
        : this.#db
            .prepare('SELECT * FROM retrievals WHERE handset = ? ORDER BY created_at, rowid')
            .all(this.#handsetKey(filter.imei))
    ) as RetrievalRow[];
    return rows.map((r) => this.#info(r));
  }

  /** One retrieval with its objects (names decrypted). */
  retrieval(retrievalId: string): RetrievalDetail {
    this.#assertOpen();
    this.#store.writeRows();
    const r = this.#row(retrievalId);
    return {
      ...this.#info(r),
      objects: objectInfos(this.#db, this.#rkey(retrievalId), retrievalId),
    };
  }

  /**
   * The newest finished retrieval of this handset in which `item` is verified, or
   * undefined — what the wipe interlock asks before a Wipe or FactoryReset of `item`.
   */
  verifiedRetrievalOf(imei: string, item: string): VerifiedItemRef | undefined {
    this.#assertOpen();
    const row = this.#db
      .prepare(
        `SELECT r.id, r.finished_at FROM retrievals r JOIN items i ON i.retrieval_id = r.id
         WHERE r.handset = ? AND i.item = ? AND i.verified = 1 AND r.finished_at IS NOT NULL
         ORDER BY r.finished_at DESC LIMIT 1`,
      )
      .get(this.#handsetKey(imei), item) as { id: string; finished_at: string } | undefined;
    return row === undefined ? undefined : { retrievalId: row.id, finishedAt: row.finished_at };
  }

  /** The decrypted bytes of a stored object, chunk by chunk (`VaultIntegrityError` if altered). */
  objectStream(retrievalId: string, index: number): AsyncGenerator<Buffer> {
    this.#assertOpen();
    return this.#store.read(retrievalId, index);
  }

  /** The decrypted bytes of a stored object in one buffer (for small objects and thumbnails). */
  async readObject(retrievalId: string, index: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.objectStream(retrievalId, index)) parts.push(c);
    return Buffer.concat(parts);
  }

  /**
   * Deletes a retrieval: its pack (and any older per-object blob files) overwritten and
   * unlinked, rows (and the retrieval's key) deleted, the WAL checkpointed so freed pages
   * leave it. Returns how many objects' blobs went.
   */
  async deleteRetrieval(retrievalId: string): Promise<{ readonly blobs: number }> {
    this.#assertOpen();
    this.#row(retrievalId);
    if (this.#store.busy(retrievalId))
      throw new VaultStateError(
        'busy',
        `an object of retrieval ${retrievalId} is still being stored`,
      );
    this.#store.writeRows();
    const blobs = this.#objects(retrievalId).flatMap((o) => (o.blob === null ? [] : [o.blob]));
    this.#store.seal(retrievalId);
    for (const file of new Set(blobs.map((b) => parseBlobRef(b).file)))
      await shredFile(join(this.#folder, BLOB_DIR, file));
    this.#db.prepare('DELETE FROM retrievals WHERE id = ?').run(retrievalId);
    this.#rkeys.delete(retrievalId);
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return { blobs: blobs.length };
  }

  /** Closes the index. Later calls throw `VaultStateError('closed')`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#store.writeRows();
    } finally {
      this.#store.sealAll();
      this.#db.close();
    }
    this.#dataKey.fill(0);
    this.#indexKey.fill(0);
    for (const k of this.#rkeys.values()) k.fill(0);
  }

  #assertOpen(): void {
    if (this.#closed) throw new VaultStateError('closed', 'the vault is closed');
  }

  #stamp(): string {
    return this.#now().toISOString();
  }

  #handsetKey(imei: string): string {
    return createHmac('sha256', this.#indexKey).update(`imei|${imei}`).digest('hex');
  }

  #row(retrievalId: string): RetrievalRow {
    // Prepared once: finishing, reading back and every retrieval key look a retrieval up.
    this.#selectRetrieval ??= this.#db.prepare('SELECT * FROM retrievals WHERE id = ?');
    const r = this.#selectRetrieval.get(retrievalId) as RetrievalRow | undefined;
    if (r === undefined)
      throw new VaultStateError('unknown-retrieval', `no retrieval ${retrievalId}`);
    return r;
  }

  /**
   * Objects whose blob file is gone (removed under us: by hand, by a tool that cleans
   * folders) go back to `failed` with no blob, so that `finish` never calls a retrieval
   * verified for bytes the vault no longer has. One `stat` per file (a retrieval has one
   * pack, or a few). Returns `objects` as they now stand.
   */
  #withoutLostBlobs(retrievalId: string, objects: ObjectRow[]): ObjectRow[] {
    const fileOf = (o: ObjectRow): string | undefined =>
      o.blob === null ? undefined : parseBlobRef(o.blob).file;
    const files = new Set(objects.flatMap((o) => fileOf(o) ?? []));
    const lost = new Set([...files].filter((f) => !existsSync(join(this.#folder, BLOB_DIR, f))));
    if (lost.size === 0) return objects;
    const fail = this.#db.prepare(
      `UPDATE objects SET state = 'failed', blob = NULL WHERE retrieval_id = ? AND idx = ?`,
    );
    return objects.map((o) => {
      const file = fileOf(o);
      if (file === undefined || !lost.has(file)) return o;
      fail.run(retrievalId, o.idx);
      return { ...o, state: 'failed', blob: null };
    });
  }

  /** A retrieval's state alone: every stored object checks it. */
  #state(retrievalId: string): RetrievalRow['state'] {
    this.#selectState ??= this.#db.prepare('SELECT state FROM retrievals WHERE id = ?');
    const r = this.#selectState.get(retrievalId) as Pick<RetrievalRow, 'state'> | undefined;
    if (r === undefined)
      throw new VaultStateError('unknown-retrieval', `no retrieval ${retrievalId}`);
    return r.state;
  }

  #objects(retrievalId: string): ObjectRow[] {
    return objectRows(this.#db, retrievalId);
  }

  #rkey(retrievalId: string): Buffer {
    const cached = this.#rkeys.get(retrievalId);
    if (cached !== undefined) return cached;
    const k = unseal(this.#indexKey, aadOf.rkey(retrievalId), this.#row(retrievalId).rkey);
    this.#rkeys.set(retrievalId, k);
    return k;
  }

  #indexOf(retrievalId: string, ref: { readonly info: string; readonly name: string }): number {
    const rkey = this.#rkey(retrievalId);
    const hit = this.#objects(retrievalId).find(
      (o) =>
        o.item === ref.info &&
        unseal(rkey, aadOf.name(retrievalId, o.idx), o.name).toString('utf8') === ref.name,
    );
    if (hit === undefined)
      throw new VaultStateError('unknown-object', `retrieval ${retrievalId} lists no such object`);
    return hit.idx;
  }

  #info(r: RetrievalRow): RetrievalInfo {
    return retrievalInfo(this.#db, this.#indexKey, r);
  }

  async #sweepOrphans(): Promise<void> {
    const known = new Set(
      (
        this.#db.prepare('SELECT blob FROM objects WHERE blob IS NOT NULL').all() as {
          blob: string;
        }[]
      ).map((r) => parseBlobRef(r.blob).file),
    );
    for (const f of readdirSync(join(this.#folder, BLOB_DIR)))
      if (!known.has(f)) await shredFile(join(this.#folder, BLOB_DIR, f));
  }

  /**
   * Objects of retrievals still `open` (a crash or power loss mid-retrieval) are read back
   * once: rows are committed before their pack is fsynced (at `finish`), so after a power
   * loss a row may say `ok` for bytes that never reached the disk. Those go back to
   * `failed` with no blob, as if their transfer had broken off.
   */
  async #recheckOpenRetrievals(): Promise<void> {
    const rows = this.#db
      .prepare(
        `SELECT o.retrieval_id, o.idx, o.blob FROM objects o JOIN retrievals r ON r.id = o.retrieval_id
         WHERE r.state = 'open' AND o.blob IS NOT NULL`,
      )
      .all() as { retrieval_id: string; idx: number; blob: string }[];
    for (const row of rows) {
      const ref = parseBlobRef(row.blob);
      const binding = { retrievalId: row.retrieval_id, index: row.idx };
      try {
        const path = join(this.#folder, BLOB_DIR, ref.file);
        for await (const chunk of readBlob(path, this.#rkey(row.retrieval_id), binding, ref))
          chunk.fill(0);
      } catch (e) {
        if (!isVaultIntegrityError(e)) throw e;
        this.#db
          .prepare(
            `UPDATE objects SET state = 'failed', blob = NULL WHERE retrieval_id = ? AND idx = ?`,
          )
          .run(row.retrieval_id, row.idx);
      }
    }
  }
}
