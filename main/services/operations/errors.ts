/**
 * Typed errors of the operation runner. They extend the gateway's `ServiceError`, so
 * their `code` crosses the IPC boundary as is: `interlock` (a wipe without a verified
 * retrieval or waiver), `not-found`, `not-supported` (the handset's MO lacks it),
 * `bad-selection`, `timeout`, `not-confirmed` (a factory reset without the IMEI digits).
 */
import { ServiceError } from '../../ipc/gateway.js';

/** Codes of {@link OperationError}. */
export type OperationErrorCode =
  | 'interlock'
  | 'not-found'
  | 'not-supported'
  | 'bad-selection'
  | 'not-ready'
  | 'timeout'
  | 'cancelled'
  | 'not-confirmed';

/** An operation refused or abandoned by the console; `code` says why. */
export class OperationError extends ServiceError {
  override readonly name = 'OperationError';
  constructor(
    override readonly code: OperationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
