import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { el, opaque, text } from '../../../protocol/xml/element.js';
import type { XmlElement } from '../../../protocol/xml/element.js';
import { parseXml } from '../../../protocol/xml/parse-xml.js';
import { serializeXml } from '../../../protocol/xml/serialize-xml.js';

const hasNonXmlChar = (s: string): boolean =>
  [...s].some((c) => {
    const n = c.codePointAt(0) ?? 0;
    return (
      (n < 0x20 && n !== 9 && n !== 10 && n !== 13) ||
      n === 0xfffe ||
      n === 0xffff ||
      (n >= 0xd800 && n <= 0xdfff)
    );
  });

describe('serializeXml', () => {
  it('escapes text and attribute values so the parser reads them back', () => {
    const tree = el(
      'a',
      'urn:a',
      [text('<&>"\' Åsa Öberg 张伟 😀\r\n')],
      [{ name: 'k', value: 'x"<&>\t\ny' }],
    );
    const xml = serializeXml(tree);
    expect(xml).toBe(
      '<a xmlns="urn:a" k="x&quot;&lt;&amp;&gt;&#9;&#10;y">&lt;&amp;&gt;"\' Åsa Öberg 张伟 😀&#13;\n</a>',
    );
    expect(parseXml(xml)).toEqual(tree);
  });

  it('writes xmlns only where the namespace changes', () => {
    const tree = el('SyncML', 'S', [el('Meta', 'S', [el('Type', 'm', [text('t')])]), el('X', '')]);
    expect(serializeXml(tree)).toBe(
      '<SyncML xmlns="S"><Meta><Type xmlns="m">t</Type></Meta><X xmlns=""/></SyncML>',
    );
  });

  it('writes opaque nodes as base64', () => {
    expect(serializeXml(el('Data', '', [opaque(Uint8Array.of(0, 1, 2, 250))]))).toBe(
      '<Data>AAEC+g==</Data>',
    );
  });

  it('indents when pretty and writes the declaration on request', () => {
    const xml = serializeXml(el('a', '', [el('b', '', [text('x')]), el('c', '')]), {
      pretty: true,
      declaration: true,
    });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>x</b>\n  <c/>\n</a>\n');
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    expect(() => serializeXml(el('a', '', [text('x\u0001')]))).toThrow(RangeError);
    expect(() => serializeXml(el('a', '', [text('\uD800')]))).toThrow(/U\+D800/);
  });

  it('round-trips random trees through parseXml', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,6}$/);
    const value = fc
      .string({ unit: 'grapheme', maxLength: 12 })
      .filter((s) => !hasNonXmlChar(s) && !/^[ \t\r\n]*$/.test(s));
    const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc
          .tuple(name, fc.constantFrom('', 'urn:a', 'syncml:metinf'), value)
          .map(([n, ns, v]) => el(n, ns, [text(v)])),
        fc
          .tuple(name, fc.constantFrom('', 'urn:a'), fc.array(tie('node'), { maxLength: 3 }))
          .map(([n, ns, kids]) => el(n, ns, kids)),
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.boolean(), (t, pretty) => {
        expect(parseXml(serializeXml(t, { pretty }))).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });
});
