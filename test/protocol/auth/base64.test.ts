import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode } from '../../../protocol/auth/base64.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

describe('base64', () => {
  it('agrees with Buffer in both directions', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const b = Buffer.from(bytes).toString('base64');
        expect(base64Encode(bytes)).toBe(b);
        expect(Buffer.from(base64Decode(b)).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('accepts whitespace and missing padding', () => {
    expect([...base64Decode(' QU\r\nJD\tRA ')]).toEqual([0x41, 0x42, 0x43, 0x44]);
    expect([...base64Decode('QUJDRA==')]).toEqual([0x41, 0x42, 0x43, 0x44]);
  });

  it('rejects foreign characters, data after padding and a dangling character', () => {
    for (const [text, offset] of [
      ['QU*D', 2],
      ['QQ==QQ', 4],
      ['QUJDR', 5],
    ] as const) {
      try {
        base64Decode(text);
        expect.unreachable(text);
      } catch (e) {
        expect(isDecodeError(e) && e.offset).toBe(offset);
      }
    }
  });

  it('either decodes or throws DecodeError for any string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          base64Decode(s);
        } catch (e) {
          expect(isDecodeError(e)).toBe(true);
        }
      }),
    );
  });
});
