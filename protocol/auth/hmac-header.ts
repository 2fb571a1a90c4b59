/**
 * The `x-syncml-hmac` transport header (HTTP, WSP and OBEX alike): comma-separated
 * parameters `algorithm=MD5` (optional, default MD5), `username="<quoted>"` (required) and
 * `mac=<base64>` (required). OMA DM Security 1.2 §5.1.4.2; AOSP `DMServiceConnection.cc`
 * sends it without spaces, Motorola's `dm_tpt_connection.cc` with `, ` (PROTOCOL-FACTS §3.2).
 */
import { DecodeError, isDecodeError } from '../bytes/decode-error.js';
import { fromBase64 } from '../bytes/base64.js';

/** The header's name, lower case (HTTP header names are case-insensitive). */
export const HMAC_HEADER_NAME = 'x-syncml-hmac';

/** A parsed `x-syncml-hmac` value. Only MD5 is defined by DM 1.2. */
export interface HmacHeader {
  readonly algorithm: 'MD5';
  readonly username: string;
  /** Base64 text as received, validated, with any whitespace removed. */
  readonly mac: string;
}

const FORMAT = 'x-syncml-hmac';

/**
 * Formats a header value: `algorithm=MD5, username="<name>", mac=<mac>`. The user name is
 * a quoted string with `"` and `\` escaped by a backslash (RFC 9110 §5.6.4). Throws
 * `TypeError` for control characters in the user name or characters outside base64 in the
 * mac, which could otherwise split or forge the header.
 */
export function formatHmacHeader(header: HmacHeader): string {
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(header.username)) {
    throw new TypeError('username: control characters cannot be sent in a header');
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(header.mac)) throw new TypeError('mac: not base64');
  const quoted = header.username.replace(/["\\]/g, (c) => `\\${c}`);
  return `algorithm=${header.algorithm}, username="${quoted}", mac=${header.mac}`;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/**
 * Parses a header value tolerantly: parameters in any order, with or without spaces around
 * `,` and `=`, names case-insensitive, user name quoted (with backslash escapes) or bare,
 * algorithm optional (default MD5, any case), unknown parameters ignored, a leading
 * `x-syncml-hmac:` tolerated. Throws `DecodeError` (format `'x-syncml-hmac'`, offset =
 * character index) for broken syntax or an unterminated quote, a repeated parameter, a
 * missing user name or mac, a mac that is not base64, and `'unsupported'` for an
 * algorithm other than MD5.
 */
export function parseHmacHeader(value: string): HmacHeader {
  let i = 0;
  const prefix = /^\s*x-syncml-hmac\s*:/i.exec(value);
  if (prefix) i = prefix[0].length;
  const seen = new Map<string, { value: string; at: number }>();

  while (i < value.length) {
    while (isSpace(value[i]) || value[i] === ',') i++;
    if (i >= value.length) break;
    const nameAt = i;
    while (i < value.length && value[i] !== '=' && value[i] !== ',' && !isSpace(value[i])) i++;
    const name = value.slice(nameAt, i).toLowerCase();
    while (isSpace(value[i])) i++;
    if (value[i] !== '=') {
      throw new DecodeError(i, 'bad-value', `expected "=" after parameter "${name}"`, FORMAT);
    }
    i++;
    while (isSpace(value[i])) i++;
    const valueAt = i;
    let text: string;
    if (value[i] === '"') {
      i++;
      text = '';
      for (;;) {
        const c = value[i];
        if (c === undefined) {
          throw new DecodeError(value.length, 'truncated', 'unterminated quoted string', FORMAT);
        }
        i++;
        if (c === '"') break;
        if (c === '\\') {
          const next = value[i];
          if (next === undefined) {
            throw new DecodeError(value.length, 'truncated', 'unterminated quoted string', FORMAT);
          }
          text += next;
          i++;
        } else {
          text += c;
        }
      }
      while (isSpace(value[i])) i++;
      if (i < value.length && value[i] !== ',') {
        throw new DecodeError(i, 'bad-value', 'expected "," after quoted string', FORMAT);
      }
    } else {
      const comma = value.indexOf(',', i);
      const end = comma < 0 ? value.length : comma;
      text = value.slice(i, end).trim();
      i = end;
    }
    if (seen.has(name)) throw new DecodeError(nameAt, 'bad-value', `repeated "${name}"`, FORMAT);
    seen.set(name, { value: text, at: valueAt });
  }

  const algorithm = seen.get('algorithm');
  if (algorithm !== undefined && algorithm.value.toUpperCase() !== 'MD5') {
    throw new DecodeError(
      algorithm.at,
      'unsupported',
      `algorithm ${JSON.stringify(algorithm.value)} (only MD5 is defined)`,
      FORMAT,
    );
  }
  const username = seen.get('username');
  if (username === undefined) {
    throw new DecodeError(value.length, 'missing-element', 'no username parameter', FORMAT);
  }
  const mac = seen.get('mac');
  if (mac === undefined || mac.value === '') {
    throw new DecodeError(mac?.at ?? value.length, 'missing-element', 'no mac parameter', FORMAT);
  }
  try {
    fromBase64(mac.value);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    throw new DecodeError(mac.at + e.offset, 'bad-value', 'mac is not base64', FORMAT);
  }
  // Folded or padded header lines may put whitespace inside the base64; drop it.
  return { algorithm: 'MD5', username: username.value, mac: mac.value.replace(/\s+/g, '') };
}
