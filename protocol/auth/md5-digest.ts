/**
 * `syncml:auth-md5` credentials: `Data = B64(MD5(B64(MD5(username ":" password)) ":" nonce))`
 * with the nonce as raw bytes (OMA DM Protocol 1.2 §"Authentication"; PROTOCOL-FACTS §3.2 —
 * `Bruce2`/`OhBehave`/`Nonce` → `Zz6EivR3yeaaENcRN6lpAQ==`).
 */
import { isDecodeError } from '../bytes/decode-error.js';
import { fromBase64, toBase64 } from '../bytes/base64.js';
import { constantTimeEqual } from './constant-time.js';
import { md5Chain } from './md5.js';

/** Builds the Cred Data for MD5 digest authentication. */
export function buildMd5Credential(username: string, password: string, nonce: Uint8Array): string {
  return toBase64(md5Chain(username, password, nonce));
}

/**
 * True when `data` (the received Cred Data) is the MD5 digest of these credentials and
 * nonce. Compares the decoded 16 bytes in constant time; data that is not base64 is
 * simply wrong (false), not an error.
 */
export function verifyMd5Credential(
  data: string,
  username: string,
  password: string,
  nonce: Uint8Array,
): boolean {
  let received: Uint8Array;
  try {
    received = fromBase64(data);
  } catch (e) {
    if (isDecodeError(e)) return false;
    throw e;
  }
  return constantTimeEqual(received, md5Chain(username, password, nonce));
}
