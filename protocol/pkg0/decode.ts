/** Reads a package #0 (layout in `pkg0.ts`). Total: any input → value or DecodeError. */
import { DecodeError } from '../bytes/decode-error.js';
import type { DecodedPkg0, Initiator, Pkg0Warning, UiMode } from './pkg0.js';
import { PKG0_ACCEPTED_VERSIONS, PKG0_DIGEST_LENGTH, PKG0_FIXED_LENGTH } from './pkg0.js';

/** Options for {@link decodePkg0}. */
export interface DecodePkg0Options {
  /** Receives tolerated deviations (reserved bits set, session id 0, unusual version). */
  readonly onWarning?: (warning: Pkg0Warning) => void;
  /**
   * Accept any version value, reporting unusual ones as a warning. Off by default: a
   * handset must not act on a notification of a version it does not know; diagnostics
   * tools (the CLI) turn it on to show what is there.
   */
  readonly lenientVersion?: boolean;
}

const FORMAT = 'pkg0';

/**
 * Decodes a package #0. Throws `DecodeError` with format `'pkg0'`: `'truncated'` when the
 * header or server id runs past the end, `'bad-version'` for a version other than 11 or 12
 * (unless `lenientVersion`), `'bad-length'` for an empty server id, `'bad-value'` for a
 * server id that is not printable ASCII. Does not check the digest (see `verifyPkg0`).
 */
export function decodePkg0(bytes: Uint8Array, options: DecodePkg0Options = {}): DecodedPkg0 {
  const warn = options.onWarning ?? (() => undefined);
  if (bytes.length < PKG0_FIXED_LENGTH) {
    throw new DecodeError(
      bytes.length,
      'truncated',
      `package #0 needs at least ${PKG0_FIXED_LENGTH} bytes, got ${bytes.length}`,
      FORMAT,
    );
  }
  const at = PKG0_DIGEST_LENGTH;
  const b = (i: number): number => bytes[at + i] ?? 0;
  const version = (b(0) << 2) | (b(1) >>> 6);
  const uiMode = ((b(1) >>> 4) & 3) as UiMode;
  const initiator = ((b(1) >>> 3) & 1) as Initiator;
  const futureUse = ((b(1) & 7) << 24) | (b(2) << 16) | (b(3) << 8) | b(4);
  const sessionId = (b(5) << 8) | b(6);
  const idLength = b(7);

  if (!PKG0_ACCEPTED_VERSIONS.includes(version)) {
    const detail = `version ${version / 10} (field value ${version}); expected 1.1 or 1.2`;
    if (!options.lenientVersion) throw new DecodeError(at, 'bad-version', detail, FORMAT);
    warn({ offset: at, message: detail });
  }
  if (futureUse !== 0) {
    warn({ offset: at + 1, message: `future-use bits are not zero (0x${futureUse.toString(16)})` });
  }
  if (sessionId === 0) warn({ offset: at + 5, message: 'session id is 0 (DM expects 1..FFFF)' });
  if (idLength === 0) throw new DecodeError(at + 7, 'bad-length', 'empty server id', FORMAT);

  const idStart = PKG0_FIXED_LENGTH;
  const idEnd = idStart + idLength;
  if (idEnd > bytes.length) {
    throw new DecodeError(
      bytes.length,
      'truncated',
      `server id of ${idLength} bytes runs past the end`,
      FORMAT,
    );
  }
  let serverId = '';
  for (let i = idStart; i < idEnd; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x20 || c > 0x7e) {
      throw new DecodeError(
        i,
        'bad-value',
        `server id byte 0x${c.toString(16)} is not ASCII`,
        FORMAT,
      );
    }
    serverId += String.fromCharCode(c);
  }

  return {
    digest: bytes.slice(0, PKG0_DIGEST_LENGTH),
    trigger: bytes.slice(PKG0_DIGEST_LENGTH),
    version,
    uiMode,
    initiator,
    futureUse,
    sessionId,
    serverId,
    vendorSpecific: bytes.slice(idEnd),
  };
}
