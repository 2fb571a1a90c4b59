/**
 * The vault's data key and the sources that wrap it.
 *
 * A random 32-byte data key encrypts everything (through subkeys). It is stored only
 * wrapped, in `vault-key.json` in the vault folder, by one of:
 *
 * - `safe-storage`: the OS keychain through Electron `safeStorage`, injected by the
 *   Electron shell as `encrypt`/`decrypt` of bytes (e.g. `b => safeStorage.encryptString(b.toString('base64'))`
 *   and `c => Buffer.from(safeStorage.decryptString(c), 'base64')`);
 * - `passphrase`: scrypt (N=2^17, r=8, p=1 by default; salt and parameters stored) derives
 *   a key-encryption key;
 * - `key-file`: a file of 32 random bytes (see {@link createKeyFile}) is the key-encryption
 *   key; keep it off the machine (a USB stick the store manager holds).
 *
 * A check value (HMAC of the vault id under the data key) is stored too, so a source
 * that "decrypts" to the wrong bytes (a different keychain) is caught before use.
 */
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { VaultIntegrityError, VaultKeyError } from './errors.js';
import { seal, unseal } from './seal.js';

/** Electron `safeStorage` (or any OS keychain) as two byte functions. */
export interface SafeStorageKeySource {
  readonly kind: 'safe-storage';
  encrypt(plain: Buffer): Buffer;
  decrypt(cipher: Buffer): Buffer;
}

/** An operator's passphrase. `cost` (scrypt N, a power of two) applies only when a vault is created. */
export interface PassphraseKeySource {
  readonly kind: 'passphrase';
  readonly passphrase: string;
  readonly cost?: number;
}

/** A file of exactly 32 random bytes. */
export interface KeyFileKeySource {
  readonly kind: 'key-file';
  readonly path: string;
}

/** Where the vault's key-encryption key comes from. */
export type VaultKeySource = SafeStorageKeySource | PassphraseKeySource | KeyFileKeySource;

/** The wrapped-key record (`vault-key.json`). */
export interface WrappedKeyRecord {
  readonly version: 1;
  readonly vaultId: string;
  readonly kind: VaultKeySource['kind'];
  /** scrypt parameters (passphrase only); salt in base64. */
  readonly scrypt?: {
    readonly salt: string;
    readonly N: number;
    readonly r: number;
    readonly p: number;
  };
  /** Base64 of the wrapped data key. */
  readonly wrapped: string;
  /** Hex HMAC-SHA-256 of the vault id under the data key. */
  readonly check: string;
}

const DEFAULT_N = 2 ** 17;

/**
 * Writes a new key file of 32 random bytes at `path` (mode 0600). Never overwrites:
 * an existing file throws `VaultKeyError('key-file-exists')` — losing a key file loses
 * the vault.
 */
export function createKeyFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EEXIST')
      throw new VaultKeyError('key-file-exists', 'a key file already exists there', { cause: e });
    throw new VaultKeyError('key-file-invalid', 'the key file cannot be created', { cause: e });
  }
  try {
    writeSync(fd, randomBytes(32));
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new VaultKeyError('key-file-invalid', 'the key file cannot be read', { cause: e });
  }
  if (bytes.length !== 32)
    throw new VaultKeyError('key-file-invalid', `the key file holds ${bytes.length} bytes, not 32`);
  return bytes;
}

function scrypt(pass: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      pass.normalize('NFC'),
      salt,
      32,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (e, k) => (e === null ? resolve(k) : reject(e)),
    ),
  );
}

function checkValue(dataKey: Uint8Array, vaultId: string): string {
  return createHmac('sha256', dataKey).update(`cimo-vault-key-check:${vaultId}`).digest('hex');
}

const aadFor = (vaultId: string, kind: string): string => `key|${vaultId}|${kind}`;

/** Wraps `dataKey` with `source` for the vault `vaultId`. */
export async function wrapDataKey(
  dataKey: Buffer,
  vaultId: string,
  source: VaultKeySource,
): Promise<WrappedKeyRecord> {
  const base = {
    version: 1 as const,
    vaultId,
    kind: source.kind,
    check: checkValue(dataKey, vaultId),
  };
  switch (source.kind) {
    case 'safe-storage':
      return { ...base, wrapped: source.encrypt(Buffer.from(dataKey)).toString('base64') };
    case 'key-file':
      return {
        ...base,
        wrapped: seal(readKeyFile(source.path), aadFor(vaultId, 'key-file'), dataKey).toString(
          'base64',
        ),
      };
    case 'passphrase': {
      if (source.passphrase === '')
        throw new VaultKeyError('empty-passphrase', 'the passphrase is empty');
      const params = { salt: randomBytes(16), N: source.cost ?? DEFAULT_N, r: 8, p: 1 };
      const kek = await scrypt(source.passphrase, params.salt, params.N, params.r, params.p);
      return {
        ...base,
        scrypt: { ...params, salt: params.salt.toString('base64') },
        wrapped: seal(kek, aadFor(vaultId, 'passphrase'), dataKey).toString('base64'),
      };
    }
  }
}

/**
 * Unwraps the data key. Throws `VaultKeyError`: `key-source-mismatch` when the record was
 * made by another kind of source, `wrong-key` when the source does not open it (wrong
 * passphrase, another key file, another keychain), `key-file-invalid`, `key-record-invalid`.
 */
export async function unwrapDataKey(
  record: WrappedKeyRecord,
  source: VaultKeySource,
): Promise<Buffer> {
  if (record.kind !== source.kind)
    throw new VaultKeyError(
      'key-source-mismatch',
      `this vault is opened with a ${record.kind} key, not a ${source.kind} key`,
    );
  const wrapped = Buffer.from(record.wrapped, 'base64');
  let key: Buffer;
  try {
    switch (source.kind) {
      case 'safe-storage':
        key = Buffer.from(source.decrypt(wrapped));
        break;
      case 'key-file':
        key = unseal(readKeyFile(source.path), aadFor(record.vaultId, 'key-file'), wrapped);
        break;
      case 'passphrase': {
        const s = record.scrypt;
        if (s === undefined)
          throw new VaultKeyError('key-record-invalid', 'scrypt parameters are missing');
        const kek = await scrypt(source.passphrase, Buffer.from(s.salt, 'base64'), s.N, s.r, s.p);
        key = unseal(kek, aadFor(record.vaultId, 'passphrase'), wrapped);
        break;
      }
    }
  } catch (e) {
    if (e instanceof VaultKeyError) throw e;
    if (e instanceof VaultIntegrityError || source.kind === 'safe-storage')
      throw new VaultKeyError('wrong-key', 'the key source does not open this vault', { cause: e });
    throw e;
  }
  const expected = Buffer.from(record.check, 'hex');
  const actual = Buffer.from(checkValue(key, record.vaultId), 'hex');
  if (key.length !== 32 || expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new VaultKeyError('wrong-key', 'the key source does not open this vault');
  return key;
}

/** Parses and shape-checks `vault-key.json`; throws `VaultKeyError('key-record-invalid')`. */
export function parseKeyRecord(text: string): WrappedKeyRecord {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new VaultKeyError('key-record-invalid', 'vault-key.json is not JSON', { cause: e });
  }
  const o = v as Partial<Record<keyof WrappedKeyRecord, unknown>>;
  const kinds: readonly unknown[] = ['safe-storage', 'passphrase', 'key-file'];
  if (
    typeof v !== 'object' ||
    v === null ||
    o.version !== 1 ||
    typeof o.vaultId !== 'string' ||
    !kinds.includes(o.kind) ||
    typeof o.wrapped !== 'string' ||
    typeof o.check !== 'string'
  )
    throw new VaultKeyError(
      'key-record-invalid',
      'vault-key.json lacks fields or has an unknown version',
    );
  return v as WrappedKeyRecord;
}
