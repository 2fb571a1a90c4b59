import { describe, expect, it } from 'vitest';
import { ByteStream, Prng } from '../../../handset/data/prng.js';

describe('Prng', () => {
  it('is a pure function of the seed; forks are independent of call order', () => {
    const a = new Prng(5);
    const b = new Prng(5);
    expect(Array.from({ length: 20 }, () => a.u32())).toEqual(
      Array.from({ length: 20 }, () => b.u32()),
    );
    const x = new Prng(5);
    const y = new Prng(5);
    x.u32();
    expect(x.fork('photos').u32()).toBe(y.fork('photos').u32());
    expect(new Prng(5).fork('a').u32()).not.toBe(new Prng(5).fork('b').u32());
    expect(new Prng(5).u32()).not.toBe(new Prng(6).u32());
  });

  it('int stays in range and covers it', () => {
    const r = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it('ByteStream is keyed by seed and label, and chunking does not change it', () => {
    const whole = new ByteStream(1, 'v').take(1000);
    const s = new ByteStream(1, 'v');
    expect(Buffer.concat([s.take(10), s.take(990)]).equals(whole)).toBe(true);
    expect(new ByteStream(2, 'v').take(1000).equals(whole)).toBe(false);
    expect(new ByteStream(1, 'w').take(1000).equals(whole)).toBe(false);
  });
});
