import { describe, expect, it } from 'vitest';
import { decodeWbxml } from '../../../protocol/wbxml/decode.js';
import { encodeWbxml, WbxmlEncodeError } from '../../../protocol/wbxml/encode.js';
import { DEVINF_12, DMDDF_12, SYNCML_11, SYNCML_12 } from '../../../protocol/wbxml/languages.js';
import { el, opaque, text } from '../../../protocol/xml/element.js';
import { strI, vector, wb } from './wbxml-bytes.js';

const S = 'SYNCML:SYNCML1.2';
const M = 'syncml:metinf';
const D = 'syncml:dmddf1.2';

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('encodeWbxml', () => {
  it('reproduces the buteo vector byte for byte as WBXML 1.3', () => {
    const bin = vector('buteo-syncml/basicbasetransport.bin');
    const tree = el('SyncML', S, [
      el('SyncHdr', S, [
        el('VerDTD', S, [text('1.2')]),
        el('VerProto', S, [text('SyncML/1.2')]),
        el('SessionID', S),
        el('MsgID', S, [text('1')]),
        el('Target', S, [el('LocURI', S, [text('targetDevice')])]),
        el('Source', S, [el('LocURI', S, [text('sourceDevice')])]),
      ]),
      el('SyncBody', S),
    ]);
    expect(hex(encodeWbxml(tree, SYNCML_12, { version: 3 }))).toBe(hex(bin));
  });

  it('writes WBXML 1.2 by default', () => {
    expect(hex(encodeWbxml(el('SyncML', S), SYNCML_12))).toBe('02a4016a002d');
    expect(hex(encodeWbxml(el('SyncML', 'SYNCML:SYNCML1.1'), SYNCML_11))).toBe('029f536a002d');
  });

  it('switches pages only before start tags and only on change (§2.6 example)', () => {
    const tree = el('SyncML', S, [
      el('Meta', S, [el('Format', M, [text('b64')]), el('Type', M, [text('syncml:auth-md5')])]),
      el('Data', S, [text('x')]),
      el('Final', S),
    ]);
    const expected = wb(
      0x02,
      0xa4,
      0x01,
      0x6a,
      0x00,
      0x6d,
      0x5a,
      0x00,
      0x01,
      0x47,
      strI('b64'),
      0x01,
    );
    const rest = wb(
      0x53,
      strI('syncml:auth-md5'),
      0x01,
      0x01,
      0x00,
      0x00,
      0x4f,
      strI('x'),
      0x01,
      0x12,
      0x01,
    );
    expect(hex(encodeWbxml(tree, SYNCML_12))).toBe(hex(wb(expected, rest)));
  });

  it('places namespace-less elements on the current page first, then any page', () => {
    // `Type` exists on page 1 only in SyncML; `Data` is on page 0.
    const tree = el('SyncML', S, [el('Meta', S, [el('Type', '', [text('t')])]), el('Data', '')]);
    const back = decodeWbxml(encodeWbxml(tree, SYNCML_12)).root;
    expect(back).toEqual(
      el('SyncML', S, [el('Meta', S, [el('Type', M, [text('t')])]), el('Data', S)]),
    );
  });

  it('encodes opaque nodes and uses the no-content form for empty elements', () => {
    const tree = el('SyncML', S, [
      el('Data', S, [opaque(Uint8Array.of(0, 1, 2))]),
      el('Data', S, [text('')]),
    ]);
    expect(hex(encodeWbxml(tree, SYNCML_12)).slice(10)).toBe('6d4fc303000102010f01');
  });

  it('writes DDF documents with the FPI in the string table and SWITCH_PAGE 2', () => {
    const tree = el('MgmtTree', D, [el('Node', D, [el('node', D)])]);
    const fpi = DMDDF_12.fpi;
    const expected = wb(
      0x02,
      0x00,
      0x00,
      0x6a,
      fpi.length + 1,
      fpi,
      0x00,
      0x00,
      0x02,
      0x60,
      0x64,
      0x25,
      0x01,
      0x01,
    );
    const bytes = encodeWbxml(tree, DMDDF_12);
    expect(hex(bytes)).toBe(hex(expected));
    expect(decodeWbxml(bytes)).toMatchObject({ fpi, language: DMDDF_12, root: tree });
  });

  it('round-trips non-ASCII text and DevInf', () => {
    const tree = el('DevInf', 'syncml:devinf', [
      el('Man', 'syncml:devinf', [text('Grüße 😀')]),
      el('MaxSize', 'syncml:devinf'),
    ]);
    expect(decodeWbxml(encodeWbxml(tree, DEVINF_12)).root).toEqual(tree);
  });

  it('names the element path when it cannot encode', () => {
    const cases = [
      el('SyncML', S, [el('SyncBody', S, [el('Bogus', S)])]),
      el('SyncML', S, [el('SyncBody', S, [el('DevInf', 'syncml:devinf')])]),
      el('SyncML', S, [el('SyncBody', S, [el('Final', '', [], [{ name: 'a', value: 'b' }])])]),
      el('SyncML', S, [el('SyncBody', S, [el('Data', S, [text('a\u0000b')])])]),
      el('SyncML', S, [el('SyncBody', S, [el('NoSuchTag', '')])]),
    ];
    for (const tree of cases) {
      let err: unknown;
      try {
        encodeWbxml(tree, SYNCML_12);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WbxmlEncodeError);
      const name = tree.children[0]?.kind === 'element' ? tree.children[0].children[0] : undefined;
      expect((err as WbxmlEncodeError).path).toBe(
        `SyncML/SyncBody/${name?.kind === 'element' ? name.name : ''}`,
      );
    }
  });

  it('grows its buffer for large documents', () => {
    const big = 'y'.repeat(100000);
    const tree = el(
      'SyncML',
      S,
      Array.from({ length: 20 }, () => el('Data', S, [text(big)])),
    );
    expect(decodeWbxml(encodeWbxml(tree, SYNCML_12)).root).toEqual(tree);
  });
});
