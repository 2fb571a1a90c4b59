/**
 * The package #0 digest: `MD5(B64(MD5(server-id ":" password)) ":" nonce ":"
 * B64(MD5(trigger)))`, 16 raw bytes (the HMAC formula without the final base64;
 * OMA DM Notification 1.2 §6.1; PROTOCOL-FACTS §4).
 */
import { constantTimeEqual } from '../auth/constant-time.js';
import { md5Chain } from '../auth/md5.js';
import { resyncNonce } from '../auth/nonce.js';
import type { Pkg0Credentials } from './pkg0.js';
import { PKG0_DIGEST_LENGTH, PKG0_FIXED_LENGTH } from './pkg0.js';

/** The digest for `trigger` (everything after the digest) under `creds`. */
export function computePkg0Digest(trigger: Uint8Array, creds: Pkg0Credentials): Uint8Array {
  return md5Chain(creds.serverId, creds.serverPassword, creds.nonce, trigger);
}

/**
 * True when the first 16 bytes of `message` are the digest of the rest under `creds`
 * (constant-time). Total: input shorter than a package #0 header is simply false.
 */
export function verifyPkg0(message: Uint8Array, creds: Pkg0Credentials): boolean {
  if (message.length < PKG0_FIXED_LENGTH) return false;
  const digest = message.subarray(0, PKG0_DIGEST_LENGTH);
  return constantTimeEqual(digest, computePkg0Digest(message.subarray(PKG0_DIGEST_LENGTH), creds));
}

/** Which nonce made a package #0 verify, if any. */
export type Pkg0VerifyResult =
  | { readonly ok: true; readonly nonce: 'stored' }
  /** The client must build package #1 credentials with the resync nonce (4 zero bytes). */
  | { readonly ok: true; readonly nonce: 'resync' }
  | { readonly ok: false };

/**
 * The client's check with nonce resynchronisation (OMA DM Notification 1.2 §6.1; AOSP
 * `dmServerAuthentication.cc`): verify with the stored server nonce, and when that fails,
 * with the special nonce of 4 zero bytes. Only when both fail is the notification rejected.
 */
export function verifyPkg0WithResync(
  message: Uint8Array,
  creds: Pkg0Credentials,
): Pkg0VerifyResult {
  if (verifyPkg0(message, creds)) return { ok: true, nonce: 'stored' };
  if (verifyPkg0(message, { ...creds, nonce: resyncNonce() })) return { ok: true, nonce: 'resync' };
  return { ok: false };
}
