import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault, createKeyFile, isVaultKeyError } from '../../../../main/services/vault/index.js';
import type { VaultKeySource } from '../../../../main/services/vault/index.js';
import { manifestOf, quickPass, tempFolder, toyKeychain } from './vault-support.js';

const VCARD = new TextEncoder().encode(
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\nEND:VCARD\r\n',
);

async function keyErrorCode(dir: string, source: VaultKeySource): Promise<string> {
  try {
    (await Vault.open(dir, source)).close();
    return 'opened';
  } catch (e) {
    return isVaultKeyError(e) ? e.code : String(e);
  }
}

/** Creates a vault with one stored object, closes it. */
async function seed(dir: string, source: VaultKeySource): Promise<string> {
  const vault = await Vault.open(dir, source);
  const fixture = { info: 'PhoneBook', name: 'contacts.vcf', type: 'text/vcard', bytes: VCARD };
  const id = vault.beginRetrieval({
    imei: '356938035643809',
    correlator: 'c',
    manifest: manifestOf([fixture]),
  });
  await vault.storeObject(id, 0, VCARD);
  vault.finish(id);
  vault.close();
  return id;
}

async function readBack(dir: string, source: VaultKeySource, id: string): Promise<string> {
  const vault = await Vault.open(dir, source);
  try {
    return (await vault.readObject(id, 0)).toString('utf8');
  } finally {
    vault.close();
  }
}

describe('vault keys', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempFolder());
  });
  afterEach(() => cleanup());

  it('opens with the right passphrase (default scrypt cost) and refuses a wrong one', async () => {
    const id = await seed(dir, { kind: 'passphrase', passphrase: 'Störe-Secret 1' });
    expect(await readBack(dir, { kind: 'passphrase', passphrase: 'Störe-Secret 1' }, id)).toContain(
      'Ann Example',
    );
    expect(await keyErrorCode(dir, { kind: 'passphrase', passphrase: 'Store-Secret 1' })).toBe(
      'wrong-key',
    );
    expect(await keyErrorCode(dir, { kind: 'passphrase', passphrase: '' })).toBe('wrong-key');
  }, 120_000);

  it('refuses to create a vault with an empty passphrase', async () => {
    expect(await keyErrorCode(dir, { kind: 'passphrase', passphrase: '' })).toBe(
      'empty-passphrase',
    );
  });

  it('opens with its key file and refuses another, a short one, and overwriting one', async () => {
    const keys = tempFolder();
    try {
      const keyPath = join(keys.dir, 'vault.key');
      const other = join(keys.dir, 'other.key');
      createKeyFile(keyPath);
      createKeyFile(other);
      const id = await seed(dir, { kind: 'key-file', path: keyPath });
      expect(await readBack(dir, { kind: 'key-file', path: keyPath }, id)).toContain('Ann Example');
      expect(await keyErrorCode(dir, { kind: 'key-file', path: other })).toBe('wrong-key');
      writeFileSync(other, Buffer.alloc(31));
      expect(await keyErrorCode(dir, { kind: 'key-file', path: other })).toBe('key-file-invalid');
      let code = '';
      try {
        createKeyFile(keyPath);
      } catch (e) {
        code = isVaultKeyError(e) ? e.code : String(e);
      }
      expect(code).toBe('key-file-exists');
    } finally {
      keys.cleanup();
    }
  });

  it('opens through an injected safeStorage pair and refuses another keychain', async () => {
    const keychain = toyKeychain();
    const id = await seed(dir, keychain);
    expect(await readBack(dir, keychain, id)).toContain('Ann Example');
    expect(await keyErrorCode(dir, toyKeychain())).toBe('wrong-key');
  });

  it('refuses a key source of another kind than the vault was made with', async () => {
    await seed(dir, quickPass());
    expect(await keyErrorCode(dir, toyKeychain())).toBe('key-source-mismatch');
  });

  it('rewraps the data key for a new source; the data stays readable', async () => {
    const id = await seed(dir, quickPass());
    const keychain = toyKeychain();
    const vault = await Vault.open(dir, quickPass());
    await vault.changeKeySource(keychain);
    vault.close();
    expect(await readBack(dir, keychain, id)).toContain('Ann Example');
    expect(await keyErrorCode(dir, quickPass())).toBe('key-source-mismatch');
  });
});
