/**
 * The quick head check done at every open (the full chain check is `verifyChain`): does
 * the head file vouch for a row that exists with that hash? O(1) in the log's length.
 */
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from './canonical.js';
import { AuditVerifyError } from './errors.js';
import { headMacValid } from './head-file.js';
import type { HeadRead } from './head-file.js';

/**
 * Returns the problem with `read` against the log whose last row is `tip`, or undefined
 * when the head names an existing row with the same hash (the log may be ahead of it:
 * rows committed after the last head write, which the caller re-seals).
 */
export function headProblem(
  db: Database.Database,
  logId: string,
  tip: { readonly id: number },
  read: HeadRead,
  headKey: Uint8Array | undefined,
): AuditVerifyError | undefined {
  if (read.kind === 'missing')
    return tip.id > 0
      ? new AuditVerifyError('head-missing', undefined, 'the head file is missing')
      : undefined;
  if (read.kind === 'unreadable')
    return new AuditVerifyError(
      'head-missing',
      undefined,
      `the head file is unreadable: ${read.reason}`,
    );
  const h = read.head;
  if (h.logId !== logId)
    return new AuditVerifyError('head-foreign', undefined, 'the head file belongs to another log');
  if (headKey !== undefined && !headMacValid(h, headKey))
    return new AuditVerifyError('head-forged', undefined, 'the head file MAC does not verify');
  const at =
    h.lastId === 0
      ? { hash: GENESIS_HASH }
      : (db.prepare('SELECT hash FROM audit WHERE id = ?').get(h.lastId) as
          { hash: string } | undefined);
  if (at === undefined)
    return new AuditVerifyError(
      'truncated',
      tip.id + 1,
      `the head names row ${h.lastId}; the log ends at row ${tip.id}`,
    );
  if (at.hash !== h.hash)
    return new AuditVerifyError('truncated', h.lastId, 'its hash differs from the head file');
  return undefined;
}
