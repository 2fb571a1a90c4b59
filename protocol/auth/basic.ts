/**
 * `syncml:auth-basic` credentials: `Data = B64(username ":" password)` (SyncML RepPro 1.2
 * §5.1; PROTOCOL-FACTS §3.2 — `Bruce2`/`OhBehave` → `QnJ1Y2UyOk9oQmVoYXZl`).
 */
import { DecodeError } from '../bytes/decode-error.js';
import { fromBase64, toBase64 } from '../bytes/base64.js';
import { utf8Bytes } from './md5.js';

/** A user name and password pair. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Builds the Cred Data for basic authentication. The user name must not contain `:`
 * (the format could not be split again), which throws `TypeError`.
 */
export function buildBasicCredential(username: string, password: string): string {
  if (username.includes(':')) throw new TypeError('username: must not contain ":"');
  return toBase64(utf8Bytes(`${username}:${password}`));
}

/**
 * Parses basic Cred Data back into user name and password. The user name ends at the
 * first `:` and the password may contain more. Throws `DecodeError` (format `'auth-basic'`)
 * for bad base64, bytes that are not UTF-8, or text without a `:`.
 */
export function parseBasicCredential(data: string): BasicCredentials {
  const bytes = fromBase64(data);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DecodeError(0, 'bad-utf8', 'basic credential is not UTF-8', 'auth-basic');
  }
  const colon = text.indexOf(':');
  if (colon < 0) throw new DecodeError(0, 'bad-value', 'basic credential has no ":"', 'auth-basic');
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
