import { responseName } from './codes.js';

/**
 * The peer answered with a response code other than the one the operation needed
 * (e.g. 0xC3 Forbidden to a Put). `code` is the raw response code, `codeName` its name.
 */
export class ObexError extends Error {
  override readonly name = 'ObexError';
  /** Discriminant for `catch` blocks that cannot use `instanceof` across realms. */
  readonly obexError = true;
  /** Name of `code`, e.g. `'Forbidden'`. */
  readonly codeName: string;
  constructor(
    /** Response code from the peer (final bit included, e.g. 0xC3). */
    readonly code: number,
    /** What we were doing, e.g. `'put'`, `'connect'`. */
    readonly operation: string,
    /** The peer's Description header, if it sent one. */
    readonly description?: string,
  ) {
    const codeName = responseName(code);
    super(
      `obex ${operation}: peer answered 0x${code.toString(16).toUpperCase()} ${codeName}` +
        (description ? ` (${description})` : ''),
    );
    this.codeName = codeName;
  }
}

/** True for `ObexError` (also across module copies). */
export function isObexError(e: unknown): e is ObexError {
  return typeof e === 'object' && e !== null && (e as { obexError?: unknown }).obexError === true;
}

/**
 * No response arrived within the per-request timeout. The client that raised it is
 * unusable afterwards (a late answer could be mistaken for the next one); close the link.
 */
export class ObexTimeoutError extends Error {
  override readonly name = 'ObexTimeoutError';
  readonly timeout = true;
  constructor(
    readonly operation: string,
    readonly ms: number,
  ) {
    super(`obex ${operation}: no response within ${ms} ms`);
  }
}

/**
 * An operation was cancelled by an OBEX Abort — ours (`abort()` on the client) or the
 * peer's (seen by a server-side service).
 */
export class ObexAbortedError extends Error {
  override readonly name = 'ObexAbortedError';
  readonly aborted = true;
  constructor(readonly operation: string) {
    super(`obex ${operation}: aborted`);
  }
}

/**
 * Thrown (or returned) by a server-side service handler to refuse a request with a
 * specific response code, e.g. `new ObexRefusal(ObexResponse.Forbidden)`. Any other error
 * from a handler is answered with 0xD0 Internal Server Error.
 */
export class ObexRefusal extends Error {
  override readonly name = 'ObexRefusal';
  readonly refusal = true;
  constructor(
    /** Response code to send; must be an error code (0xC0..0xFF with the final bit). */
    readonly code: number,
    /** Sent as a Description header when given. */
    readonly description?: string,
  ) {
    super(`refused with 0x${code.toString(16).toUpperCase()} ${responseName(code)}`);
  }
}

/** True for `ObexRefusal` (also across module copies). */
export function isObexRefusal(e: unknown): e is ObexRefusal {
  return typeof e === 'object' && e !== null && (e as { refusal?: unknown }).refusal === true;
}
