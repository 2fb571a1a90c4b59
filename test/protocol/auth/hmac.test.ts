import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeHmac,
  signHmac,
  verifyHmac,
  verifyHmacHeader,
} from '../../../protocol/auth/hmac.js';
import { parseHmacHeader } from '../../../protocol/auth/hmac-header.js';

const enc = new TextEncoder();

function oracle(user: string, pass: string, nonce: Uint8Array, body: Uint8Array): string {
  const h = createHash('md5').update(`${user}:${pass}`, 'utf8').digest('base64');
  const b = createHash('md5').update(body).digest('base64');
  return createHash('md5').update(`${h}:`).update(nonce).update(`:${b}`).digest('base64');
}

describe('hmac', () => {
  it('matches the computed example when given user/pass/nonce123/<SyncML/>', () => {
    const mac = computeHmac({
      username: 'user',
      password: 'pass',
      nonce: enc.encode('nonce123'),
      body: enc.encode('<SyncML/>'),
    });
    expect(mac).toBe('wfUTueHLqIoIHcgxhgpkSQ==');
  });

  it('agrees with node:crypto on random inputs', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.uint8Array({ maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (username, password, nonce, body) => {
          expect(computeHmac({ username, password, nonce, body })).toBe(
            oracle(username, password, nonce, body),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('verifies a signed header and fails when one body byte changes', () => {
    const input = {
      username: 'Robert "Bob" Jordan',
      password: 'secret',
      nonce: new Uint8Array([1, 2, 3, 4]),
      body: enc.encode('<SyncML><SyncHdr/></SyncML>'),
    };
    const header = parseHmacHeader(signHmac(input));
    expect(header.username).toBe(input.username);
    expect(verifyHmacHeader(header, input, input.body)).toBe(true);
    const tampered = input.body.slice();
    tampered[3] = (tampered[3] ?? 0) ^ 1;
    expect(verifyHmacHeader(header, input, tampered)).toBe(false);
    expect(verifyHmacHeader(header, { ...input, password: 'Secret' }, input.body)).toBe(false);
  });

  it('returns false when the mac is not base64 or has the wrong length', () => {
    const input = {
      username: 'u',
      password: 'p',
      nonce: new Uint8Array(4),
      body: new Uint8Array(),
    };
    expect(verifyHmac('not*base64', input)).toBe(false);
    expect(verifyHmac('AAAA', input)).toBe(false);
  });
});
