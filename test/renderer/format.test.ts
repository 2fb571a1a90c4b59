import { describe, expect, it } from 'vitest';
import { formatCount } from '../../renderer/src/lib/format.js';

describe('formatCount', () => {
  it('groups thousands with commas, as English writes counts', () => {
    const cases = [0, 7, 999, 1000, 50_000, 1_234_567, -1234, 2 ** 40];
    expect(cases.map(formatCount)).toEqual(cases.map((n) => n.toLocaleString('en-US')));
  });

  it('leaves a non-integer as String() writes it', () => {
    expect(formatCount(1.5)).toBe('1.5');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});
