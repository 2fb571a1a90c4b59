import { describe, expect, it } from 'vitest';
import { comparePlain, isPlainName } from '../../renderer/src/lib/tree-model.js';

/** The collator the tree browser orders by, in the language whose order comparePlain encodes. */
const collator = new Intl.Collator('en', { numeric: true });

/** A deterministic generator (xorshift32), so a failure names a reproducible pair. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A plain name: runs of letters (either case) and of digits (no leading zero). */
function plainName(r: () => number): string {
  const alphabet = 'aAbBzZyYkKmMqQ';
  let s = '';
  const parts = 1 + Math.floor(r() * 4);
  for (let p = 0; p < parts; p++) {
    if (r() < 0.4) s += String(Math.floor(r() * (r() < 0.5 ? 12 : 1e6)));
    else
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--)
        s += alphabet[Math.floor(r() * alphabet.length)] ?? 'a';
  }
  return s;
}

const sign = (x: number): number => Math.sign(x);

describe('comparePlain', () => {
  it('orders plain names exactly as the numeric collator does', () => {
    const names = [
      'a',
      'A',
      'b',
      'B',
      'ab',
      'aB',
      'Ab',
      'AB',
      'abc',
      'a1',
      'a2',
      'a10',
      'a9b',
      'a10a',
      'A1',
      '1',
      '2',
      '9',
      '10',
      '100',
      '0',
      '1a',
      '1A',
      'a0',
      'K3',
      'K12',
      'Meta',
      'meta',
      'File9',
      'File10',
      'File2345',
      'Contact1234',
      'Contact12',
      'DevInfo',
      'DevDetail',
      'Z',
      'z',
      'Zz',
      'zZ',
      'x1y2',
      'x1y10',
      'x12y',
      '123456789012345678901234567890',
      '123456789012345678901234567891',
      '99999999999999999999',
      'a99999999999999999999b',
    ];
    for (const x of names) {
      expect(isPlainName(x)).toBe(true);
      for (const y of names)
        expect([x, y, sign(comparePlain(x, y))]).toEqual([x, y, sign(collator.compare(x, y))]);
    }
  });

  it('agrees with the collator on 20,000 random pairs of plain names', () => {
    const r = rng(0x9e3779b9);
    let disagree: [string, string][] = [];
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = plainName(r);
      // Half the pairs share a prefix, so later runs and case decide.
      const y = r() < 0.5 ? plainName(r) : x.slice(0, Math.floor(r() * x.length)) + plainName(r);
      // Two runs of digits drawn next to each other can make a leading zero: not plain.
      if (!isPlainName(x) || !isPlainName(y)) continue;
      compared++;
      if (sign(comparePlain(x, y)) !== sign(collator.compare(x, y))) disagree.push([x, y]);
    }
    expect(compared).toBeGreaterThan(19_000);
    disagree = disagree.slice(0, 5);
    expect(disagree).toEqual([]);
  });

  it('leaves to the collator names it cannot order alone', () => {
    for (const s of ['01', 'a007', 'a-b', 'a_b', 'a.b', 'a b', 'é', 'ß', '', '1'.repeat(101)])
      expect([s, isPlainName(s)]).toEqual([s, s === '']);
    expect(isPlainName('a0b')).toBe(true);
    expect(isPlainName('a100b')).toBe(true);
  });
});
