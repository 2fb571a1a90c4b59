/**
 * Turns a target's seed inputs into an endless, reproducible stream of malformed variants.
 * Shared by `run.ts` (`npm run fuzz`, millions of inputs) and `fuzz-targets.test.ts`
 * (a few thousand in every `npm test`), so both exercise the same mutations.
 *
 * Each input is one seed with 1–8 stacked mutations: bit flips, "interesting" byte values
 * (0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC3 … — boundaries of lengths, mb_u_int32 continuation,
 * UTF-8 lead bytes), small arithmetic, insertion/deletion/duplication of ranges, truncation,
 * splicing with another seed, chunks copied from other seeds, and occasionally pure random
 * bytes. The first inputs are the seeds themselves, unmodified.
 */
import type { Prng } from './prng.js';

/** Byte values that sit on boundaries decoders tend to get wrong. */
const INTERESTING = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x0f, 0x10, 0x20, 0x3f, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0x81, 0xbf,
  0xc0, 0xc3, 0xc4, 0xe2, 0xef, 0xf0, 0xf4, 0xfe, 0xff,
];

/** Multi-byte runs: long mb_u_int32 continuations, max lengths, UTF-8 edge sequences, XML. */
const INTERESTING_RUNS: readonly Uint8Array[] = [
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0x8f, 0xff, 0xff, 0xff, 0x7f],
  [0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x00],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc0, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x3c, 0x21, 0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b], // <![CDATA[
  [0x26, 0x23, 0x78, 0x30, 0x3b], // &#x0;
  [0x3c, 0x21, 0x44, 0x4f, 0x43, 0x54, 0x59, 0x50, 0x45], // <!DOCTYPE
  [0x22, 0x2c, 0x3d, 0x5c], // ",=\
].map((r) => Uint8Array.from(r));

/** Options for {@link Mutator}. */
export interface MutatorOptions {
  /** Upper bound on generated input length; default 4 × the longest seed + 256. */
  readonly maxLength?: number;
}

/** A reproducible stream of mutated inputs built from `seeds`. */
export class Mutator {
  private readonly seeds: readonly Uint8Array[];
  private readonly maxLength: number;
  private emitted = 0;

  constructor(
    seeds: readonly Uint8Array[],
    private readonly rng: Prng,
    options: MutatorOptions = {},
  ) {
    if (seeds.length === 0) throw new TypeError('seeds: at least one seed is required');
    this.seeds = seeds;
    const longest = Math.max(...seeds.map((s) => s.length));
    this.maxLength = options.maxLength ?? longest * 4 + 256;
  }

  /** The next input; the first `seeds.length` calls return the seeds unchanged. */
  next(): Uint8Array {
    const index = this.emitted++;
    if (index < this.seeds.length) return (this.seeds[index] as Uint8Array).slice();
    const rng = this.rng;
    if (rng.oneIn(200)) return this.randomBytes(rng.below(Math.min(this.maxLength, 512)));
    let data: Uint8Array = rng.pick(this.seeds).slice();
    const rounds = 1 + rng.below(rng.oneIn(4) ? 8 : 2);
    for (let r = 0; r < rounds; r++) data = this.mutateOnce(data);
    return data.length > this.maxLength ? data.slice(0, this.maxLength) : data;
  }

  private randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rng.below(256);
    return out;
  }

  private mutateOnce(data: Uint8Array): Uint8Array {
    const rng = this.rng;
    const n = data.length;
    const at = (): number => rng.below(n);
    switch (rng.below(12)) {
      case 0: // flip one bit
        if (n > 0) {
          const i = at();
          data[i] = (data[i] ?? 0) ^ (1 << rng.below(8));
        }
        return data;
      case 1: // interesting byte
      case 2:
        if (n > 0) data[at()] = rng.pick(INTERESTING);
        return data;
      case 3: // random byte
        if (n > 0) data[at()] = rng.below(256);
        return data;
      case 4: {
        // small add/subtract: off-by-one lengths and counts
        if (n > 0) {
          const i = at();
          data[i] = ((data[i] ?? 0) + rng.below(9) - 4) & 0xff;
        }
        return data;
      }
      case 5: // insert random bytes
        return insert(data, rng.below(n + 1), this.randomBytes(1 + rng.below(16)));
      case 6: // insert an interesting run
        return insert(data, rng.below(n + 1), rng.pick(INTERESTING_RUNS));
      case 7: {
        // delete a range
        if (n === 0) return data;
        const start = at();
        const len = 1 + rng.below(Math.min(n - start, 64));
        return concat(data.subarray(0, start), data.subarray(start + len));
      }
      case 8: {
        // duplicate a range somewhere else
        if (n === 0) return data;
        const start = at();
        const len = 1 + rng.below(Math.min(n - start, 64));
        return insert(data, rng.below(n + 1), data.slice(start, start + len));
      }
      case 9: // truncate
        return data.slice(0, rng.below(n + 1));
      case 10: {
        // splice: a prefix of this input and a suffix of another seed
        const other = rng.pick(this.seeds);
        return concat(
          data.subarray(0, rng.below(n + 1)),
          other.subarray(rng.below(other.length + 1)),
        );
      }
      default: {
        // copy a chunk of another seed into this one (a cheap dictionary)
        const other = rng.pick(this.seeds);
        if (other.length === 0) return data;
        const start = rng.below(other.length);
        const len = 1 + rng.below(Math.min(other.length - start, 32));
        return insert(data, rng.below(n + 1), other.subarray(start, start + len));
      }
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function insert(data: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  return concat(concat(data.subarray(0, at), bytes), data.subarray(at));
}
