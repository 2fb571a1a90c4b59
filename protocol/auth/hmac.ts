/**
 * `syncml:auth-MAC` integrity: `mac = B64(MD5(B64(MD5(username ":" password)) ":" nonce ":"
 * B64(MD5(body))))` over the exact transported body bytes, WBXML or XML (OMA DM Security
 * 1.2 §5.1.4.2; AOSP `dm_security.c`; PROTOCOL-FACTS §3.2 — `user`/`pass`/`nonce123`/
 * `<SyncML/>` → `wfUTueHLqIoIHcgxhgpkSQ==`).
 */
import { isDecodeError } from '../bytes/decode-error.js';
import { fromBase64, toBase64 } from '../bytes/base64.js';
import { constantTimeEqual } from './constant-time.js';
import type { HmacHeader } from './hmac-header.js';
import { formatHmacHeader } from './hmac-header.js';
import { md5Chain } from './md5.js';

/** What the MAC is computed from. `body` is the exact message bytes as sent. */
export interface HmacInput {
  readonly username: string;
  readonly password: string;
  readonly nonce: Uint8Array;
  readonly body: Uint8Array;
}

/** The MAC for `input`, base64 (24 characters). */
export function computeHmac(input: HmacInput): string {
  return toBase64(md5Chain(input.username, input.password, input.nonce, input.body));
}

/**
 * The complete `x-syncml-hmac` header value for a message:
 * `algorithm=MD5, username="<name>", mac=<b64>`.
 */
export function signHmac(input: HmacInput): string {
  return formatHmacHeader({ algorithm: 'MD5', username: input.username, mac: computeHmac(input) });
}

/**
 * True when `mac` (base64, as received) is the MAC of `input`. Constant-time compare of
 * the 16 decoded bytes; a mac that is not base64 is false, not an error.
 */
export function verifyHmac(mac: string, input: HmacInput): boolean {
  let received: Uint8Array;
  try {
    received = fromBase64(mac);
  } catch (e) {
    if (isDecodeError(e)) return false;
    throw e;
  }
  return constantTimeEqual(
    received,
    md5Chain(input.username, input.password, input.nonce, input.body),
  );
}

/**
 * Verifies a parsed header against the body and the secret stored for `header.username`
 * (look it up first: the user name in the header selects the account). The user name
 * that enters the MAC is the header's.
 */
export function verifyHmacHeader(
  header: HmacHeader,
  secret: { readonly password: string; readonly nonce: Uint8Array },
  body: Uint8Array,
): boolean {
  return verifyHmac(header.mac, {
    username: header.username,
    password: secret.password,
    nonce: secret.nonce,
    body,
  });
}
