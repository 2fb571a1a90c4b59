import fc from 'fast-check';
import { describe, it } from 'vitest';
import { targets } from '../../fuzz/targets/obex-packet.js';

describe('obex fuzz targets', () => {
  for (const t of targets) {
    it(`${t.name} survives its seeds, mutated and truncated`, () => {
      const seeds = t.seeds();
      for (const s of seeds) t.run(s);
      fc.assert(
        fc.property(
          fc.nat(seeds.length - 1),
          fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }),
          fc.nat(),
          (i, edits, cut) => {
            const bytes = (seeds[i] as Uint8Array).slice();
            for (const [pos, val] of edits) bytes[pos % bytes.length] = val;
            t.run(bytes.subarray(0, bytes.length - (cut % 4)));
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
