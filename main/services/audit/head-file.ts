/**
 * The head file (`audit-head.json` beside the database): the number of rows, the last
 * row's id and hash, and the log's id — what lets `verify` notice that the *last* rows
 * were deleted, which a hash chain alone cannot (a shorter chain is still a valid chain).
 *
 * Why a file and not a row: a row can be deleted by the same SQL that deletes the rows it
 * vouches for. The file is rewritten right after every committed append (temp file,
 * fsync, rename, so it is either the old or the new head, never torn). A crash between
 * the commit and the rename leaves the head one row behind; that is told apart from
 * tampering because the head then names an existing row whose hash matches, and the log
 * re-seals itself on the next open.
 *
 * Limits, stated plainly: anyone who can write the data folder can delete rows *and*
 * rewrite an unkeyed head consistently, or restore an older database together with its
 * older head. With `headKey` (e.g. a secret kept in Electron `safeStorage`, outside the
 * folder) the head carries an HMAC, so a rewritten head is detected unless the key is
 * also stolen; a rollback to an old (db, head) pair is still undetectable locally. Only
 * an external witness (the chain's shared database, a printed receipt) closes that gap.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { canonicalJson, hmacHex } from './canonical.js';

/** Contents of the head file. */
export interface AuditHead {
  readonly version: 1;
  /** Random id of the log, from the database's meta table. */
  readonly logId: string;
  /** Rows in the log when the head was written. */
  readonly count: number;
  /** Id of the last row (0 when empty). */
  readonly lastId: number;
  /** Hash of the last row (the genesis hash when empty). */
  readonly hash: string;
  /** HMAC-SHA-256 of the other fields, when the log has a head key. */
  readonly mac?: string;
}

/** Name of the head file inside the log folder. */
export const HEAD_FILE = 'audit-head.json';

function macOf(key: Uint8Array, h: Omit<AuditHead, 'mac'>): string {
  return hmacHex(
    key,
    canonicalJson({
      version: h.version,
      logId: h.logId,
      count: h.count,
      lastId: h.lastId,
      hash: h.hash,
    }),
  );
}

/** Writes the head atomically (temp file, fsync, rename); adds a MAC when `key` is given. */
export function writeHead(path: string, head: Omit<AuditHead, 'mac'>, key?: Uint8Array): void {
  const full: AuditHead = key === undefined ? head : { ...head, mac: macOf(key, head) };
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(full));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Result of reading the head: the head, or why there is none usable. */
export type HeadRead =
  | { readonly kind: 'ok'; readonly head: AuditHead }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Reads and shape-checks the head file; never throws for a missing or garbled file. */
export function readHead(path: string): HeadRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: String(e) };
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: 'not JSON' };
  }
  const o = v as Partial<Record<keyof AuditHead, unknown>>;
  if (
    typeof v !== 'object' ||
    v === null ||
    o.version !== 1 ||
    typeof o.logId !== 'string' ||
    typeof o.count !== 'number' ||
    typeof o.lastId !== 'number' ||
    typeof o.hash !== 'string' ||
    (o.mac !== undefined && typeof o.mac !== 'string')
  )
    return { kind: 'unreadable', reason: 'fields missing or of the wrong type' };
  return { kind: 'ok', head: v as AuditHead };
}

/** True when the head's MAC verifies under `key` (false when it has none). */
export function headMacValid(head: AuditHead, key: Uint8Array): boolean {
  return head.mac !== undefined && head.mac === macOf(key, head);
}
