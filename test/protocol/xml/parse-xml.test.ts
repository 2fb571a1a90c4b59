import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';
import { el, text } from '../../../protocol/xml/element.js';
import { parseXml } from '../../../protocol/xml/parse-xml.js';
import type { XmlWarning } from '../../../protocol/xml/parse-xml.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function decodeErrorOf(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

describe('parseXml', () => {
  it('resolves namespaces onto ns and drops xmlns attributes', () => {
    const root = parseXml(
      '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Type xmlns=\'syncml:metinf\'>b64</Type></Meta><m:X xmlns:m="urn:x" a="1"/></SyncML>',
    );
    expect(root).toEqual(
      el('SyncML', 'SYNCML:SYNCML1.2', [
        el('Meta', 'SYNCML:SYNCML1.2', [el('Type', 'syncml:metinf', [text('b64')])]),
        el('X', 'urn:x', [], [{ name: 'a', value: '1' }]),
      ]),
    );
  });

  it('drops whitespace between elements but keeps other text and CDATA verbatim', () => {
    const root = parseXml('<a>\n  <b> x </b>\n  <c>  </c><d>p<![CDATA[<&>]]>q</d>\n</a>');
    expect(root).toEqual(
      el('a', '', [
        el('b', '', [text(' x ')]),
        el('c', '', [text('  ')]),
        el('d', '', [text('p<&>q')]),
      ]),
    );
  });

  it('expands the predefined entities and character references only', () => {
    const root = parseXml('<a>&lt;&amp;&gt;&quot;&apos;&#xC5;&#228;</a>');
    expect(root.children).toEqual([text('<&>"\'Åä')]);
    expect(decodeErrorOf(() => parseXml('<a>&nbsp;</a>')).reason).toBe('entity');
  });

  it('refuses a billion-laughs DOCTYPE with reason entity', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    const e = decodeErrorOf(() => parseXml(bomb));
    expect(e.reason).toBe('entity');
    expect(e.message).toMatch(/entit/i);
  });

  it('refuses an external entity declaration with reason entity', () => {
    const xxe = '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>';
    expect(decodeErrorOf(() => parseXml(xxe)).reason).toBe('entity');
  });

  it('ignores an external-DTD-only DOCTYPE with a warning', () => {
    const warnings: XmlWarning[] = [];
    const root = parseXml(
      '<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.1//EN" "http://x/y.dtd"><SyncML/>',
      {
        onWarning: (w) => warnings.push(w),
      },
    );
    expect(root.name).toBe('SyncML');
    expect(warnings.map((w) => w.message).join()).toMatch(/DOCTYPE/);
  });

  it('reports malformed XML with its offset and line:column', () => {
    const e = decodeErrorOf(() => parseXml('<a>\n<b></c></a>'));
    expect(e.reason).toBe('malformed-xml');
    expect(e.offset).toBeGreaterThan(3);
    expect(e.message).toMatch(/line 2:\d+/);
  });

  it('keeps attributes named like Object.prototype members and refuses duplicates', () => {
    const root = parseXml('<a constructor="1" toString="2" __proto__="3" hasOwnProperty="4"/>');
    expect(root.attributes).toEqual([
      { name: 'constructor', value: '1' },
      { name: 'toString', value: '2' },
      { name: '__proto__', value: '3' },
      { name: 'hasOwnProperty', value: '4' },
    ]);
    for (const doc of ['<a x="1" x="2"/>', '<a constructor="1" constructor="2"/>']) {
      const e = decodeErrorOf(() => parseXml(doc));
      expect(e.reason).toBe('malformed-xml');
      expect(e.message).toMatch(/duplicate attribute/);
    }
  });

  it('names the entity in an undefined-entity error and keeps saxes messages readable', () => {
    const e = decodeErrorOf(() => parseXml('<a>&nope;</a>'));
    expect(e.reason).toBe('entity');
    expect(e.message).not.toMatch(/^\d+:\d+:/);
    expect(decodeErrorOf(() => parseXml('<a>&#xZZ;</a>')).reason).toBe('malformed-xml');
  });

  it('reports truncated XML as malformed-xml', () => {
    const e = decodeErrorOf(() => parseXml('<SyncML><SyncHdr><VerDTD>1.2</Ver'));
    expect(e.reason).toBe('malformed-xml');
  });

  it('refuses nesting deeper than maxDepth', () => {
    const deep = '<a>'.repeat(50) + '</a>'.repeat(50);
    expect(parseXml(deep, { maxDepth: 50 }).name).toBe('a');
    const e = decodeErrorOf(() => parseXml(deep, { maxDepth: 49 }));
    expect(e.reason).toBe('too-deep');
    const bomb = '<a>'.repeat(100000);
    expect(decodeErrorOf(() => parseXml(bomb)).reason).toBe('too-deep');
  });

  it('refuses input larger than maxBytes', () => {
    expect(decodeErrorOf(() => parseXml('<a>xxxxxxxx</a>', { maxBytes: 10 })).reason).toBe(
      'too-large',
    );
  });

  it('decodes UTF-8 bytes, skipping a BOM', () => {
    const root = parseXml(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8('<a>Åsa 张伟 😀</a>')));
    expect(root.children).toEqual([text('Åsa 张伟 😀')]);
  });

  it('reports invalid UTF-8 with the byte offset', () => {
    const bytes = Uint8Array.of(...utf8('<a>ok'), 0xc3, 0x28, ...utf8('</a>'));
    const e = decodeErrorOf(() => parseXml(bytes));
    expect(e.reason).toBe('bad-utf8');
    expect(e.offset).toBe(5);
    const overlong = Uint8Array.of(...utf8('<a>'), 0xe0, 0x80, 0xaf, ...utf8('</a>'));
    expect(decodeErrorOf(() => parseXml(overlong)).offset).toBe(3);
  });

  it('transcodes a declared ISO-8859-1 document and refuses other encodings', () => {
    const latin = Uint8Array.of(
      ...utf8('<?xml version="1.0" encoding="ISO-8859-1"?><a>'),
      0xc5,
      ...utf8('</a>'),
    );
    expect(parseXml(latin).children).toEqual([text('Å')]);
    const sjis = utf8('<?xml version="1.0" encoding="Shift_JIS"?><a/>');
    expect(decodeErrorOf(() => parseXml(sjis)).reason).toBe('unsupported');
    expect(decodeErrorOf(() => parseXml(Uint8Array.of(0xff, 0xfe, 0x3c, 0))).reason).toBe(
      'unsupported',
    );
  });

  it('returns a tree or throws DecodeError for mutated and truncated input', () => {
    const seed = utf8(
      '<?xml version="1.0"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr><SyncBody><Get><CmdID>1</CmdID><Item><Target><LocURI>./DevInfo/Man</LocURI></Target></Item></Get><Final/></SyncBody></SyncML>',
    );
    fc.assert(
      fc.property(
        fc.nat(seed.length),
        fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 4,
        }),
        (cut, edits) => {
          const input = seed.slice(0, cut);
          for (const [at, byte] of edits) if (at < input.length) input[at] = byte;
          try {
            parseXml(input);
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
