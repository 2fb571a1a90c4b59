/**
 * Nonces for MD5 and HMAC authentication and for package #0 (PROTOCOL-FACTS §3.3, §4).
 * Nonces travel base64-encoded in `Chal/Meta/NextNonce` and are used as raw bytes in the
 * digests. Randomness is injected so protocol/ stays pure and tests stay repeatable.
 */
import { fromBase64, toBase64 } from '../bytes/base64.js';

/** A source of random bytes, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (n: number) => Uint8Array;

/** Default nonce length: 16 bytes = 128 bits, the minimum the Security spec recommends. */
export const DEFAULT_NONCE_LENGTH = 16;

/**
 * Draws a fresh nonce of `length` bytes from `random`. Throws `RangeError` for a length
 * outside 1..255 and `TypeError` when the source returns the wrong number of bytes
 * (a broken source must not silently yield a short nonce).
 */
export function generateNonce(random: RandomBytes, length = DEFAULT_NONCE_LENGTH): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255) {
    throw new RangeError(`length: must be an integer in 1..255, got ${length}`);
  }
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new TypeError(`random: returned ${bytes.length} bytes, expected ${length}`);
  }
  return bytes.slice();
}

/** The NextNonce text for `nonce` (base64). */
export function encodeNonce(nonce: Uint8Array): string {
  return toBase64(nonce);
}

/**
 * Raw nonce bytes from NextNonce text. Whitespace is ignored and missing `=` padding is
 * supplied (some clients drop it); anything else that is not base64 throws `DecodeError`
 * (format `'base64'`, offset into the text as given).
 */
export function decodeNonce(text: string): Uint8Array {
  const significant = text.replace(/[\s]/g, '');
  const missing = significant.endsWith('=') ? 0 : (4 - (significant.length % 4)) % 4;
  return fromBase64(missing === 1 || missing === 2 ? text + '='.repeat(missing) : text);
}

/** Length of the resync nonce (4 zero bytes, base64 `AAAAAA==`). */
export const RESYNC_NONCE_LENGTH = 4;

/**
 * The special nonce a client retries package #0 with after the stored nonce failed
 * (OMA DM Notification 1.2; AOSP `dmSessionDefs.h` stores it as `AAAAAA==`). A fresh
 * array each call, so callers cannot corrupt a shared constant.
 */
export function resyncNonce(): Uint8Array {
  return new Uint8Array(RESYNC_NONCE_LENGTH);
}

/** True when `nonce` is the resync nonce (exactly 4 zero bytes). */
export function isResyncNonce(nonce: Uint8Array): boolean {
  return nonce.length === RESYNC_NONCE_LENGTH && nonce.every((b) => b === 0);
}
