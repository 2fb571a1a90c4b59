/**
 * The vault's index (SQLite, WAL). It holds only ids, sizes, digests, MIME types, item
 * ids, states, timestamps and ciphertext: the handset's IMEI appears only as a keyed
 * hash (for lookups) and inside encrypted metadata; object names only encrypted; blob
 * files are named by random ids. `secure_delete` makes SQLite zero freed pages, and a
 * checkpoint after deletions clears them from the WAL.
 */
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS retrievals (
  id TEXT PRIMARY KEY,
  handset TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('open', 'verified', 'incomplete')),
  rkey BLOB NOT NULL,
  meta BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS retrievals_handset ON retrievals(handset);
CREATE TABLE IF NOT EXISTS objects (
  retrieval_id TEXT NOT NULL REFERENCES retrievals(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  item TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'ok', 'size-mismatch', 'digest-mismatch', 'failed')),
  received_size INTEGER,
  received_sha256 TEXT,
  blob TEXT,
  name BLOB NOT NULL,
  stored_at TEXT,
  PRIMARY KEY (retrieval_id, idx)
);
CREATE TABLE IF NOT EXISTS items (
  retrieval_id TEXT NOT NULL REFERENCES retrievals(id) ON DELETE CASCADE,
  item TEXT NOT NULL,
  verified INTEGER NOT NULL,
  PRIMARY KEY (retrieval_id, item)
);
`;

/** Object states: `pending` until stored; `failed` when its source broke off mid-way. */
export type ObjectState = 'pending' | 'ok' | 'size-mismatch' | 'digest-mismatch' | 'failed';

/** A retrievals row. */
export interface RetrievalRow {
  readonly id: string;
  readonly handset: string;
  readonly created_at: string;
  readonly finished_at: string | null;
  readonly state: 'open' | 'verified' | 'incomplete';
  readonly rkey: Buffer;
  readonly meta: Buffer;
}

/** An objects row. */
export interface ObjectRow {
  readonly retrieval_id: string;
  readonly idx: number;
  readonly item: string;
  readonly type: string;
  readonly size: number;
  readonly sha256: string;
  readonly state: ObjectState;
  readonly received_size: number | null;
  readonly received_sha256: string | null;
  readonly blob: string | null;
  readonly name: Buffer;
  readonly stored_at: string | null;
}

/** Opens (creating) the index with WAL, `synchronous=FULL`, foreign keys and secure delete. */
export function openVaultDb(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.exec(SCHEMA);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

const syncPragmas = new WeakMap<
  Database.Database,
  { readonly normal: Database.Statement; readonly full: Database.Statement }
>();

/**
 * Runs `fn` (its commits) at `synchronous = NORMAL`: committed to the WAL without an
 * fsync of its own. Made durable by the next commit at FULL (the WAL is written in order,
 * so one fsync covers every earlier commit in it): for rows nothing trusts until a later
 * FULL commit says so (an open retrieval, the objects stored into it).
 */
export function withoutFsync<T>(db: Database.Database, fn: () => T): T {
  let p = syncPragmas.get(db);
  if (p === undefined) {
    p = {
      normal: db.prepare('PRAGMA synchronous = NORMAL'),
      full: db.prepare('PRAGMA synchronous = FULL'),
    };
    syncPragmas.set(db, p);
  }
  p.normal.run();
  try {
    return fn();
  } finally {
    p.full.run();
  }
}
