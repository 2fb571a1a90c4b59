import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { exercise } from '../../fuzz/exercise.js';
import { Mutator } from '../../fuzz/mutator.js';
import { createPrng } from '../../fuzz/prng.js';
import type { FuzzTarget } from '../../fuzz/target.js';
import { target as syncmlDecode } from '../../fuzz/targets/syncml-decode.js';
import { target as xmlDecode } from '../../fuzz/targets/xml-decode.js';

const RUNS = 1500;

describe('syncml fuzz targets', () => {
  for (const target of [xmlDecode, syncmlDecode] as FuzzTarget[]) {
    it(`${target.name}: seeds run clean and ${RUNS} mutated inputs give a value or DecodeError`, () => {
      for (const seed of target.seeds()) expect(() => target.run(seed)).not.toThrow();
      const mutator = new Mutator(target.seeds(), createPrng(0xc1a0));
      const findings: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const input = mutator.next();
        const outcome = exercise(target, input, () => performance.now());
        if (!outcome.ok && findings.length < 3) {
          findings.push(`#${i} ${Buffer.from(input).toString('hex')}\n${outcome.error}`);
        }
      }
      expect(findings).toEqual([]);
    });
  }
});
