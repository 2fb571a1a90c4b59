/**
 * Typed errors a DM session ends with. Each says what failed; command-level failures
 * reuse the tree layer's `DmStatusError` (its `status` is the command's Status code).
 */
import { isDecodeError } from '../bytes/decode-error.js';
import type { DecodeError } from '../bytes/decode-error.js';

export { DmStatusError, isDmStatusError } from '../tree/dm-status-error.js';

/**
 * Authentication failed: the peer refused our credentials (or sent none / wrong ones).
 * `status` is 401 (invalid credentials) or 407 (missing credentials); `retried` is true
 * when a second attempt with the peer's fresh nonce was made and failed too.
 */
export class DmAuthError extends Error {
  override readonly name = 'DmAuthError';
  readonly dmAuthError = true;
  constructor(
    readonly status: number,
    readonly retried: boolean,
    detail: string,
  ) {
    super(`authentication failed (${status}${retried ? ', after a retry' : ''}): ${detail}`);
  }
}

/** Why a {@link DmProtocolError} was raised. */
export type DmProtocolViolation =
  | 'malformed-package'
  | 'wrong-msgref'
  | 'wrong-cmdref'
  | 'command-not-allowed'
  | 'unexpected-package'
  | 'session-aborted'
  | 'size-mismatch'
  | 'closed';

/**
 * The peer broke the protocol (or aborted the session): a package that does not decode
 * (`cause` is the `DecodeError`), a Status whose MsgRef/CmdRef names nothing we sent, a
 * command its role may not send, an abort (1223).
 */
export class DmProtocolError extends Error {
  override readonly name = 'DmProtocolError';
  readonly dmProtocolError = true;
  constructor(
    readonly violation: DmProtocolViolation,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${violation}: ${detail}`, options);
  }

  /** Wraps a DecodeError of an incoming package. */
  static malformed(e: DecodeError): DmProtocolError {
    return new DmProtocolError('malformed-package', e.message, { cause: e });
  }
}

/** No reply (or no UI answer) arrived within `ms` milliseconds of the injected clock. */
export class DmTimeoutError extends Error {
  override readonly name = 'DmTimeoutError';
  readonly dmTimeoutError = true;
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`timeout: ${what} after ${ms} ms`);
  }
}

/** Turns whatever a decoder threw into a session error (DecodeError → malformed-package). */
export function asSessionError(e: unknown): Error {
  if (isDecodeError(e)) return DmProtocolError.malformed(e);
  return e instanceof Error ? e : new Error(String(e));
}
