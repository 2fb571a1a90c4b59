import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowHash } from '../../../../main/services/audit/canonical.js';
import type { HashedColumns } from '../../../../main/services/audit/canonical.js';
import {
  AuditLog,
  AuditReader,
  isAuditVerifyError,
} from '../../../../main/services/audit/index.js';
import type { AuditVerifyReport } from '../../../../main/services/audit/index.js';
import Database from 'better-sqlite3';
import { tamper, tempFolder } from './audit-support.js';

const HANDSET = { imei: '356938035643809', model: 'Nokia 6230i' };

function failure(report: AuditVerifyReport): { code: string; rowId: number | undefined } | 'ok' {
  return report.ok ? 'ok' : { code: report.error.code, rowId: report.error.rowId };
}

function verifyFolder(dir: string, headKey?: Uint8Array): AuditVerifyReport {
  const reader = new AuditReader(dir);
  try {
    return reader.verify(headKey);
  } finally {
    reader.close();
  }
}

/** A log of six rows: three operations, each begun and completed. */
function seed(dir: string, headKey?: Uint8Array): void {
  const log = AuditLog.open(dir, headKey === undefined ? {} : { headKey });
  for (const op of ['lock', 'retrieve', 'wipe'] as const) {
    const id = log.begin({ operator: 'alice', operation: op, handset: HANDSET });
    log.complete(id, { outcome: 'succeeded', resultCode: 1200 });
  }
  log.close();
}

describe('audit chain verification', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempFolder());
  });
  afterEach(() => cleanup());

  it('verifies an untouched log', () => {
    seed(dir);
    expect(verifyFolder(dir)).toMatchObject({ ok: true, rows: 6, lastId: 6, unsealed: 0 });
  });

  it('names the row edited with plain SQL', () => {
    seed(dir);
    tamper(dir, `UPDATE audit SET result_code = 1405 WHERE id = 4`);
    expect(failure(verifyFolder(dir))).toEqual({ code: 'edited', rowId: 4 });
  });

  it('names the successor of a row edited and rehashed', () => {
    seed(dir);
    const db = new Database(join(dir, 'audit.sqlite'));
    const row = db.prepare('SELECT * FROM audit WHERE id = 3').get() as HashedColumns;
    db.close();
    const forged = { ...row, operator: 'mallory' };
    tamper(dir, `UPDATE audit SET operator = 'mallory', hash = '${rowHash(forged)}' WHERE id = 3`);
    expect(failure(verifyFolder(dir))).toEqual({ code: 'deleted', rowId: 4 });
  });

  it('detects a deleted middle row, naming the missing id', () => {
    seed(dir);
    tamper(dir, 'DELETE FROM audit WHERE id = 3');
    expect(failure(verifyFolder(dir))).toEqual({ code: 'deleted', rowId: 3 });
  });

  it('detects a middle row deleted and the later ids renumbered', () => {
    seed(dir);
    tamper(dir, 'DELETE FROM audit WHERE id = 3; UPDATE audit SET id = id - 1 WHERE id > 3');
    expect(failure(verifyFolder(dir))).toEqual({ code: 'deleted', rowId: 3 });
  });

  it('detects two rows swapped', () => {
    seed(dir);
    tamper(
      dir,
      'UPDATE audit SET id = 100 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 100',
    );
    expect(failure(verifyFolder(dir))).toEqual({ code: 'reordered', rowId: 2 });
  });

  it('detects the last rows deleted, and the log refuses to open over them', () => {
    seed(dir);
    tamper(dir, 'DELETE FROM audit WHERE id >= 5');
    expect(failure(verifyFolder(dir))).toEqual({ code: 'truncated', rowId: 5 });
    let code: string | undefined;
    try {
      AuditLog.open(dir).close();
    } catch (e) {
      code = isAuditVerifyError(e) ? e.code : String(e);
    }
    expect(code).toBe('truncated');
    // The evidence is still there for verify.
    expect(failure(verifyFolder(dir))).toEqual({ code: 'truncated', rowId: 5 });
  });

  it('detects the whole table emptied, and a deleted head file', () => {
    seed(dir);
    tamper(dir, 'DELETE FROM audit');
    expect(failure(verifyFolder(dir))).toEqual({ code: 'truncated', rowId: 1 });
    const other = tempFolder();
    try {
      seed(other.dir);
      writeFileSync(join(other.dir, 'audit-head.json'), '');
      expect(failure(verifyFolder(other.dir))).toMatchObject({ code: 'head-missing' });
    } finally {
      other.cleanup();
    }
  });

  it('with a head key, detects a head rewritten to hide deleted rows', () => {
    const key = new Uint8Array(32).fill(7);
    seed(dir, key);
    expect(verifyFolder(dir, key).ok).toBe(true);
    tamper(dir, 'DELETE FROM audit WHERE id = 6');
    const db = new Database(join(dir, 'audit.sqlite'), { readonly: true });
    const last = db.prepare('SELECT value FROM meta').get() as { value: string };
    const row5 = db.prepare('SELECT hash FROM audit WHERE id = 5').get() as { hash: string };
    db.close();
    writeFileSync(
      join(dir, 'audit-head.json'),
      JSON.stringify({ version: 1, logId: last.value, count: 5, lastId: 5, hash: row5.hash }),
    );
    expect(verifyFolder(dir).ok).toBe(true); // the limit an unkeyed head has
    expect(failure(verifyFolder(dir, key))).toMatchObject({ code: 'head-forged' });
  });

  it('refuses to open a keyed log for writing without its key, leaving the head as it was', () => {
    const key = new Uint8Array(32).fill(9);
    seed(dir, key);
    const head = readFileSync(join(dir, 'audit-head.json'), 'utf8');
    for (const onBrokenHead of ['refuse', 'reset'] as const) {
      let thrown: unknown;
      try {
        AuditLog.open(dir, { onBrokenHead }).close();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toMatchObject({ name: 'AuditStateError', code: 'head-key-needed' });
    }
    expect(readFileSync(join(dir, 'audit-head.json'), 'utf8')).toBe(head);
    expect(verifyFolder(dir).ok).toBe(true); // reading needs no key
    const log = AuditLog.open(dir, { headKey: key });
    log.record({ operator: 'alice', operation: 'vault-export' });
    log.close();
    expect(verifyFolder(dir, key)).toMatchObject({ ok: true, rows: 7 });
  });

  it('treats rows written after the last head write (crash in between) as unsealed, and reseals on open', () => {
    const log = AuditLog.open(dir);
    const id = log.begin({ operator: 'alice', operation: 'lock', handset: HANDSET });
    copyFileSync(join(dir, 'audit-head.json'), join(dir, 'old-head'));
    log.complete(id, { outcome: 'succeeded' });
    log.close();
    copyFileSync(join(dir, 'old-head'), join(dir, 'audit-head.json'));
    expect(verifyFolder(dir)).toMatchObject({ ok: true, rows: 2, unsealed: 1 });
    AuditLog.open(dir).close();
    expect(verifyFolder(dir)).toMatchObject({ ok: true, rows: 2, unsealed: 0 });
  });

  it('with onBrokenHead reset, keeps the old head aside and records the reset', () => {
    seed(dir);
    tamper(dir, 'DELETE FROM audit WHERE id = 6');
    const log = AuditLog.open(dir, { onBrokenHead: 'reset' });
    const [reset] = log.list({ operation: 'head-reset' });
    log.close();
    expect(reset?.detail).toMatch(/row 6/);
    expect(readdirSync(dir).some((f) => f.startsWith('audit-head.json.broken-'))).toBe(true);
    expect(existsSync(join(dir, 'audit-head.json'))).toBe(true);
    expect(verifyFolder(dir).ok).toBe(true);
  });
});
