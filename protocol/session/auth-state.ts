/**
 * Credentials in a DM session (PROTOCOL-FACTS §3): building and checking `Cred` (basic,
 * MD5) in the SyncHdr, HMAC in the `x-syncml-hmac` transport header, and challenges.
 */
import { fromBase64 } from '../bytes/base64.js';
import { isDecodeError } from '../bytes/decode-error.js';
import { buildBasicCredential, parseBasicCredential } from '../auth/basic.js';
import { CredentialType, parseCredentialType } from '../auth/credential-types.js';
import { signHmac, verifyHmacHeader } from '../auth/hmac.js';
import { HMAC_HEADER_NAME, parseHmacHeader } from '../auth/hmac-header.js';
import { buildMd5Credential, verifyMd5Credential } from '../auth/md5-digest.js';
import { constantTimeEqual } from '../auth/constant-time.js';
import type { Chal, Cred } from '../syncml/model.js';
import type { DmHeaders } from './transport.js';

/** The authentication schemes a session uses. `hmac` travels in the transport header. */
export type DmAuthType = 'basic' | 'md5' | 'hmac';

/**
 * One side's account: who authenticates, with what secret, and the nonce in force (the
 * one the verifying side issued last; MD5 and HMAC digests use it). Persist `nonce`
 * between sessions (see the sessions' nonce events).
 */
export interface DmAccount {
  readonly type: DmAuthType;
  readonly username: string;
  readonly password: string;
  readonly nonce: Uint8Array;
}

/** `Cred` for `account` (basic or MD5); undefined for HMAC, which is a header. */
export function buildCred(account: DmAccount, nonce: Uint8Array): Cred | undefined {
  if (account.type === 'basic') {
    return {
      meta: { type: CredentialType.Basic, format: 'b64' },
      data: buildBasicCredential(account.username, account.password),
    };
  }
  if (account.type === 'md5') {
    return {
      meta: { type: CredentialType.Md5, format: 'b64' },
      data: buildMd5Credential(account.username, account.password, nonce),
    };
  }
  return undefined;
}

/** The HMAC header for `body` (HMAC accounts only). */
export function hmacHeaders(account: DmAccount, nonce: Uint8Array, body: Uint8Array): DmHeaders {
  if (account.type !== 'hmac') return {};
  return {
    [HMAC_HEADER_NAME]: signHmac({
      username: account.username,
      password: account.password,
      nonce,
      body,
    }),
  };
}

/** Outcome of checking a peer's credentials. */
export type CredCheck = 'ok' | 'missing' | 'invalid';

/**
 * Checks what the peer sent against the `expected` account and nonce: the SyncHdr Cred
 * (basic/MD5; the user name comes from the basic text or Source/LocName) or, for HMAC,
 * the `x-syncml-hmac` header over the exact `body`.
 */
export function checkCred(
  expected: DmAccount,
  nonce: Uint8Array,
  cred: Cred | undefined,
  locName: string | undefined,
  headers: DmHeaders,
  body: Uint8Array,
): CredCheck {
  if (expected.type === 'hmac') {
    const value = headers[HMAC_HEADER_NAME];
    if (value === undefined) return 'missing';
    try {
      const h = parseHmacHeader(value);
      if (h.username !== expected.username) return 'invalid';
      return verifyHmacHeader(h, { password: expected.password, nonce }, body) ? 'ok' : 'invalid';
    } catch (e) {
      if (isDecodeError(e)) return 'invalid';
      throw e;
    }
  }
  if (cred === undefined) return 'missing';
  const type = parseCredentialType(cred.meta?.type ?? CredentialType.Basic);
  try {
    if (expected.type === 'basic' && type === CredentialType.Basic) {
      const got = parseBasicCredential(cred.data);
      const enc = new TextEncoder();
      return got.username === expected.username &&
        constantTimeEqual(enc.encode(got.password), enc.encode(expected.password))
        ? 'ok'
        : 'invalid';
    }
    if (expected.type === 'md5' && type === CredentialType.Md5) {
      if (locName !== undefined && locName !== expected.username) return 'invalid';
      fromBase64(cred.data);
      return verifyMd5Credential(cred.data, expected.username, expected.password, nonce)
        ? 'ok'
        : 'invalid';
    }
  } catch (e) {
    if (isDecodeError(e)) return 'invalid';
    throw e;
  }
  return 'invalid';
}

/** A challenge for `type` with a fresh `nonce` (basic carries none). */
export function challenge(type: DmAuthType, nonce: Uint8Array): Chal {
  const t =
    type === 'basic'
      ? CredentialType.Basic
      : type === 'md5'
        ? CredentialType.Md5
        : CredentialType.Hmac;
  return type === 'basic'
    ? { meta: { type: t, format: 'b64' } }
    : { meta: { type: t, format: 'b64', nextNonce: nonce } };
}
