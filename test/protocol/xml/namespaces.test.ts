import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { Ev } from '../../../protocol/xml/cursor.js';
import { openXml } from '../../../protocol/xml/parse-xml.js';

/*
 * The XML cursor resolves namespaces itself (NamespaceScopes) with saxes run without its
 * namespace mode. These tests hold it to saxes' namespace mode: the same documents are
 * accepted, with the same element names, namespaces and attributes, and the same ones
 * refused.
 */

/** Element events of `doc` by saxes in namespace mode, or 'error'. */
function reference(doc: string): string[] | 'error' {
  const out: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', (tag) => {
    const attrs = Object.values(tag.attributes)
      .filter((a) => a.prefix !== 'xmlns' && !(a.prefix === '' && a.local === 'xmlns'))
      .map((a) => `${a.local}=${a.value}`);
    out.push(`S ${tag.local} {${tag.uri}} ${attrs.join(' ')}`);
  });
  parser.on('closetag', (tag) => out.push(`E ${tag.local} {${tag.uri}}`));
  try {
    parser.write(doc).close();
  } catch {
    failed = true;
  }
  return failed ? 'error' : out;
}

/** The same from our cursor, or 'error' (any other exception fails the test). */
function ours(doc: string): string[] | 'error' {
  const out: string[] = [];
  try {
    const cur = openXml(doc);
    for (let k = cur.next(); k !== Ev.EOF; k = cur.next()) {
      if (k === Ev.START) {
        const attrs = cur.attributes.map((a) => `${a.name}=${a.value}`);
        out.push(`S ${cur.name} {${cur.ns}} ${attrs.join(' ')}`);
      } else if (k === Ev.END) out.push(`E ${cur.name} {${cur.ns}}`);
    }
  } catch (e) {
    if (isDecodeError(e)) return 'error';
    throw e;
  }
  return out;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

describe('XML namespaces (against saxes namespace mode)', () => {
  const cases = [
    '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Type xmlns="syncml:metinf">b64</Type></Meta></SyncML>',
    '<a xmlns:p="urn:1"><p:b p:x="1" x="2"/><c xmlns="urn:2"><d/></c><e/></a>',
    '<a xmlns:p="urn:1" xmlns:q="urn:1"><b p:x="1" q:x="2"/></a>',
    '<a xmlns:p="urn:1" xmlns:q="urn:2"><b p:x="1" q:x="2"/></a>',
    '<p:a/>',
    '<a p:x="1"/>',
    '<xmlns:a/>',
    '<a xmlns:p=""/>',
    '<?xml version="1.1"?><a xmlns:p="urn:1"><b xmlns:p=""><p:c/></b></a>',
    '<?xml version="1.1"?><a xmlns:p="urn:1"><b xmlns:p=""><c p:x="1"/></b></a>',
    '<a xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="en"/>',
    '<a xmlns:xml="urn:1"/>',
    '<a xmlns:xmlns="http://www.w3.org/2000/xmlns/"/>',
    '<a xmlns:p="http://www.w3.org/2000/xmlns/"/>',
    '<a xmlns="http://www.w3.org/XML/1998/namespace"/>',
    '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>',
    '<a xmlns="http://www.w3.org/2000/xmlns/"/>',
    '<:a/>',
    '<a:/>',
    '<a:b:c xmlns:a="urn:1"/>',
    '<a xmlns:="urn:1"/>',
    '<a xmlns:p:q="urn:1"/>',
    '<a x="1" x="2"/>',
    '<a xmlns=" urn:1 "><b/></a>',
    '<a xmlns:p="urn:1"><p:b></p:b><p:c></p:d></a>',
    '<?a:b x?><a/>',
    '<?ab x?><a/>',
  ];
  it.each(cases)('%s', (doc) => {
    expect(ours(doc)).toEqual(reference(doc));
  });

  it('agrees on generated documents with declarations, prefixes and attributes', () => {
    const name = fc.constantFrom('a', 'b', 'p:a', 'q:b', 'xml:a', 'xmlns:a', 'r:a', ':a', 'a:b:c');
    const attrName = fc.constantFrom(
      'x',
      'p:x',
      'q:x',
      'xml:lang',
      'xmlns',
      'xmlns:p',
      'xmlns:q',
      'xmlns:xml',
      'xmlns:r',
      'xmlns:',
    );
    const value = fc.constantFrom('', 'urn:1', 'urn:2', ' urn:1 ', XML_NS, XMLNS_NS);
    const attrs = fc
      .array(fc.tuple(attrName, value), { maxLength: 3 })
      .map((list) => list.map(([n, v]) => ` ${n}="${v}"`).join(''));
    const leaf = fc.tuple(name, attrs).map(([n, a]) => `<${n}${a}/>`);
    const element = (kids: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc
        .tuple(name, attrs, fc.array(kids, { maxLength: 3 }))
        .map(([n, a, k]) => (k.length === 0 ? `<${n}${a}/>` : `<${n}${a}>${k.join('')}</${n}>`));
    const tree = element(element(leaf));
    const version = fc.constantFrom('', '<?xml version="1.0"?>', '<?xml version="1.1"?>');
    fc.assert(
      fc.property(version, tree, (decl, doc) => {
        const text = decl + doc;
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
