/**
 * The typed error every DM transport in this folder fails with: it names the layer that
 * failed (the link, an OBEX step, HTTP, the package #0 datagram) and carries that layer's
 * code, so a console can tell "cable pulled" from "phone said Forbidden".
 */
import { isLinkDisconnected } from '../../protocol/link/link.js';
import { isObexError } from '../../protocol/obex/errors.js';

/** Which layer a {@link DmTransportError} comes from. */
export type DmTransportLayer =
  /** The byte link (pty, TCP, USB) broke, closed or went silent. */
  | 'link'
  /** OBEX Connect with Target SYNCML-DM was refused (`code` = OBEX response). */
  | 'obex-connect'
  /** The PUT of our package was refused (`code` = OBEX response). */
  | 'obex-put'
  /** The GET of the peer's reply was refused (`code` = OBEX response). */
  | 'obex-get'
  /** The HTTP exchange failed (`code` = HTTP status, absent for a socket error). */
  | 'http'
  /** Package #0 over UDP could not be sent. */
  | 'udp';

/** A DM transport failure; `layer` says where, `code` is that layer's code when it has one. */
export class DmTransportError extends Error {
  override readonly name = 'DmTransportError';
  /** Discriminant for catch blocks that cannot use `instanceof` across module copies. */
  readonly dmTransportError = true;
  constructor(
    readonly layer: DmTransportLayer,
    detail: string,
    /** OBEX response code (e.g. 0xC3) or HTTP status (e.g. 415). */
    readonly code?: number,
    options?: { cause?: unknown },
  ) {
    super(`${layer}: ${detail}`, options);
  }
}

/** True for {@link DmTransportError} (also across module copies). */
export function isDmTransportError(e: unknown): e is DmTransportError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { dmTransportError?: unknown }).dmTransportError === true
  );
}

/**
 * Maps whatever an OBEX operation threw to a {@link DmTransportError}: an `ObexError`
 * becomes the OBEX layer of `step` with its response code; anything else (link
 * disconnected or closed, request timeout) is the link layer.
 */
export function obexFailure(step: 'obex-connect' | 'obex-put' | 'obex-get', e: unknown): Error {
  if (isDmTransportError(e)) return e;
  if (isObexError(e)) return new DmTransportError(step, e.message, e.code, { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  const detail = isLinkDisconnected(e) ? `disconnected (${message})` : message;
  return new DmTransportError('link', detail, undefined, { cause: e });
}
