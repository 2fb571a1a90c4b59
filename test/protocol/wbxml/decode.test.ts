import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/decode-error.js';
import { decodeWbxml, type WbxmlDecodeOptions } from '../../../protocol/wbxml/decode.js';
import {
  DEVINF_12,
  DMDDF_12,
  METINF_12,
  SYNCML_11,
  SYNCML_12,
} from '../../../protocol/wbxml/languages.js';
import { el, opaque, text } from '../../../protocol/xml/element.js';
import { strI, SYNCML12_HEADER, vector, wb } from './wbxml-bytes.js';

const S = 'SYNCML:SYNCML1.2';
const M = 'syncml:metinf';

function decodeErr(bytes: Uint8Array, options?: WbxmlDecodeOptions): DecodeError {
  try {
    decodeWbxml(bytes, options);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

function withWarnings(bytes: Uint8Array): { root: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const doc = decodeWbxml(bytes, { onWarning: (o, m) => warnings.push(`${o}: ${m}`) });
  return { root: doc.root, warnings };
}

describe('decodeWbxml', () => {
  it('decodes the buteo SyncML 1.2 vector to the expected tree', () => {
    const doc = decodeWbxml(vector('buteo-syncml/basicbasetransport.bin'));
    expect(doc).toMatchObject({ version: 3, publicId: 0x1201, charset: 106, language: SYNCML_12 });
    expect(doc.fpi).toBeUndefined();
    expect(doc.root).toEqual(
      el('SyncML', S, [
        el('SyncHdr', S, [
          el('VerDTD', S, [text('1.2')]),
          el('VerProto', S, [text('SyncML/1.2')]),
          el('SessionID', S),
          el('MsgID', S, [text('1')]),
          el('Target', S, [el('LocURI', S, [text('targetDevice')])]),
          el('Source', S, [el('LocURI', S, [text('sourceDevice')])]),
        ]),
        el('SyncBody', S),
      ]),
    );
  });

  it('switches code pages and gives MetInf elements their namespace', () => {
    // <Meta><Format xmlns=metinf>b64</Format><Type>syncml:auth-md5</Type></Meta><Data/> (§2.6)
    const bytes = wb(SYNCML12_HEADER, 0x6d, 0x5a, 0x00, 0x01, 0x47, strI('b64'), 0x01);
    const body = wb(0x53, strI('syncml:auth-md5'), 0x01, 0x01, 0x00, 0x00, 0x0f, 0x01);
    const doc = decodeWbxml(wb(bytes, body));
    expect(doc.root).toEqual(
      el('SyncML', S, [
        el('Meta', S, [el('Format', M, [text('b64')]), el('Type', M, [text('syncml:auth-md5')])]),
        el('Data', S),
      ]),
    );
  });

  it('reads STR_T and LITERAL names from the string table and merges adjacent text', () => {
    const table = wb('abc', 0, 'X-Vendor', 0);
    const bytes = wb(0x03, 0xa4, 0x01, 0x6a, table.length, table);
    const body = wb(
      0x6d,
      0x4f,
      strI('a'),
      0x83,
      0x00,
      0x02,
      0x81,
      0x2c,
      0x01,
      0x44,
      0x04,
      0x01,
      0x01,
    );
    expect(decodeWbxml(wb(bytes, body)).root).toEqual(
      el('SyncML', S, [el('Data', S, [text('aabc\u00ac')]), el('X-Vendor', S)]),
    );
  });

  it('decodes all four LITERAL tag forms', () => {
    const table = wb('Ext', 0, 'a', 0);
    const head = wb(0x03, 0xa4, 0x01, 0x6a, table.length, table);
    // LITERAL_AC(Ext) [a="1"] { LITERAL(Ext) LITERAL_A(Ext)[a="2"] LITERAL_C(Ext){ "t" } }
    const body = wb(0xc4, 0x00, 0x04, 0x04, strI('1'), 0x01);
    const kids = wb(
      0x04,
      0x00,
      0x84,
      0x00,
      0x04,
      0x04,
      strI('2'),
      0x01,
      0x44,
      0x00,
      strI('t'),
      0x01,
      0x01,
    );
    const doc = decodeWbxml(wb(head, body, kids));
    expect(doc.root).toEqual(
      el(
        'Ext',
        S,
        [el('Ext', S), el('Ext', S, [], [{ name: 'a', value: '2' }]), el('Ext', S, [text('t')])],
        [{ name: 'a', value: '1' }],
      ),
    );
  });

  it('keeps OPAQUE as its own node holding a copy of the bytes', () => {
    const input = wb(
      SYNCML12_HEADER,
      0x6d,
      0x4f,
      strI('x'),
      0xc3,
      0x03,
      1,
      0,
      2,
      strI('y'),
      0x01,
      0x01,
    );
    const doc = decodeWbxml(input);
    expect(doc.root.children[0]).toEqual(
      el('Data', S, [text('x'), opaque(Uint8Array.of(1, 0, 2)), text('y')]),
    );
    expect(input[12]).toBe(1);
    input[12] = 9;
    const data = doc.root.children[0];
    const node = data?.kind === 'element' ? data.children[1] : undefined;
    expect(node?.kind === 'opaque' ? node.bytes[0] : undefined).toBe(1);
  });

  it('decodes every header form: 1.0 without charset, 1.1, FPI in the string table', () => {
    const v10 = decodeWbxml(wb(0x00, 0xa4, 0x01, 0x00, 0x2b));
    expect(v10).toMatchObject({ version: 0, charset: 0, root: el('SyncBody', S) });
    const v11 = decodeWbxml(wb(0x01, 0x9f, 0x53, 0x6a, 0x00, 0x2d));
    expect(v11.language).toBe(SYNCML_11);
    expect(v11.root).toEqual(el('SyncML', 'SYNCML:SYNCML1.1'));
    const fpi = '-//SYNCML//DTD SyncML 1.2//EN';
    const byFpi = decodeWbxml(wb(0x02, 0x00, 0x00, 0x6a, fpi.length + 1, fpi, 0x00, 0x2d));
    expect(byFpi).toMatchObject({ publicId: 0, fpi, language: SYNCML_12 });
  });

  it('accepts a string-table FPI without its NUL, as the SyncML RTK writes it', () => {
    const fpi = '-//SYNCML//DTD SyncML 1.2//EN';
    const warnings: string[] = [];
    const doc = decodeWbxml(wb(0x02, 0x00, 0x00, 0x6a, fpi.length, fpi, 0x2d), {
      onWarning: (_o, m) => warnings.push(m),
    });
    expect(doc).toMatchObject({ fpi, language: SYNCML_12, root: el('SyncML', S) });
    expect(warnings).toHaveLength(1);
  });

  it('decodes a DDF document on page 2 and tolerates one that omits the SWITCH_PAGE', () => {
    const fpi = DMDDF_12.fpi;
    const head = wb(0x03, 0x00, 0x00, 0x6a, fpi.length + 1, fpi, 0x00);
    const ok = decodeWbxml(wb(head, 0x00, 0x02, 0x60, 0x64, 0x25, 0x24, 0x01, 0x01));
    expect(ok.language).toBe(DMDDF_12);
    expect(ok.root).toEqual(
      el('MgmtTree', 'syncml:dmddf1.2', [
        el('Node', 'syncml:dmddf1.2', [
          el('node', 'syncml:dmddf1.2'),
          el('Node', 'syncml:dmddf1.2'),
        ]),
      ]),
    );
    const lax = withWarnings(wb(head, 0x60, 0x01));
    expect(lax.root).toEqual(el('MgmtTree', 'syncml:dmddf1.2', []));
    expect(lax.warnings.join()).toMatch(/page 0/);
  });

  it('recognises DevInf and MetInf public ids', () => {
    expect(decodeWbxml(wb(0x02, 0xa4, 0x03, 0x6a, 0x00, 0x0a)).language).toBe(DEVINF_12);
    expect(decodeWbxml(wb(0x02, 0xa4, 0x03, 0x6a, 0x00, 0x1c)).root.name).toBe('MaxSize');
    expect(decodeWbxml(wb(0x02, 0xa4, 0x02, 0x6a, 0x00, 0x00, 0x01, 0x0e)).language).toBe(
      METINF_12,
    );
  });

  it('accepts US-ASCII, Latin-1 and unknown charsets', () => {
    const latin = decodeWbxml(wb(0x03, 0xa4, 0x01, 0x04, 0x00, 0x4f, 0x03, 0xe9, 0x00, 0x01));
    expect(latin.root).toEqual(el('Data', S, [text('é')]));
    expect(decodeWbxml(wb(0x03, 0xa4, 0x01, 0x03, 0x00, 0x2d)).charset).toBe(3);
    const unknown = withWarnings(wb(0x03, 0xa4, 0x01, 0x00, 0x00, 0x4f, strI('ü'), 0x01));
    expect(unknown.root).toEqual(el('Data', S, [text('ü')]));
    expect(unknown.warnings.join()).toMatch(/charset 0/);
  });

  it('skips extension tokens and PIs with a warning', () => {
    const body = wb(
      0x43,
      0x04,
      0x00,
      0x01,
      0x6d,
      0x40,
      strI('e'),
      0x80,
      0x05,
      0xc0,
      0x4f,
      strI('d'),
      0x01,
      0x01,
    );
    const table = wb('pi', 0);
    const r = withWarnings(wb(0x03, 0xa4, 0x01, 0x6a, table.length, table, body));
    expect(r.root).toEqual(el('SyncML', S, [el('Data', S, [text('d')])]));
    expect(r.warnings).toHaveLength(4);
  });

  it('tolerates the Nokia root xmlns attribute quirk', () => {
    const bytes = wb(
      SYNCML12_HEADER,
      0xed,
      0x04,
      0x00,
      strI('SYNCML:SYNCML1.2'),
      0x01,
      0x6c,
      0x01,
      0x01,
    );
    const r = withWarnings(bytes);
    expect(r.root).toEqual(el('SyncML', S, [el('SyncHdr', S)]));
    expect(r.warnings.length).toBeGreaterThan(0);
  });

  it('keeps LITERAL-named attributes, drops xmlns and skips unknown attribute tokens', () => {
    const table = wb('lang', 0, 'xmlns', 0);
    const head = wb(0x03, 0xa4, 0x01, 0x6a, table.length, table);
    const attrs = wb(0x04, 0x00, strI('en'), 0x02, 0x21, 0x04, 0x05, strI('x'), 0x05, 0x85, 0x01);
    const r = withWarnings(wb(head, 0xad, attrs));
    expect(r.root).toEqual(el('SyncML', S, [], [{ name: 'lang', value: 'en!' }]));
    expect(r.warnings).toHaveLength(2);
  });

  it('tolerates a SWITCH_PAGE right before END (Nokia 6600)', () => {
    const bytes = wb(
      SYNCML12_HEADER,
      0x6d,
      0x5a,
      0x00,
      0x01,
      0x4c,
      strI('1'),
      0x01,
      0x00,
      0x00,
      0x01,
      0x01,
    );
    expect(decodeWbxml(bytes).root.children[0]).toEqual(
      el('Meta', S, [el('MaxMsgSize', M, [text('1')])]),
    );
  });

  it('tolerates zero padding after the root but rejects other trailing bytes', () => {
    const r = withWarnings(wb(SYNCML12_HEADER, 0x2d, 0x00, 0x00, 0x00));
    expect(r.root).toEqual(el('SyncML', S));
    expect(r.warnings).toHaveLength(1);
    expect(decodeErr(wb(SYNCML12_HEADER, 0x2d, 0x00, 0x2d))).toMatchObject({
      reason: 'trailing-data',
      offset: 6,
    });
  });

  it('reports unknown public ids, versions, charsets, pages and tokens with offsets', () => {
    expect(decodeErr(wb(0x03, 0x7f, 0x6a, 0x00, 0x2d))).toMatchObject({
      reason: 'unknown-public-id',
    });
    expect(decodeErr(wb(0x04, 0xa4, 0x01, 0x6a, 0x00, 0x2d))).toMatchObject({
      reason: 'bad-version',
      offset: 0,
    });
    expect(decodeErr(wb(0x03, 0xa4, 0x01, 0x83, 0x77, 0x00, 0x2d))).toMatchObject({
      reason: 'bad-charset',
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x6d, 0x00, 0x07, 0x45, 0x01, 0x01))).toMatchObject({
      reason: 'unknown-page',
      offset: 8,
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x6d, 0x70, 0x01, 0x01))).toMatchObject({
      reason: 'unknown-token',
      offset: 6,
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x6d, 0x3f, 0x01))).toMatchObject({
      reason: 'unknown-token',
      offset: 6,
    });
  });

  it('rejects bad string references, entities and UTF-8', () => {
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x83, 0x00, 0x01))).toMatchObject({
      reason: 'bad-string-ref',
      offset: 6,
    });
    expect(
      decodeErr(wb(0x03, 0xa4, 0x01, 0x6a, 0x02, 'a', 0, 0x4f, 0x83, 0x02, 0x01)),
    ).toMatchObject({ reason: 'bad-string-ref' });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x02, 0x00, 0x01))).toMatchObject({
      reason: 'entity',
      offset: 6,
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x02, 0x83, 0xb0, 0x00, 0x01))).toMatchObject({
      reason: 'entity',
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x02, 0xc4, 0x80, 0x80, 0x00, 0x01))).toMatchObject({
      reason: 'entity',
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x03, 0xc3, 0x28, 0x00, 0x01))).toMatchObject({
      reason: 'bad-utf8',
      offset: 7,
    });
  });

  it('rejects a LITERAL tag whose name is empty', () => {
    const bytes = wb(0x03, 0xa4, 0x01, 0x6a, 0x01, 0x00, 0x6d, 0x04, 0x00, 0x01);
    expect(decodeErr(bytes)).toMatchObject({ reason: 'bad-value', offset: 7 });
  });

  it('rejects structure errors: END or text outside the root, missing root', () => {
    expect(decodeErr(wb(SYNCML12_HEADER, 0x01))).toMatchObject({
      reason: 'unexpected-element',
      offset: 5,
    });
    expect(decodeErr(wb(SYNCML12_HEADER, strI('x'), 0x2d))).toMatchObject({
      reason: 'unexpected-element',
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0xc3, 0x00, 0x2d))).toMatchObject({
      reason: 'unexpected-element',
    });
    expect(decodeErr(SYNCML12_HEADER)).toMatchObject({ reason: 'truncated', offset: 5 });
    expect(decodeErr(new Uint8Array(0))).toMatchObject({ reason: 'truncated', offset: 0 });
  });

  it('enforces the depth limit', () => {
    const open = Array<number>(10).fill(0x54);
    const close = Array<number>(10).fill(0x01);
    expect(decodeWbxml(wb(SYNCML12_HEADER, ...open, ...close), { maxDepth: 10 }).root.name).toBe(
      'Item',
    );
    expect(
      decodeErr(wb(SYNCML12_HEADER, ...open, 0x54, ...close, 0x01), { maxDepth: 10 }),
    ).toMatchObject({
      reason: 'too-deep',
      offset: 15,
    });
    const deep = wb(SYNCML12_HEADER, ...Array<number>(100000).fill(0x54));
    expect(decodeErr(deep)).toMatchObject({ reason: 'too-deep', offset: 5 + 64 });
  });

  it('rejects absurd declared lengths before allocating', () => {
    const huge = [0x80 | 0x7f, 0xff, 0xff, 0x7f]; // 0x0FFFFFFF
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0xc3, ...huge, 0x01))).toMatchObject({
      reason: 'truncated',
      offset: 6,
    });
    expect(decodeErr(wb(SYNCML12_HEADER, 0x4f, 0x83, ...huge, 0x01))).toMatchObject({
      reason: 'bad-string-ref',
    });
    expect(decodeErr(wb(0x03, 0xa4, 0x01, 0x6a, ...huge, 0x2d))).toMatchObject({
      reason: 'truncated',
      offset: 4,
    });
    expect(
      decodeErr(wb(SYNCML12_HEADER, 0x4f, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0xff, 0x7f)),
    ).toMatchObject({
      reason: 'bad-length',
    });
  });

  it('caps text amplified through string-table references', () => {
    const big = 'x'.repeat(60000);
    const refs = Array.from({ length: 400 }, () => [0x83, 0x00]).flat();
    const bytes = wb(0x03, 0xa4, 0x01, 0x6a, 0x83, 0xd4, 0x61, big, 0x00, 0x4f, ...refs, 0x01);
    expect(decodeErr(bytes)).toMatchObject({ reason: 'too-large' });
  });
});
