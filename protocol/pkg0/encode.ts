/** Builds a package #0 (layout in `pkg0.ts`). */
import type { Initiator, Pkg0Credentials, UiMode } from './pkg0.js';
import { PKG0_DEFAULT_VERSION, PKG0_DIGEST_LENGTH, PKG0_FIXED_LENGTH } from './pkg0.js';
import { computePkg0Digest } from './digest.js';

/** What to put in a package #0; `version` defaults to {@link PKG0_DEFAULT_VERSION} (12). */
export interface Pkg0Input {
  readonly version?: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  readonly sessionId: number;
  readonly serverId: string;
  readonly vendorSpecific?: Uint8Array;
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name}: must be an integer in 0..${max}, got ${value}`);
  }
}

/**
 * Encodes `fields` and signs them with `creds` (the server's SRVCRED name, secret and the
 * client's current server nonce). Throws `RangeError` for a field outside its bit width and
 * `TypeError` for a server id that is empty, longer than 255 bytes or not printable ASCII.
 * Future-use bits are always zero.
 */
export function encodePkg0(fields: Pkg0Input, creds: Pkg0Credentials): Uint8Array {
  const version = fields.version ?? PKG0_DEFAULT_VERSION;
  checkRange('version', version, 0x3ff);
  checkRange('uiMode', fields.uiMode, 3);
  checkRange('initiator', fields.initiator, 1);
  checkRange('sessionId', fields.sessionId, 0xffff);
  const id = fields.serverId;
  if (id.length === 0 || id.length > 255 || !/^[\x20-\x7e]+$/.test(id)) {
    throw new TypeError('serverId: must be 1..255 printable ASCII characters');
  }
  const vendor = fields.vendorSpecific ?? new Uint8Array(0);
  const out = new Uint8Array(PKG0_FIXED_LENGTH + id.length + vendor.length);
  let at = PKG0_DIGEST_LENGTH;
  const first = (version << 6) | (fields.uiMode << 4) | (fields.initiator << 3);
  out[at++] = first >>> 8;
  out[at++] = first & 0xff;
  at += 3; // the rest of the 27 future-use bits
  out[at++] = fields.sessionId >>> 8;
  out[at++] = fields.sessionId & 0xff;
  out[at++] = id.length;
  for (let i = 0; i < id.length; i++) out[at++] = id.charCodeAt(i);
  out.set(vendor, at);
  out.set(computePkg0Digest(out.subarray(PKG0_DIGEST_LENGTH), creds), 0);
  return out;
}
