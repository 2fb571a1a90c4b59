import { describe, expect, it } from 'vitest';
import { Mutator } from './mutator.js';
import { createPrng } from './prng.js';

const SEEDS = [Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), new TextEncoder().encode('<SyncML/>')];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('mutator', () => {
  it('starts with the seeds and is reproducible from the seed', () => {
    const a = new Mutator(SEEDS, createPrng(42));
    const b = new Mutator(SEEDS, createPrng(42));
    const c = new Mutator(SEEDS, createPrng(43));
    expect(hex(a.next())).toBe(hex(SEEDS[0]!));
    expect(hex(a.next())).toBe(hex(SEEDS[1]!));
    b.next();
    b.next();
    c.next();
    c.next();
    const fromA = Array.from({ length: 200 }, () => hex(a.next()));
    expect(Array.from({ length: 200 }, () => hex(b.next()))).toEqual(fromA);
    expect(Array.from({ length: 200 }, () => hex(c.next()))).not.toEqual(fromA);
  });

  it('produces varied inputs: shorter, longer, empty and changed, within the length cap', () => {
    const m = new Mutator(SEEDS, createPrng(1), { maxLength: 40 });
    const outs = Array.from({ length: 5000 }, () => m.next()).slice(SEEDS.length);
    const lengths = outs.map((o) => o.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
    expect(lengths.some((n) => n === 0)).toBe(true);
    expect(lengths.some((n) => n > 9)).toBe(true);
    expect(lengths.some((n) => n < 8)).toBe(true);
    const distinct = new Set(outs.map(hex));
    expect(distinct.size).toBeGreaterThan(2500);
    expect(outs.some((o) => o.includes(0xff) || o.includes(0x80))).toBe(true);
  });

  it('refuses an empty seed list', () => {
    expect(() => new Mutator([], createPrng(1))).toThrow(TypeError);
  });
});
