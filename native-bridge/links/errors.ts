/**
 * Errors of the native links, one small class per failure, each naming the layer that
 * failed (port, permission, connect, USB) and carrying a `code` discriminant so callers
 * (CLI, IPC) can branch without `instanceof` across module copies.
 */

/** Codes of `LinkOpenError`. */
export type LinkOpenErrorCode =
  | 'port-not-found'
  | 'permission-denied'
  | 'port-busy'
  | 'port-open-failed'
  | 'connection-refused'
  | 'connect-timeout'
  | 'host-not-found'
  | 'connect-failed'
  | 'usb-unavailable'
  | 'usb-no-obex-interface'
  | 'usb-claim-failed';

/** `open()` of a native link failed; `code` says why, `message` says what to do. */
export class LinkOpenError extends Error {
  override readonly name = 'LinkOpenError';
  /** Discriminant for catch blocks. */
  readonly linkOpenError = true;
  constructor(
    /** Which failure this is. */
    readonly code: LinkOpenErrorCode,
    /** The link's description, e.g. `serial /dev/ttyACM0`. */
    readonly link: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${link}: ${detail}`, options);
  }
}

/** True for `LinkOpenError` (also across module copies). */
export function isLinkOpenError(e: unknown): e is LinkOpenError {
  return (
    typeof e === 'object' && e !== null && (e as { linkOpenError?: unknown }).linkOpenError === true
  );
}

/** Extracts `code` and `message` from an unknown thrown value without trusting its shape. */
export function errorParts(e: unknown): { code: string | undefined; message: string } {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : String(e),
    };
  }
  return { code: undefined, message: String(e) };
}
