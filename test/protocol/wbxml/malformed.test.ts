import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { decodeWbxml } from '../../../protocol/wbxml/decode.js';
import { exercise } from '../../fuzz/exercise.js';
import { target } from '../../fuzz/targets/wbxml-decode.js';
import { strI, SYNCML12_HEADER, wb } from './wbxml-bytes.js';

const seeds = target.seeds();

function decodeError(bytes: Uint8Array): DecodeError | undefined {
  try {
    decodeWbxml(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  return undefined;
}

describe('decodeWbxml on malformed input', () => {
  it('has seeds that all decode and survive the round-trip check', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(5);
    for (const s of seeds) expect(() => target.run(s)).not.toThrow();
  });

  it('reports truncated, within the input, for every strict prefix of a dozen seeds', () => {
    // Hand-made seeds, the buteo message and several libwbxml encodings (all would take ~3 s).
    for (const s of seeds.slice(0, 12)) {
      for (let n = 0; n < s.length; n++) {
        const e = decodeError(s.subarray(0, n));
        expect(e, `prefix ${n} of ${s.length}`).toBeDefined();
        expect(e?.reason).toBe('truncated');
        expect(e?.offset).toBeLessThanOrEqual(n);
      }
    }
  });

  it('rejects invalid UTF-8 in inline strings and the string table at the string start', () => {
    for (const bad of [
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc0, 0x80],
    ]) {
      expect(decodeError(wb(SYNCML12_HEADER, 0x4f, 0x03, ...bad, 0x00, 0x01))).toMatchObject({
        reason: 'bad-utf8',
        offset: 7,
      });
      const table = wb(...bad, 0x00);
      const doc = wb(0x03, 0xa4, 0x01, 0x6a, table.length, table, 0x4f, 0x83, 0x00, 0x01);
      expect(decodeError(doc)).toMatchObject({ reason: 'bad-utf8' });
    }
  });

  it('gives a DecodeError with an in-range offset for every mutated seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 2 })),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (which, edits) => {
          const bytes = Array.from(seeds[which] as Uint8Array);
          for (const [at, value, op] of edits) {
            const i = at % (bytes.length + 1);
            if (op === 0 && i < bytes.length) bytes[i] = value;
            else if (op === 1) bytes.splice(i, 0, value);
            else bytes.splice(i, 1);
          }
          const input = Uint8Array.from(bytes);
          const outcome = exercise(target, input, () => performance.now());
          expect(outcome.ok, outcome.ok ? '' : outcome.error).toBe(true);
          try {
            decodeWbxml(input);
          } catch (e) {
            expect(isDecodeError(e)).toBe(true);
            expect((e as DecodeError).offset).toBeLessThanOrEqual(input.length);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('gives a value or a DecodeError for random bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (body) => {
        const outcome = exercise(target, wb(SYNCML12_HEADER, body), () => performance.now());
        expect(outcome.ok, outcome.ok ? '' : outcome.error).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never allocates from absurd lengths: OPAQUE, STR_T and string table of 0x0FFFFFFF', () => {
    const huge = [0xff, 0xff, 0xff, 0x7f];
    const cases = [
      wb(SYNCML12_HEADER, 0x6d, 0x4f, 0xc3, ...huge, 0x01, 0x01),
      wb(SYNCML12_HEADER, 0x6d, 0x4f, 0x83, ...huge, 0x01, 0x01),
      wb(0x03, 0xa4, 0x01, 0x6a, ...huge, 0x6d, 0x01),
      wb(0x03, 0x00, ...huge, 0x6a, 0x00, 0x6d, 0x01),
      wb(SYNCML12_HEADER, 0x6d, 0x4f, strI('x'), 0x02, ...huge, 0x01, 0x01),
    ];
    for (const c of cases) {
      const e = decodeError(c);
      expect(e).toBeDefined();
      expect(e?.offset).toBeLessThan(c.length);
    }
  });
});
