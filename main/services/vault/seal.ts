/**
 * AES-256-GCM for small records (metadata, object names, wrapped keys): a fresh random
 * 12-byte IV per record and associated data that names what the record is and where it
 * belongs, so a record copied into another row or retrieval fails to authenticate.
 *
 * Record layout: version byte `1` | IV (12) | ciphertext | tag (16). Plaintexts are
 * padded to a multiple of 32 bytes (a length prefix, then zeros) so ciphertext lengths
 * say little about, say, how long a contact's name is.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { VaultIntegrityError } from './errors.js';
import { IV_LENGTH, freshIv } from './iv-pool.js';

const VERSION = 1;
const IV = IV_LENGTH;
const TAG = 16;
const PAD = 32;

/** A 32-byte subkey of `key` for `purpose` (HKDF-SHA-256), so keys are never reused across uses. */
export function subkey(key: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `cimo-vault:${purpose}`, 32));
}

/** Encrypts `plain` under `key`, binding `aad`. */
export function seal(key: Uint8Array, aad: string, plain: Uint8Array): Buffer {
  const padded = Buffer.alloc(Math.ceil((plain.length + 4) / PAD) * PAD);
  padded.writeUInt32BE(plain.length, 0);
  padded.set(plain, 4);
  const iv = freshIv();
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(padded), c.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, body, c.getAuthTag()]);
}

/** Decrypts a record made by {@link seal}; throws `VaultIntegrityError('auth-failed')` when it does not authenticate. */
export function unseal(key: Uint8Array, aad: string, record: Uint8Array): Buffer {
  const r = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  if (r.length < 1 + IV + TAG + PAD || r[0] !== VERSION)
    throw new VaultIntegrityError('auth-failed', `record for ${aad} is malformed`);
  const d = createDecipheriv('aes-256-gcm', key, r.subarray(1, 1 + IV));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(r.subarray(r.length - TAG));
  let padded: Buffer;
  try {
    padded = Buffer.concat([d.update(r.subarray(1 + IV, r.length - TAG)), d.final()]);
  } catch (e) {
    throw new VaultIntegrityError('auth-failed', `record for ${aad} does not authenticate`, {
      cause: e,
    });
  }
  const n = padded.readUInt32BE(0);
  if (n > padded.length - 4)
    throw new VaultIntegrityError('auth-failed', `record for ${aad} has a bad length`);
  return padded.subarray(4, 4 + n);
}

/** {@link seal} of a JSON value. */
export function sealJson(key: Uint8Array, aad: string, value: unknown): Buffer {
  return seal(key, aad, Buffer.from(JSON.stringify(value), 'utf8'));
}

/** {@link unseal} of a JSON value (the caller knows its shape: it sealed it). */
export function unsealJson<T>(key: Uint8Array, aad: string, record: Uint8Array): T {
  return JSON.parse(unseal(key, aad, record).toString('utf8')) as T;
}
