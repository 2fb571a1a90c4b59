/** Which step of the AT conversation failed. */
export type AtStep = 'probe' | 'identity' | 'switch' | 'command';

/** What kind of failure: no final result in time, an error result, or a result we did not expect. */
export type AtErrorCode = 'timeout' | 'error' | 'unexpected';

/**
 * Base of the AT errors: names the step and the command, so a technician reading
 * "switch: AT+CPROT=0 answered ERROR" knows the handset refused OBEX mode.
 */
export abstract class AtError extends Error {
  /** Discriminant for catch blocks. */
  readonly atError = true;
  abstract readonly code: AtErrorCode;
  constructor(
    readonly step: AtStep,
    readonly command: string,
    detail: string,
  ) {
    super(`${step}: ${command} ${detail}`);
  }
}

/** No final result code (OK/ERROR/CONNECT/…) arrived within the timeout. */
export class AtTimeoutError extends AtError {
  override readonly name = 'AtTimeoutError';
  readonly code = 'timeout';
  constructor(step: AtStep, command: string, timeoutMs: number) {
    super(
      step,
      command,
      `got no answer within ${timeoutMs} ms (not a modem port, or the modem is silent)`,
    );
  }
}

/** The modem answered `ERROR`, `+CME ERROR: n` or `+CMS ERROR: n`. */
export class AtCommandError extends AtError {
  override readonly name = 'AtCommandError';
  readonly code = 'error';
  constructor(
    step: AtStep,
    command: string,
    /** The final result line, e.g. `ERROR` or `+CME ERROR: 4`. */
    readonly result: string,
  ) {
    super(step, command, `answered ${result}`);
  }
}

/** The modem answered with a final result other than the one this step needs. */
export class AtUnexpectedResponseError extends AtError {
  override readonly name = 'AtUnexpectedResponseError';
  readonly code = 'unexpected';
  constructor(
    step: AtStep,
    command: string,
    readonly expected: string,
    readonly result: string,
  ) {
    super(step, command, `answered ${result} where ${expected} was expected`);
  }
}

/** True for any AT error (also across module copies). */
export function isAtError(e: unknown): e is AtError {
  return typeof e === 'object' && e !== null && (e as { atError?: unknown }).atError === true;
}
