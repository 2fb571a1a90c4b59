import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64, toBase64 } from '../../../protocol/bytes/base64.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('base64', () => {
  it('encodes the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
      ['Bruce2:OhBehave', 'QnJ1Y2UyOk9oQmVoYXZl'],
    ];
    for (const [plain, b64] of vectors) {
      expect(toBase64(ascii(plain))).toBe(b64);
      expect(Array.from(fromBase64(b64))).toEqual(Array.from(ascii(plain)));
    }
  });

  it('ignores whitespace and line breaks', () => {
    expect(Array.from(fromBase64(' Zm9v\r\nYmFy\t'))).toEqual(Array.from(ascii('foobar')));
  });

  it('rejects bad characters, misplaced padding, bad length and stray bits with offsets', () => {
    expect(() => fromBase64('Zm9v!mFy')).toThrow(expect.objectContaining({ offset: 4 }));
    expect(() => fromBase64('Zg=a')).toThrow(expect.objectContaining({ reason: 'bad-value' }));
    expect(() => fromBase64('Zm9')).toThrow(expect.objectContaining({ reason: 'bad-value' }));
    expect(() => fromBase64('Zh==')).toThrow(expect.objectContaining({ reason: 'bad-value' }));
    expect(() => fromBase64('Z===')).toThrow(expect.objectContaining({ reason: 'bad-value' }));
  });

  it('round-trips arbitrary bytes and matches Node Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = toBase64(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(fromBase64(s))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('either decodes or throws DecodeError for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          fromBase64(s);
        } catch (e) {
          expect(isDecodeError(e)).toBe(true);
        }
      }),
    );
  });
});
