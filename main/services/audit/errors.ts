/**
 * Errors of the audit log. Each carries a `code` and a boolean discriminant so callers
 * (operation runner, CLI, IPC gateway) can branch without `instanceof` across module copies.
 */

/** Why a chain check failed; see {@link AuditVerifyError}. */
export type AuditVerifyCode =
  /** A row's stored hash does not match the hash of its fields: the row was edited. */
  | 'edited'
  /** A row's predecessor is missing (a gap in ids, or a previous-hash that no row has). */
  | 'deleted'
  /** A row's previous-hash names another row of the log, not its predecessor. */
  | 'reordered'
  /** The head file names more rows, or another last row, than the database holds. */
  | 'truncated'
  /** The database holds rows but the head file is missing or unreadable. */
  | 'head-missing'
  /** The head file's HMAC does not verify under the configured key. */
  | 'head-forged'
  /** The head file belongs to another log (different log id). */
  | 'head-foreign';

/** The chain does not verify. `rowId` is the first bad row (or the first missing one). */
export class AuditVerifyError extends Error {
  override readonly name = 'AuditVerifyError';
  /** Discriminant for catch blocks. */
  readonly auditVerifyError = true;
  constructor(
    readonly code: AuditVerifyCode,
    /** Id of the first row found bad; for `truncated`, the first id that should exist. */
    readonly rowId: number | undefined,
    detail: string,
  ) {
    super(rowId === undefined ? `audit log: ${detail}` : `audit log row ${rowId}: ${detail}`);
  }
}

/** Codes of {@link AuditStateError}. */
export type AuditStateCode =
  | 'unknown-operation'
  | 'not-a-start'
  | 'closed'
  | 'bad-argument'
  /** The head is sealed with a key (the desktop app's) that this process was not given. */
  | 'head-key-needed';

/** The log was used wrongly: completing an id that is not a started operation, using a closed log. */
export class AuditStateError extends Error {
  override readonly name = 'AuditStateError';
  /** Discriminant for catch blocks. */
  readonly auditStateError = true;
  constructor(
    readonly code: AuditStateCode,
    detail: string,
  ) {
    super(`audit log: ${detail}`);
  }
}

/** True for {@link AuditVerifyError} (also across module copies). */
export function isAuditVerifyError(e: unknown): e is AuditVerifyError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { auditVerifyError?: unknown }).auditVerifyError === true
  );
}

/** True for {@link AuditStateError} (also across module copies). */
export function isAuditStateError(e: unknown): e is AuditStateError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { auditStateError?: unknown }).auditStateError === true
  );
}
