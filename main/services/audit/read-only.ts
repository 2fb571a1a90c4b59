/**
 * Read-only access to a log folder for `cimo audit verify|ls|export`: opens the database
 * read-only (safe while a console writes it) and never rewrites the head file, so
 * checking a damaged log never repairs or hides the damage.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openAuditDbReadOnly } from './audit-db.js';
import { auditCsv, auditJson } from './export.js';
import { HEAD_FILE, readHead } from './head-file.js';
import { listOperations, listRows } from './queries.js';
import type { AuditFilter, AuditOperationView, AuditRow } from './types.js';
import { verifyChain } from './verify-chain.js';
import type { AuditVerifyReport } from './verify-chain.js';

/** Read-only handle on a log folder. Throws the SQLite error when no log is there. */
export class AuditReader {
  readonly #db;
  readonly #folder: string;
  /** Id of the log. */
  readonly logId: string;

  constructor(folder: string) {
    const { db, logId } = openAuditDbReadOnly(join(folder, DB_FILE));
    this.#db = db;
    this.#folder = folder;
    this.logId = logId;
  }

  /** Full chain and head check; `headKey` as the log was opened with. */
  verify(headKey?: Uint8Array): AuditVerifyReport {
    return verifyChain(this.#db, this.logId, readHead(join(this.#folder, HEAD_FILE)), headKey);
  }

  /** See `AuditLog.list`. */
  list(filter: AuditFilter = {}): AuditRow[] {
    return listRows(this.#db, filter);
  }

  /** See `AuditLog.operations`. */
  operations(filter: AuditFilter = {}): AuditOperationView[] {
    return listOperations(this.#db, filter);
  }

  /** Rows matching `filter` as CSV (formula-safe, see `export.ts`) or JSON. */
  export(format: 'csv' | 'json', filter: AuditFilter = {}): string {
    const rows = this.list(filter);
    return format === 'csv' ? auditCsv(rows) : auditJson(this.logId, rows);
  }

  close(): void {
    this.#db.close();
  }
}

/** True when `folder` holds an audit database. */
export function hasAuditLog(folder: string): boolean {
  return existsSync(join(folder, DB_FILE));
}
