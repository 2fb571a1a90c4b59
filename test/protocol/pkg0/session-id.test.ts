import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sessionIdFromHex, sessionIdToHex } from '../../../protocol/pkg0/session-id.js';

describe('session-id', () => {
  it('renders uppercase hex without leading zeros', () => {
    expect(sessionIdToHex(0x1234)).toBe('1234');
    expect(sessionIdToHex(0x00ab)).toBe('AB');
    expect(sessionIdToHex(0xffff)).toBe('FFFF');
    expect(sessionIdToHex(1)).toBe('1');
  });

  it('round-trips every 16-bit value through the text form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (n) => {
        const text = sessionIdToHex(n);
        expect(text).toMatch(/^(0|[1-9A-F][0-9A-F]{0,3})$/);
        expect(sessionIdFromHex(text)).toBe(n);
      }),
    );
  });

  it('rejects values and texts outside the 16-bit hex form', () => {
    expect(() => sessionIdToHex(0x10000)).toThrow(RangeError);
    expect(() => sessionIdToHex(-1)).toThrow(RangeError);
    expect(() => sessionIdToHex(1.5)).toThrow(RangeError);
    expect(sessionIdFromHex('00ab')).toBe(0xab);
    expect(sessionIdFromHex('12345')).toBeUndefined();
    expect(sessionIdFromHex('session-1')).toBeUndefined();
    expect(sessionIdFromHex('')).toBeUndefined();
  });
});
