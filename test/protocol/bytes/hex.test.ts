import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, hexDump, toHex } from '../../../protocol/bytes/hex.js';

describe('hex', () => {
  it('formats and parses with and without separators', () => {
    expect(toHex(Uint8Array.of(0xa4, 0x01, 0x6a))).toBe('a4016a');
    expect(toHex(Uint8Array.of(0xa4, 0x01), ' ')).toBe('a4 01');
    expect(Array.from(fromHex('A4 01:6a-ff'))).toEqual([0xa4, 0x01, 0x6a, 0xff]);
  });

  it('rejects odd digit counts and non-hex characters', () => {
    expect(() => fromHex('abc')).toThrow(
      expect.objectContaining({ reason: 'bad-value', offset: 3 }),
    );
    expect(() => fromHex('0g')).toThrow(expect.objectContaining({ offset: 1 }));
    expect(() => fromHex('a b')).toThrow(expect.objectContaining({ offset: 1 }));
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(Array.from(fromHex(toHex(b, ' ')))).toEqual(Array.from(b));
      }),
    );
  });

  it('dumps offset, 16 hex bytes and an ASCII column per line', () => {
    const bytes = Uint8Array.from(
      [...'SyncML'].map((c) => c.charCodeAt(0)).concat(Array(12).fill(0)),
    );
    const lines = hexDump(bytes, 0x100).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '00000100  53 79 6e 63 4d 4c 00 00  00 00 00 00 00 00 00 00  |SyncML..........|',
    );
    expect(lines[1]?.startsWith('00000110  00 00 ')).toBe(true);
    expect(lines[1]?.endsWith('|..|')).toBe(true);
    expect(hexDump(new Uint8Array(0))).toBe('');
  });
});
