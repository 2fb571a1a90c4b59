import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { textDecoderFor } from '../../../protocol/wbxml/text-decoder.js';
import { Charset } from '../../../protocol/wbxml/tokens.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The strict TextDecoder's answer: the string, or 'error'. */
function reference(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return 'error';
  }
}

/** Our decoder's answer on `bytes` placed at `pad` inside a larger buffer. */
function ours(bytes: Uint8Array, pad: number): string {
  const decode = textDecoderFor(Charset.UTF_8);
  if (decode === undefined) throw new Error('no UTF-8 decoder');
  const data = new Uint8Array(pad + bytes.length + 3).fill(0xe2);
  data.set(bytes, pad);
  try {
    return decode(data, pad, pad + bytes.length);
  } catch (e) {
    if (!isDecodeError(e) || e.reason !== 'bad-utf8' || e.offset !== pad) throw e;
    return 'error';
  }
}

/** Bytes that are often UTF-8 and often almost UTF-8 (truncated, overlong, surrogates, …). */
const nearlyUtf8 = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }).map((s) => [...new TextEncoder().encode(s)]),
      fc.constantFrom(
        [0xc0, 0x80],
        [0xc1, 0xbf],
        [0xe0, 0x80, 0x80],
        [0xe0, 0x9f, 0xbf],
        [0xed, 0xa0, 0x80],
        [0xed, 0xbf, 0xbf],
        [0xf0, 0x8f, 0xbf, 0xbf],
        [0xf4, 0x90, 0x80, 0x80],
        [0xf5, 0x80, 0x80, 0x80],
        [0xef, 0xbb, 0xbf],
        [0x80],
        [0xc3],
        [0xe2, 0x82],
        [0xf0, 0x9f, 0x98],
      ),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => new Uint8Array(parts.flat()));

describe('WBXML UTF-8 text decoding', () => {
  it('decodes exactly as the strict TextDecoder, and fails where it fails, at every length', () => {
    fc.assert(
      fc.property(nearlyUtf8, fc.nat({ max: 5 }), (bytes, pad) => {
        expect(ours(bytes, pad)).toBe(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a BOM, decodes every plane and interns nothing wrongly', () => {
    for (const s of [
      '\uFEFFa',
      'Åsa Öberg — ☎ 😀',
      'x'.repeat(127) + 'é',
      'é'.repeat(64),
      'abc',
      'abd',
    ]) {
      const bytes = new TextEncoder().encode(s);
      expect(ours(bytes, 1)).toBe(s);
      expect(ours(bytes, 2)).toBe(s);
    }
  });
});
