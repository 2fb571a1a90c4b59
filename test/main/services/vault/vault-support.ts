/** Fixtures for the vault tests: temp folders, manifests built from real bytes, a toy keychain. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../../../protocol/cimo/index.js';
import type { RetrievalManifest } from '../../../../protocol/cimo/index.js';
import { afterEach, beforeEach } from 'vitest';
import { Vault } from '../../../../main/services/vault/index.js';
import type { SafeStorageKeySource } from '../../../../main/services/vault/index.js';

/** A fresh temp folder; `cleanup` removes it. */
export function tempFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-vault-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An object to put in a manifest, with its real bytes. */
export interface Fixture {
  readonly info: string;
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** A manifest listing `objects` with their true sizes and digests. */
export function manifestOf(
  objects: readonly Fixture[],
  correlator = 'retrieve-1',
): RetrievalManifest {
  return {
    correlator,
    created: '2025-03-01T10:00:00Z',
    objects: objects.map((o) => ({
      info: o.info,
      name: o.name,
      type: o.type,
      size: o.bytes.length,
      sha256: sha256Hex(o.bytes),
    })),
  };
}

/**
 * A stand-in for Electron `safeStorage`: AES-256-GCM under a key held in memory, which
 * throws on ciphertext from another "keychain" as the real one does.
 */
export function toyKeychain(): SafeStorageKeySource {
  const key = randomBytes(32);
  return {
    kind: 'safe-storage',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
    },
    decrypt(cipher) {
      const d = createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(cipher.length - 16));
      return Buffer.concat([d.update(cipher.subarray(12, cipher.length - 16)), d.final()]);
    },
  };
}

/** A fast passphrase source (scrypt N=2^12) for tests that are not about the KDF. */
export const quickPass = (
  passphrase = 'correct horse',
): { kind: 'passphrase'; passphrase: string; cost: number } => ({
  kind: 'passphrase',
  passphrase,
  cost: 2 ** 12,
});

/**
 * A fresh vault in a temp folder for every test of the calling `describe`: opened with
 * {@link quickPass} before each test, closed and removed after. Read `.vault` inside tests.
 */
export function vaultPerTest(): { readonly vault: Vault; readonly dir: string } {
  let current: { vault: Vault; dir: string; cleanup: () => void } | undefined;
  beforeEach(async () => {
    const { dir, cleanup } = tempFolder();
    current = { vault: await Vault.open(dir, quickPass()), dir, cleanup };
  });
  afterEach(() => {
    current?.vault.close();
    current?.cleanup();
    current = undefined;
  });
  const now = (): { vault: Vault; dir: string } => {
    if (current === undefined) throw new Error('vaultPerTest: read it inside a test');
    return current;
  };
  return {
    get vault() {
      return now().vault;
    },
    get dir() {
      return now().dir;
    },
  };
}
