import { concatBytes } from '../bytes/concat.js';

/**
 * The one thing the OBEX layer knows of the wire: a duplex byte stream.
 *
 * Implemented by serial, USB CDC-OBEX and TCP links in `native-bridge/` and by the
 * in-process pair in `memory-link.ts`. Behaviour every implementation guarantees:
 *
 * - `open()` resolves once bytes can flow; it rejects with a typed error that names the
 *   layer that failed (port, permission, connect) — see native-bridge for those.
 * - `chunks()` may be iterated once. It yields data in arrival order, in whatever pieces
 *   the transport delivers (callers must cope with any split). It ends normally after the
 *   local side calls `close()`. When the peer goes away (pty closed, socket reset, USB
 *   unplugged) the iteration throws a `LinkDisconnectedError` within one second.
 * - `write()` resolves once the bytes were handed to the OS; it rejects with
 *   `LinkDisconnectedError` if the link is gone, `LinkClosedError` after `close()`.
 * - `close()` is idempotent; pending writes reject with `LinkClosedError`.
 * - `writev(parts)`, where a link has it, is one `write` of the parts back to back (no
 *   other write comes between them) without joining them first: an OBEX packet's few
 *   header bytes and the body pieces it carries go to the OS as they are (one `writev`
 *   on a socket or pty) instead of being copied into one packet-sized buffer. Optional —
 *   a wrapper that looks at the bytes it forwards (fault injection, counting) may leave
 *   it out; callers use {@link writeParts}, which joins the parts for such a link.
 */
export interface Link {
  /** Human-readable description for logs and errors, e.g. `serial /dev/ttyACM0` or `tcp 127.0.0.1:650`. */
  readonly description: string;
  /** True between a successful `open()` and `close()` or a disconnect. */
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  /** Gather write: as `write` of the parts joined, without joining them (see above). */
  writev?(parts: readonly Uint8Array[]): Promise<void>;
  chunks(): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** The peer went away (cable pulled, pty closed, socket reset). */
export class LinkDisconnectedError extends Error {
  override readonly name = 'LinkDisconnectedError';
  /** Discriminant, as in serialport's bindings-interface. */
  readonly disconnected = true;
  constructor(
    readonly link: string,
    detail = 'peer disconnected',
  ) {
    super(`${link}: ${detail}`);
  }
}

/** The link was closed locally; pending operations are cancelled. */
export class LinkClosedError extends Error {
  override readonly name = 'LinkClosedError';
  readonly canceled = true;
  constructor(readonly link: string) {
    super(`${link}: link closed`);
  }
}

/** True for `LinkDisconnectedError` (also across module copies). */
export function isLinkDisconnected(e: unknown): e is LinkDisconnectedError {
  return (
    typeof e === 'object' && e !== null && (e as { disconnected?: unknown }).disconnected === true
  );
}

/**
 * Writes `parts` back to back as one write: through the link's `writev` when it has one,
 * else as one joined copy. Resolves and rejects as `Link.write`; the parts must not
 * change until it settles.
 */
export function writeParts(link: Link, parts: readonly Uint8Array[]): Promise<void> {
  if (parts.length === 1) return link.write(parts[0] as Uint8Array);
  if (link.writev !== undefined) return link.writev(parts);
  return link.write(concatBytes(...parts));
}
