import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLatin1,
  decodeUtf8,
  encodeUtf8,
  utf8ByteLength,
} from '../../../protocol/bytes/utf8.js';

describe('utf8', () => {
  it('round-trips text including astral characters', () => {
    const s = 'Grüße 😀 ./DevInfo';
    expect(decodeUtf8(encodeUtf8(s))).toBe(s);
  });

  it('counts UTF-8 bytes exactly as the encoder writes them, lone surrogates included', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8ByteLength('\ud800x\udc00')).toBe(3 + 1 + 3);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8ByteLength(s)).toBe(encodeUtf8(s).length);
      }),
    );
  });

  it('throws bad-utf8 with the caller offset for malformed input', () => {
    expect(() => decodeUtf8(Uint8Array.of(0x61, 0xc3), 40, 'wbxml')).toThrow(
      expect.objectContaining({ reason: 'bad-utf8', offset: 40, format: 'wbxml' }),
    );
    // An encoded surrogate (ED A0 80) is not valid UTF-8.
    expect(() => decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toThrow(
      expect.objectContaining({ reason: 'bad-utf8' }),
    );
  });

  it('decodes Latin-1 byte for byte, including 0x80-0x9F', () => {
    expect(decodeLatin1(Uint8Array.of(0x41, 0x80, 0xe9, 0xff))).toBe('A\u0080\u00e9\u00ff');
  });
});
