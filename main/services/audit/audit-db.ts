/**
 * The audit database: schema, pragmas, and conversion between stored rows and
 * {@link AuditRow}. Append-only is enforced twice: the API never updates or deletes, and
 * triggers abort any UPDATE or DELETE issued through SQLite (someone bypassing them has
 * to drop them first, which the hash chain then exposes anyway).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { HashedColumns } from './canonical.js';
import type { AuditRow, AuditRowKind, AuditOutcomeKind } from './types.js';

/** Name of the database file inside the log folder. */
export const DB_FILE = 'audit.sqlite';

/** A row as SQLite returns it. */
export interface DbRow extends HashedColumns {
  readonly id: number;
  readonly hash: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref INTEGER,
  at TEXT NOT NULL,
  operator TEXT NOT NULL,
  operation TEXT NOT NULL,
  imei TEXT, model TEXT, link TEXT, correlator TEXT,
  selection TEXT, consent TEXT, waiver TEXT,
  outcome TEXT, result_code INTEGER, result_source TEXT,
  verification TEXT, detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_ref ON audit(ref);
CREATE INDEX IF NOT EXISTS audit_imei ON audit(imei);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

/**
 * Opens (creating if needed) the database at `path` in WAL mode with `synchronous=FULL`:
 * a commit is on disk before `begin` returns, which is what makes "written before it is
 * sent" true across power loss, not only across a process crash. Returns the log id
 * (created once, kept in `meta`).
 */
export function openAuditDb(path: string): { db: Database.Database; logId: string } {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const logId = db
      .transaction(() => {
        const row = db.prepare(`SELECT value FROM meta WHERE key = 'logId'`).get() as
          { value: string } | undefined;
        if (row !== undefined) return row.value;
        const id = randomUUID();
        db.prepare(`INSERT INTO meta (key, value) VALUES ('logId', ?)`).run(id);
        return id;
      })
      .immediate();
    return { db, logId };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens an existing database read-only (for `verify` and exports while a console runs). */
export function openAuditDbReadOnly(path: string): { db: Database.Database; logId: string } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'logId'`).get() as
    { value: string } | undefined;
  return { db, logId: row?.value ?? '' };
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A garbled JSON column is an edit; verify() reports it. Listing still shows the row.
    return null;
  }
}

/** Converts a stored row to the API's shape (JSON columns parsed). */
export function toAuditRow(r: DbRow): AuditRow {
  return {
    id: r.id,
    kind: r.kind as AuditRowKind,
    ref: r.ref,
    at: r.at,
    operator: r.operator,
    operation: r.operation,
    imei: r.imei,
    model: r.model,
    link: r.link,
    correlator: r.correlator,
    selection: parseJson(r.selection),
    consent: parseJson(r.consent),
    waiver: parseJson(r.waiver),
    outcome: r.outcome as AuditOutcomeKind | null,
    resultCode: r.result_code,
    resultSource: r.result_source as 'cimo' | 'dm-status' | null,
    verification: parseJson(r.verification),
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
