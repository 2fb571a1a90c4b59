/**
 * The MD5 building blocks shared by the MD5 credential, the HMAC header and the package #0
 * digest (OMA DM Security 1.2 §5.1.4; PROTOCOL-FACTS §3.2 and §4).
 */
import { md5 } from '@noble/hashes/legacy.js';
import { toBase64 } from '../bytes/base64.js';
import { concatBytes } from '../bytes/concat.js';

const utf8 = new TextEncoder();
const COLON = new Uint8Array([0x3a]);

/** UTF-8 bytes of `text` (names and secrets are text in the DM tree). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** `MD5(bytes)`, 16 raw bytes. */
export function md5Bytes(bytes: Uint8Array): Uint8Array {
  return md5(bytes);
}

/** `B64(MD5(bytes))`: the 24-character text the nested formulas feed back into MD5. */
export function md5Base64(bytes: Uint8Array): string {
  return toBase64(md5(bytes));
}

/**
 * `B64(MD5(username ":" password))`, the "H(credentials)" that every MD5-based formula
 * starts from; for `Bruce2`/`OhBehave` it is `PtEdr8lBQ45IbT1bZIkrOQ==`.
 */
export function credentialHash(username: string, password: string): string {
  return md5Base64(utf8Bytes(`${username}:${password}`));
}

/**
 * `MD5(H ":" nonce [":" B64(MD5(body))])` as raw bytes, where H = {@link credentialHash}.
 * Without `body` this is the MD5 credential; with it, the HMAC and the package #0 digest.
 * The nonce is used as raw bytes (already base64-decoded from NextNonce).
 */
export function md5Chain(
  username: string,
  password: string,
  nonce: Uint8Array,
  body?: Uint8Array,
): Uint8Array {
  const head = utf8Bytes(credentialHash(username, password));
  const parts = [head, COLON, nonce];
  if (body !== undefined) parts.push(COLON, utf8Bytes(md5Base64(body)));
  return md5(concatBytes(...parts));
}
