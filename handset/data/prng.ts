/**
 * Seeded pseudo-random numbers for the seed-data generator. Everything the generator
 * writes comes from here (never `Math.random`), so one seed always yields the same bytes.
 */
import { createCipheriv, createHash } from 'node:crypto';

/** FNV-1a over a label: turns a stream name into 32 bits to mix into a seed. */
function fnv1a(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** splitmix32 step: spreads a small seed over the whole state. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) >>> 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A small fast generator (sfc32). Independent streams come from {@link Prng.fork} with a
 * label, so the order in which stores are generated does not change their content.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    const s = seed >>> 0;
    this.a = splitmix32(s);
    this.b = splitmix32(this.a ^ 0x5bd1e995);
    this.c = splitmix32(this.b ^ 0x27d4eb2f);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A new generator for a named sub-stream of this seed. */
  fork(label: string): Prng {
    return new Prng((splitmix32(this.seed >>> 0) ^ fnv1a(label)) >>> 0);
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new RangeError('pick from an empty list');
    return v;
  }

  /** `n` decimal digits as a string. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

/**
 * A keyed byte stream for bulk content (media blobs of hundreds of MB): the AES-128-CTR
 * keystream under a key derived from seed and label. AES runs in native code, so this
 * produces random-looking bytes far faster than a JavaScript generator, and it is just as
 * deterministic.
 */
export class ByteStream {
  private readonly cipher;

  constructor(seed: number, label: string) {
    const key = createHash('sha256')
      .update(`cimo-seed:${seed >>> 0}:${label}`)
      .digest();
    this.cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  }

  /** The next `n` bytes of the stream. */
  take(n: number): Buffer {
    return this.cipher.update(Buffer.alloc(n));
  }
}
