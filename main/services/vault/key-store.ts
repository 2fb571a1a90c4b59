/**
 * `vault-key.json` on disk: loading (and unwrapping) the data key of an existing vault,
 * creating one for a new vault, and rewriting it for another key source. Writes go to a
 * temporary file renamed over the old one, so a crash never leaves a half-written key
 * record (which would lose the vault).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultKeyError } from './errors.js';
import { parseKeyRecord, unwrapDataKey, wrapDataKey } from './key-source.js';
import type { VaultKeySource } from './key-source.js';

/** Name of the wrapped-key record in the vault folder. */
export const KEY_RECORD = 'vault-key.json';

/**
 * The data key and vault id of the vault in `folder`: unwrapped from its record, or —
 * when there is no record and no index (`indexFile`) yet — newly made and saved wrapped
 * by `source`. A folder with an index but no record throws
 * `VaultKeyError('key-record-invalid')` rather than starting over with a new key.
 */
export async function loadOrCreateDataKey(
  folder: string,
  indexFile: string,
  source: VaultKeySource,
): Promise<{ dataKey: Buffer; vaultId: string }> {
  const path = join(folder, KEY_RECORD);
  if (existsSync(path)) {
    const record = parseKeyRecord(readFileSync(path, 'utf8'));
    return { dataKey: await unwrapDataKey(record, source), vaultId: record.vaultId };
  }
  if (existsSync(join(folder, indexFile)))
    throw new VaultKeyError(
      'key-record-invalid',
      `the vault index exists but ${KEY_RECORD} is missing`,
    );
  const vaultId = randomUUID();
  const dataKey = randomBytes(32);
  await saveDataKey(folder, dataKey, vaultId, source);
  return { dataKey, vaultId };
}

/** Wraps `dataKey` with `source` and replaces the record atomically. */
export async function saveDataKey(
  folder: string,
  dataKey: Buffer,
  vaultId: string,
  source: VaultKeySource,
): Promise<void> {
  const path = join(folder, KEY_RECORD);
  const text = JSON.stringify(await wrapDataKey(dataKey, vaultId, source));
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, path);
}
