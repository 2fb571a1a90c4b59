import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { el, opaque, text } from '../../../protocol/xml/element.js';
import type { XmlElement } from '../../../protocol/xml/element.js';
import { serializeXml } from '../../../protocol/xml/serialize-xml.js';
import { xmlSizeBound } from '../../../protocol/xml/xml-size-bound.js';
import { exceedsTransmitted, transmittedSize } from '../../../protocol/session/chunker.js';

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Text XML can carry (what serializeXml accepts), escapes and multi-byte characters included. */
const value = fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) =>
  [...s]
    .filter((c) => {
      const n = c.codePointAt(0) ?? 0;
      return (n >= 0x20 || n === 9 || n === 10 || n === 13) && n !== 0xfffe && n !== 0xffff;
    })
    .join(''),
);
const name = fc.stringMatching(/^[A-Za-zé][A-Za-z0-9-é]{0,6}$/);
const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(name, fc.constantFrom('', 'urn:a', 'syncml:dmddf1.2'), value)
      .map(([n, ns, v]) => el(n, ns, [text(v)])),
    fc
      .tuple(name, fc.uint8Array({ maxLength: 20 }))
      .map(([n, b]) => el(n, 'syncml:dmddf1.2', [opaque(b)])),
    fc
      .tuple(
        name,
        fc.constantFrom('', 'urn:a'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.array(fc.record({ name, value }), { maxLength: 2 }),
      )
      .map(([n, ns, kids, attrs]) => el(n, ns, kids, attrs)),
  ),
})).node;

describe('xmlSizeBound', () => {
  it('is never below the UTF-8 length of the serialized tree', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(xmlSizeBound(t)).toBeGreaterThanOrEqual(utf8Length(serializeXml(t)));
      }),
      { numRuns: 500 },
    );
  });

  it('holds for the worst escapes and three-byte characters', () => {
    const t = el(
      'Node',
      'syncml:dmddf1.2',
      [text('&<>\r"\u20ac'.repeat(50))],
      [{ name: 'a', value: '"\t\n&\u20ac'.repeat(20) }],
    );
    expect(xmlSizeBound(t)).toBeGreaterThanOrEqual(utf8Length(serializeXml(t)));
  });
});

describe('exceedsTransmitted', () => {
  it('agrees with the exact size for embedded XML on either side of the limit', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('xml' as const, 'wbxml' as const), (t, encoding) => {
        const data = { kind: 'xml' as const, element: t };
        const exact = transmittedSize(data, encoding);
        for (const max of [0, exact - 1, exact, exact + 1, xmlSizeBound(t)]) {
          expect(exceedsTransmitted(data, encoding, max)).toBe(exact > max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts text as UTF-8 and binary as base64 in XML', () => {
    expect(exceedsTransmitted({ kind: 'text', text: '\u20ac' }, 'xml', 2)).toBe(true);
    expect(exceedsTransmitted({ kind: 'text', text: '\u20ac' }, 'xml', 3)).toBe(false);
    const bytes = new Uint8Array(3);
    expect(exceedsTransmitted({ kind: 'bytes', bytes }, 'xml', 3)).toBe(true);
    expect(exceedsTransmitted({ kind: 'bytes', bytes }, 'wbxml', 3)).toBe(false);
  });
});
