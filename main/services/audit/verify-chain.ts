/**
 * Recomputes the hash chain and compares it with the head file. Rows are streamed in id
 * order, so memory does not grow with the log; the only extra query runs once, on the
 * first broken link, to tell a reordered row from a deleted or replaced one.
 */
import type Database from 'better-sqlite3';
import { GENESIS_HASH, rowHash } from './canonical.js';
import type { DbRow } from './audit-db.js';
import { AuditVerifyError } from './errors.js';
import { headMacValid } from './head-file.js';
import type { HeadRead } from './head-file.js';

/** What a successful check saw. */
export interface AuditVerifyOk {
  readonly ok: true;
  readonly rows: number;
  readonly lastId: number;
  readonly lastHash: string;
  /**
   * Rows after the head file's last row: written, but the process stopped before the head
   * was rewritten (a crash between commit and rename). They chain correctly; the next
   * open re-seals them. Tampering cannot hide behind this: deleted rows make the head
   * point past the end or at a row whose hash differs.
   */
  readonly unsealed: number;
}

/** The outcome of {@link verifyChain}. */
export type AuditVerifyReport =
  AuditVerifyOk | { readonly ok: false; readonly error: AuditVerifyError };

/**
 * Checks every row: its stored hash equals the hash of its columns (else `edited`), ids
 * run 1, 2, 3… (a jump is `deleted`, naming the first missing id), and its `prev_hash` is
 * the previous row's hash (else `reordered` when another row of the log has that hash,
 * `deleted` otherwise: its predecessor was removed or replaced). Then the head file: it
 * must exist when there are rows, belong to this log, carry a valid MAC when `headKey`
 * is given, and name a last row that exists with that hash (else `truncated`).
 * Reports the first problem found, in id order.
 */
export function verifyChain(
  db: Database.Database,
  logId: string,
  head: HeadRead,
  headKey?: Uint8Array,
): AuditVerifyReport {
  let prev: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH };
  let rows = 0;
  let headSeen = false;
  let headHashMismatch = false;
  const headRow = head.kind === 'ok' ? head.head : undefined;
  const fail = (e: AuditVerifyError): AuditVerifyReport => ({ ok: false, error: e });
  for (const r of db
    .prepare('SELECT * FROM audit ORDER BY id')
    .iterate() as IterableIterator<DbRow>) {
    if (r.id !== prev.id + 1)
      return fail(
        new AuditVerifyError(
          'deleted',
          prev.id + 1,
          `missing (ids jump from ${prev.id} to ${r.id})`,
        ),
      );
    if (rowHash(r) !== r.hash)
      return fail(
        new AuditVerifyError('edited', r.id, 'its contents do not match its hash (edited)'),
      );
    if (r.prev_hash !== prev.hash) {
      const other = db.prepare('SELECT id FROM audit WHERE hash = ? LIMIT 1').get(r.prev_hash) as
        { id: number } | undefined;
      return fail(
        other !== undefined
          ? new AuditVerifyError(
              'reordered',
              r.id,
              `it follows row ${other.id} in the chain, not row ${prev.id}`,
            )
          : new AuditVerifyError(
              'deleted',
              r.id,
              `its predecessor in the chain is gone (row ${prev.id} was replaced, or a row before it deleted)`,
            ),
      );
    }
    if (headRow !== undefined && r.id === headRow.lastId) {
      headSeen = true;
      headHashMismatch = r.hash !== headRow.hash;
    }
    rows += 1;
    prev = { id: r.id, hash: r.hash };
  }
  if (head.kind === 'missing') {
    if (rows === 0) return { ok: true, rows, lastId: 0, lastHash: GENESIS_HASH, unsealed: 0 };
    return fail(new AuditVerifyError('head-missing', undefined, 'the head file is missing'));
  }
  if (head.kind === 'unreadable')
    return fail(
      new AuditVerifyError(
        'head-missing',
        undefined,
        `the head file is unreadable: ${head.reason}`,
      ),
    );
  const h = head.head;
  if (h.logId !== logId)
    return fail(
      new AuditVerifyError('head-foreign', undefined, 'the head file belongs to another log'),
    );
  if (headKey !== undefined && !headMacValid(h, headKey))
    return fail(
      new AuditVerifyError('head-forged', undefined, 'the head file MAC does not verify'),
    );
  if (h.lastId > 0 && !headSeen)
    return fail(
      new AuditVerifyError(
        'truncated',
        prev.id + 1,
        `the head names ${h.count} rows up to row ${h.lastId}; the log ends at row ${prev.id}`,
      ),
    );
  if (headHashMismatch || (h.lastId === 0 && h.hash !== GENESIS_HASH))
    return fail(new AuditVerifyError('truncated', h.lastId, 'its hash differs from the head file'));
  return { ok: true, rows, lastId: prev.id, lastHash: prev.hash, unsealed: prev.id - h.lastId };
}
