import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { exercise } from './exercise.js';
import { Mutator } from './mutator.js';
import { createPrng } from './prng.js';
import { targets } from './targets/index.js';

/** Same mutator as `npm run fuzz`, a fixed seed and few inputs, so every `npm test` checks. */
const RUNS = 2000;
const SEED = 0x5eed;

describe('fuzz-targets', () => {
  it('registers targets with unique names and non-empty seeds', () => {
    const names = targets.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of targets) expect(t.seeds().length, t.name).toBeGreaterThan(0);
  });

  for (const target of targets) {
    it(`${target.name}: returns or throws DecodeError for ${RUNS} mutated inputs`, () => {
      const mutator = new Mutator(target.seeds(), createPrng(SEED));
      const findings: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const input = mutator.next();
        const outcome = exercise(target, input, () => performance.now());
        if (!outcome.ok && findings.length < 5) {
          findings.push(`#${i} ${Buffer.from(input).toString('hex')}\n${outcome.error}`);
        }
      }
      expect(findings).toEqual([]);
    });
  }
});
