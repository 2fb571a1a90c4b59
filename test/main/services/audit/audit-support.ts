/** Temp folders and raw SQL access for the audit tests (the tamperer's view of the log). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A fresh temp folder; `cleanup` removes it. */
export function tempFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-audit-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs SQL against the log's database as someone bypassing the API would: drops the
 * append-only triggers first, then runs `sql`.
 */
export function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, 'audit.sqlite'));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    db.exec(sql);
  } finally {
    db.close();
  }
}
