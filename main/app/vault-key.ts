import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createKeyFile } from '../services/vault/index.js';
import type { VaultKeySource } from '../services/vault/index.js';
import { defaultVaultKeyFile } from './paths.js';

/**
 * The vault key source for a shell without safeStorage: a passphrase from
 * `$CIMO_VAULT_PASSPHRASE`, a key file the operator names, or the default key file
 * (created with mode 0600 on first use, and said so on `log`).
 */
export function vaultKeyFromEnvironment(
  keyFile: string | undefined,
  log: (line: string) => void,
): VaultKeySource {
  const passphrase = process.env['CIMO_VAULT_PASSPHRASE'];
  if (passphrase !== undefined && passphrase !== '') return { kind: 'passphrase', passphrase };
  const path = keyFile ?? defaultVaultKeyFile();
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    createKeyFile(path);
    log(`created the vault key file ${path} (keep it safe: without it the vault cannot be read)`);
  }
  return { kind: 'key-file', path };
}
