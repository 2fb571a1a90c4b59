/**
 * DM status codes the tree and session layers produce (SyncML RepPro §10 numbering, as
 * digested in PROTOCOL-FACTS §1.9). Only the codes a tree operation can yield are named
 * here; the session layer adds its own.
 */
export const DmStatus = {
  /** 200 OK. */
  OK: 200,
  /** 400 Bad request: malformed URI, bad ACL syntax, bad property value. */
  BAD_REQUEST: 400,
  /** 403 Forbidden: the target cannot be written for a reason other than ACL. */
  FORBIDDEN: 403,
  /** 404 Not found. */
  NOT_FOUND: 404,
  /** 405 Command not allowed (permanent node, root, command not valid on a property). */
  COMMAND_NOT_ALLOWED: 405,
  /** 406 Optional feature not supported (unknown property, unsupported `?list=`). */
  OPTIONAL_FEATURE_NOT_SUPPORTED: 406,
  /** 413 Request entity too large (Title over 255 bytes). */
  REQUEST_ENTITY_TOO_LARGE: 413,
  /** 414 URI too long (MaxDepth / MaxTotLen / MaxSegLen exceeded). */
  URI_TOO_LONG: 414,
  /** 415 Unsupported media type or format. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** 418 Already exists. */
  ALREADY_EXISTS: 418,
  /** 425 Permission denied by the node's ACL. */
  PERMISSION_DENIED: 425,
  /** 500 Command failed. */
  COMMAND_FAILED: 500,
} as const;

/** One of the codes in {@link DmStatus}. */
export type DmStatusCode = (typeof DmStatus)[keyof typeof DmStatus];

/**
 * A DM command failed with a protocol status code. Tree operations throw it; the session
 * layer catches it and puts `status` into the command's `Status` element.
 *
 * `status` is always a 3-digit DM status code (4xx/5xx); `uri`, when set, is the URI the
 * failure concerns (the Target of the command, or the ancestor that caused it).
 */
export class DmStatusError extends Error {
  override readonly name = 'DmStatusError';
  /** Discriminant for `catch` blocks that cannot use `instanceof` across realms. */
  readonly dmStatusError = true;

  constructor(
    /** The DM status code to report, e.g. 404. */
    readonly status: number,
    /** Human-readable detail. */
    detail: string,
    /** The URI concerned, when known. */
    readonly uri?: string,
  ) {
    super(`${status}: ${detail}${uri === undefined ? '' : ` (${uri})`}`);
  }
}

/** True when `e` is a DmStatusError (also across module copies). */
export function isDmStatusError(e: unknown): e is DmStatusError {
  return (
    typeof e === 'object' && e !== null && (e as { dmStatusError?: unknown }).dmStatusError === true
  );
}
