import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMd5Credential, verifyMd5Credential } from '../../../protocol/auth/md5-digest.js';
import { credentialHash } from '../../../protocol/auth/md5.js';

const enc = new TextEncoder();

/** Independent oracle: the formula written with node:crypto. */
function oracle(user: string, pass: string, nonce: Uint8Array): string {
  const h = createHash('md5').update(`${user}:${pass}`, 'utf8').digest('base64');
  return createHash('md5').update(h, 'utf8').update(':').update(nonce).digest('base64');
}

describe('md5-digest', () => {
  it('matches the spec example when given Bruce2/OhBehave/Nonce', () => {
    expect(credentialHash('Bruce2', 'OhBehave')).toBe('PtEdr8lBQ45IbT1bZIkrOQ==');
    expect(buildMd5Credential('Bruce2', 'OhBehave', enc.encode('Nonce'))).toBe(
      'Zz6EivR3yeaaENcRN6lpAQ==',
    );
  });

  it('agrees with node:crypto on random credentials and binary nonces', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.uint8Array({ maxLength: 40 }), (u, p, n) => {
        expect(buildMd5Credential(u, p, n)).toBe(oracle(u, p, n));
      }),
      { numRuns: 300 },
    );
  });

  it('verifies its own credential and rejects a wrong password, nonce or garbage', () => {
    const nonce = enc.encode('Nonce');
    const data = buildMd5Credential('Bruce2', 'OhBehave', nonce);
    expect(verifyMd5Credential(data, 'Bruce2', 'OhBehave', nonce)).toBe(true);
    expect(verifyMd5Credential(data, 'Bruce2', 'OhBehavf', nonce)).toBe(false);
    expect(verifyMd5Credential(data, 'Bruce2', 'OhBehave', enc.encode('Nonc'))).toBe(false);
    expect(verifyMd5Credential('%%%', 'Bruce2', 'OhBehave', nonce)).toBe(false);
    expect(verifyMd5Credential('', 'Bruce2', 'OhBehave', nonce)).toBe(false);
  });
});
