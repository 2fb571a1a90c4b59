import { describe, expect, it } from 'vitest';
import { IV_LENGTH, freshIv } from '../../../../main/services/vault/iv-pool.js';

describe('IV pool', () => {
  it('hands out 12-byte IVs that never repeat, across many blocks', () => {
    const seen = new Set<string>();
    // 5,000 IVs: ten blocks of 512 and a part of the next.
    for (let i = 0; i < 5000; i++) {
      const iv = freshIv();
      expect(iv.length).toBe(IV_LENGTH);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(5000);
  });

  it('gives each caller its own copy: changing one IV changes no later one', () => {
    const a = freshIv();
    const before = freshIv();
    a.fill(0);
    const after = freshIv();
    expect(before.equals(Buffer.alloc(IV_LENGTH))).toBe(false);
    expect(after.equals(Buffer.alloc(IV_LENGTH))).toBe(false);
    expect(after.equals(before)).toBe(false);
  });
});
