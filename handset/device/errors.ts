/**
 * Typed errors of the handset's device logic. Each carries a discriminant property so
 * callers (the `cimo-handset` CLI) can tell them apart without `instanceof` across module
 * copies.
 */

/** The handset directory is missing, or one of its files is unreadable or malformed. */
export class HandsetDirError extends Error {
  override readonly name = 'HandsetDirError';
  readonly handsetDirError = true;
  constructor(
    /** The file or directory at fault. */
    readonly path: string,
    /** What is wrong with it. */
    readonly reason: 'missing' | 'malformed' | 'exists',
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${detail}`, options);
  }
}

/** True for {@link HandsetDirError}. */
export function isHandsetDirError(e: unknown): e is HandsetDirError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { handsetDirError?: unknown }).handsetDirError === true
  );
}

/**
 * Thrown by the test crash function (see `HandsetOptions.crash`): the operation that met
 * it is abandoned where it stands, exactly as if the process had died, and the handset
 * stops writing its state. Reopen the directory to see the restart behaviour.
 */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
  readonly injectedCrash = true;
  constructor(readonly operation: string) {
    super(`injected crash during ${operation}`);
  }
}

/** True for {@link InjectedCrash}. */
export function isInjectedCrash(e: unknown): e is InjectedCrash {
  return (
    typeof e === 'object' && e !== null && (e as { injectedCrash?: unknown }).injectedCrash === true
  );
}

/** The handset was used after `close()` (or after an injected crash). */
export class HandsetClosedError extends Error {
  override readonly name = 'HandsetClosedError';
  readonly handsetClosed = true;
  constructor(readonly dir: string) {
    super(`handset ${dir} is closed`);
  }
}

/** The peer sent WBXML to a handset whose persona speaks XML only (feature-phone). */
export class UnsupportedEncodingError extends Error {
  override readonly name = 'UnsupportedEncodingError';
  readonly unsupportedEncoding = true;
  constructor(readonly encoding: string) {
    super(`this handset accepts XML only, received ${encoding}`);
  }
}
