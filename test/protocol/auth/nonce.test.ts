import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeNonce,
  encodeNonce,
  generateNonce,
  isResyncNonce,
  resyncNonce,
} from '../../../protocol/auth/nonce.js';

describe('nonce', () => {
  it('takes exactly the requested bytes from the injected source', () => {
    const calls: number[] = [];
    const nonce = generateNonce((n) => {
      calls.push(n);
      return Uint8Array.from({ length: n }, (_, i) => i + 1);
    }, 8);
    expect(calls).toEqual([8]);
    expect([...nonce]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(generateNonce((n) => new Uint8Array(n)).length).toBe(16);
  });

  it('rejects a source that returns the wrong length and bad lengths', () => {
    expect(() => generateNonce(() => new Uint8Array(3), 4)).toThrow(TypeError);
    expect(() => generateNonce((n) => new Uint8Array(n), 0)).toThrow(RangeError);
    expect(() => generateNonce((n) => new Uint8Array(n), 256)).toThrow(RangeError);
  });

  it('encodes as base64 and decodes back, agreeing with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeNonce(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect([...decodeNonce(text)]).toEqual([...bytes]);
      }),
    );
  });

  it('decodes NextNonce text without padding or with line breaks', () => {
    expect([...decodeNonce('QUJDRA')]).toEqual([0x41, 0x42, 0x43, 0x44]);
    expect([...decodeNonce('QUJ\r\nD')]).toEqual([0x41, 0x42, 0x43]);
    expect(() => decodeNonce('QUJDR')).toThrow(/base64/);
    expect(() => decodeNonce('QU*D')).toThrow(/base64/);
  });

  it('is the resync nonce AAAAAA== only for 4 zero bytes', () => {
    expect(encodeNonce(resyncNonce())).toBe('AAAAAA==');
    expect(isResyncNonce(decodeNonce('AAAAAA=='))).toBe(true);
    expect(isResyncNonce(new Uint8Array(5))).toBe(false);
    expect(isResyncNonce(Uint8Array.of(0, 0, 0, 1))).toBe(false);
    const a = resyncNonce();
    a[0] = 9;
    expect(isResyncNonce(resyncNonce())).toBe(true);
  });
});
