/**
 * Errors of the vault. Each has a `code` and a boolean discriminant (for catch blocks
 * and the IPC gateway, which sends errors as `{name, code, message}`). Messages never
 * contain customer data: no object names, no contact fields.
 */

/** Codes of {@link VaultKeyError}. */
export type VaultKeyCode =
  /** The passphrase, key file or safeStorage did not unwrap the vault's data key. */
  | 'wrong-key'
  /** The vault was created with another kind of key source. */
  | 'key-source-mismatch'
  /** The key file is missing, unreadable or not 32 bytes. */
  | 'key-file-invalid'
  /** A key file already exists where one was to be created. */
  | 'key-file-exists'
  /** The vault's wrapped-key file is damaged or of an unknown version. */
  | 'key-record-invalid'
  /** An empty passphrase. */
  | 'empty-passphrase';

/** The vault's key could not be obtained; nothing was decrypted. */
export class VaultKeyError extends Error {
  override readonly name = 'VaultKeyError';
  /** Discriminant for catch blocks. */
  readonly vaultKeyError = true;
  constructor(
    readonly code: VaultKeyCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`vault key: ${detail}`, options);
  }
}

/** Codes of {@link VaultIntegrityError}. */
export type VaultIntegrityCode =
  /** AES-GCM authentication failed: the blob or record was altered, swapped or truncated. */
  | 'auth-failed'
  /** A blob file is missing or its framing is invalid. */
  | 'blob-damaged';

/** Stored ciphertext did not authenticate; the data is not returned. */
export class VaultIntegrityError extends Error {
  override readonly name = 'VaultIntegrityError';
  /** Discriminant for catch blocks. */
  readonly vaultIntegrityError = true;
  constructor(
    readonly code: VaultIntegrityCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`vault integrity: ${detail}`, options);
  }
}

/** Codes of {@link VaultStateError}. */
export type VaultStateCode =
  | 'unknown-retrieval'
  | 'unknown-object'
  | 'retrieval-finished'
  | 'already-stored'
  | 'busy'
  | 'not-stored'
  | 'closed'
  | 'bad-argument';

/** The vault was asked for something that does not exist or is not allowed now. */
export class VaultStateError extends Error {
  override readonly name = 'VaultStateError';
  /** Discriminant for catch blocks. */
  readonly vaultStateError = true;
  constructor(
    readonly code: VaultStateCode,
    detail: string,
  ) {
    super(`vault: ${detail}`);
  }
}

/** Codes of {@link VaultExportError}. */
export type VaultExportCode = 'target-not-directory' | 'write-failed';

/** Exporting for the customer failed; files written so far stay. */
export class VaultExportError extends Error {
  override readonly name = 'VaultExportError';
  /** Discriminant for catch blocks. */
  readonly vaultExportError = true;
  constructor(
    readonly code: VaultExportCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`vault export: ${detail}`, options);
  }
}

function flag(e: unknown, name: string): boolean {
  return typeof e === 'object' && e !== null && (e as Record<string, unknown>)[name] === true;
}

/** True for {@link VaultKeyError} (also across module copies). */
export const isVaultKeyError = (e: unknown): e is VaultKeyError => flag(e, 'vaultKeyError');
/** True for {@link VaultIntegrityError} (also across module copies). */
export const isVaultIntegrityError = (e: unknown): e is VaultIntegrityError =>
  flag(e, 'vaultIntegrityError');
/** True for {@link VaultStateError} (also across module copies). */
export const isVaultStateError = (e: unknown): e is VaultStateError => flag(e, 'vaultStateError');
/** True for {@link VaultExportError} (also across module copies). */
export const isVaultExportError = (e: unknown): e is VaultExportError =>
  flag(e, 'vaultExportError');
