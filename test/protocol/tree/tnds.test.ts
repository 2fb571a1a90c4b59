import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';
import { parseTndsList, formatTndsList } from '../../../protocol/tree/tnds-select.js';
import {
  addTnds,
  decodeTndsWbxml,
  decodeTndsXml,
  encodeTndsWbxml,
  encodeTndsXml,
  replaceTnds,
  tndsFromTree,
} from '../../../protocol/tree/tnds-tree.js';
import { leafText } from '../../../protocol/tree/value.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { parseXml } from '../../../protocol/xml/parse-xml.js';

const DDF_001 = new URL('../../../../shared/vectors/libwbxml/ddf-001.ddf', import.meta.url);

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isDmStatusError(e)) return e.status;
    throw e;
  }
}

/** Everything a TNDS round trip must keep (TStamp/VerNo belong to the receiving tree). */
function shape(tree: DmTree, uri: string): unknown[] {
  return tree.walk(uri).map((n) => ({
    uri: n.uri,
    format: n.format,
    type: n.type,
    acl: n.acl,
    title: n.title,
    value: n.value === undefined ? undefined : Array.from(n.value),
  }));
}

function sample(): DmTree {
  const tree = new DmTree();
  tree.add('./Acc', { format: 'node', type: 'org.example/1.0/Acc', acl: 'Get=*&Replace=srv' });
  tree.add('./Acc/Name', { value: 'Händler & <Co>', title: 'Display name' });
  tree.add('./Acc/Port', { format: 'int', value: '8080' });
  tree.add('./Acc/Key', {
    format: 'b64',
    type: 'application/octet-stream',
    value: Uint8Array.of(0, 1, 254, 255),
  });
  tree.add('./Acc/Raw', { format: 'bin', value: Uint8Array.of(0, 0x80, 0xff, 0x0a) });
  tree.add('./Acc/Empty', { format: 'node' });
  tree.add('./Acc/Flag', { format: 'bool', value: 'true', acl: 'Get=srv' });
  return tree;
}

describe('tnds', () => {
  it('round-trips a subtree through TNDS XML into another tree', () => {
    const src = sample();
    const xml = encodeTndsXml(tndsFromTree(src, './Acc'));
    const dst = new DmTree();
    const created = addTnds(dst, '.', decodeTndsXml(xml));
    expect(created[0]).toBe('./Acc');
    expect(shape(dst, './Acc')).toEqual(shape(src, './Acc'));
  });

  it('writes b64 and bin values as base64 text in XML and bin as OPAQUE in WBXML', () => {
    const doc = tndsFromTree(sample(), './Acc');
    const xml = encodeTndsXml(doc);
    expect(xml).toContain('<Value>AAH+/w==</Value>');
    expect(xml).toContain('<Value>AID/Cg==</Value>');
    const wbxml = encodeTndsWbxml(doc);
    // OPAQUE token 0xC3, length 4, then the raw bytes.
    expect(Buffer.from(wbxml).includes(Buffer.from([0xc3, 4, 0, 0x80, 0xff, 0x0a]))).toBe(true);
  });

  it('round-trips a subtree through TNDS WBXML into another tree', () => {
    const src = sample();
    const dst = new DmTree();
    addTnds(dst, '.', decodeTndsWbxml(encodeTndsWbxml(tndsFromTree(src, './Acc'))));
    expect(shape(dst, './Acc')).toEqual(shape(src, './Acc'));
  });

  it('carries only the selected properties', () => {
    const tree = sample();
    const only = encodeTndsXml(tndsFromTree(tree, './Acc', parseTndsList('TNDS+ACL+Value')));
    expect(only).toContain('<ACL>Get=*&amp;Replace=srv</ACL>');
    expect(only).toContain('<Value>8080</Value>');
    expect(only).not.toContain('<Format>');
    expect(only).not.toContain('<TStamp>');
    const but = encodeTndsXml(tndsFromTree(tree, './Acc', parseTndsList('TNDS-Format-Value')));
    expect(but).not.toContain('<Format>');
    expect(but).not.toContain('<Value>');
    expect(but).toContain('<TStamp>');
    expect(but).toContain('<VerNo>');
    expect(but).toContain('<Size>4</Size>');
    expect(but).toContain('<DDFName>org.example/1.0/Acc</DDFName>');
  });

  it('refuses mixed, unknown or empty property lists with 400 and non-TNDS lists with 406', () => {
    expect(statusOf(() => parseTndsList('TNDS+ACL-Format'))).toBe(400);
    expect(statusOf(() => parseTndsList('TNDS-ACL+Format'))).toBe(400);
    expect(statusOf(() => parseTndsList('TNDS+Colour'))).toBe(400);
    expect(statusOf(() => parseTndsList('TNDS+'))).toBe(400);
    expect(statusOf(() => parseTndsList('TNDS+acl'))).toBe(400);
    expect(statusOf(() => parseTndsList('Struct'))).toBe(406);
    expect([...parseTndsList('TNDS-ACL-Format-Name-Size-Title-TStamp-Type-VerNo')]).toEqual([
      'Value',
    ]);
    expect(formatTndsList(parseTndsList('TNDS+Value+ACL'))).toBe('TNDS+ACL+Value');
    expect(parseTndsList(formatTndsList(new Set()))).toEqual(new Set());
  });

  it('snapshots the root as its children and re-adds them at the root', () => {
    const src = sample();
    const doc = tndsFromTree(src, '.');
    expect(doc.nodes.map((n) => n.name)).toEqual(['Acc']);
    expect(doc.nodes[0]?.path).toBeUndefined();
    const dst = new DmTree();
    addTnds(dst, '.', decodeTndsXml(encodeTndsXml(doc)));
    expect(shape(dst, './Acc')).toEqual(shape(src, './Acc'));
  });

  it('names a top node with an empty NodeName after the target and places Path-ed nodes by Path', () => {
    const dst = new DmTree();
    const xml = `<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>
      <Node><NodeName/><RTProperties><Format><node/></Format></RTProperties>
        <Node><NodeName>Leaf</NodeName><Value>v</Value></Node></Node>
      <Node><NodeName>Other</NodeName><Path>./T/Sub</Path><Value>w</Value></Node>
    </MgmtTree>`;
    expect(addTnds(dst, './T', decodeTndsXml(xml))).toEqual(['./T', './T/Leaf', './T/Sub/Other']);
    expect(leafText(dst.get('./T/Sub/Other').data)).toBe('w');
    expect(dst.get('./T/Leaf').format).toBe('chr');
  });

  it('adds nothing when any node of the document already exists or lies outside the target', () => {
    const dst = sample();
    const doc = decodeTndsXml(
      `<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>
        <Node><NodeName>New</NodeName><Value>1</Value></Node>
        <Node><NodeName>Port</NodeName><Value>2</Value></Node></MgmtTree>`,
    );
    expect(statusOf(() => addTnds(dst, './Acc', doc))).toBe(418);
    expect(dst.has('./Acc/New')).toBe(false);
    const outside = decodeTndsXml(
      `<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>X</NodeName><Path>./Elsewhere</Path></Node></MgmtTree>`,
    );
    expect(statusOf(() => addTnds(dst, './Acc', outside))).toBe(400);
    const underLeaf = decodeTndsXml(
      `<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>X</NodeName></Node></MgmtTree>`,
    );
    expect(statusOf(() => addTnds(dst, './Acc/Port', underLeaf))).toBe(405);
  });

  it('decodes libwbxml ddf-001.ddf into the E-Mail account subtree', () => {
    const dst = new DmTree();
    addTnds(dst, '.', decodeTndsXml(readFileSync(DDF_001)));
    expect(dst.getProperty('./E-Mail', 'Type')).toBe('com.operatorX.dm/1.0/EMail');
    expect(leafText(dst.get('./E-Mail/POP3').data)).toBe('POPServer/UserID/PWD');
    expect(leafText(dst.get('./E-Mail/POP3/PWD').data)).toBe('4571F7C34A9876B3');
  });

  it('decodes WBXML made by libwbxml xml2wbxml -n from our TNDS XML into the same tree', () => {
    const src = sample();
    const dir = mkdtempSync(join(tmpdir(), 'tnds-'));
    try {
      writeFileSync(join(dir, 'in.xml'), encodeTndsXml(tndsFromTree(src, './Acc')));
      execFileSync('xml2wbxml', ['-n', '-o', join(dir, 'out.wbxml'), join(dir, 'in.xml')], {
        stdio: 'pipe',
      });
      const wbxml = new Uint8Array(readFileSync(join(dir, 'out.wbxml')));
      const dst = new DmTree();
      addTnds(dst, '.', decodeTndsWbxml(wbxml));
      expect(shape(dst, './Acc')).toEqual(shape(src, './Acc'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('produces WBXML that libwbxml wbxml2xml reads back to the same document', () => {
    const src = sample();
    const dir = mkdtempSync(join(tmpdir(), 'tnds-'));
    try {
      writeFileSync(
        join(dir, 'in.wbxml'),
        encodeTndsWbxml(tndsFromTree(src, './Acc', parseTndsList('TNDS-Value'))),
      );
      execFileSync('wbxml2xml', ['-o', join(dir, 'out.xml'), join(dir, 'in.wbxml')], {
        stdio: 'pipe',
      });
      const dst = new DmTree();
      addTnds(dst, '.', decodeTndsXml(parseXmlText(readFileSync(join(dir, 'out.xml'), 'utf8'))));
      const strip = (rows: unknown[]) =>
        rows.map((r) => ({ ...(r as object), value: undefined, format: undefined }));
      expect(strip(shape(dst, './Acc'))).toEqual(strip(shape(src, './Acc')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses documents the tree could not hold with a DecodeError', () => {
    const bad = [
      '<MgmtTree><Node><NodeName>a/b</NodeName></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><Node><NodeName/></Node></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><RTProperties><ACL>Get</ACL></RTProperties></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><RTProperties><Format><text/></Format></RTProperties></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><RTProperties><Format><b64/></Format></RTProperties><Value>!!</Value></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><RTProperties><Format><chr/></Format></RTProperties><Node><NodeName>B</NodeName></Node></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><RTProperties><VerNo>x</VerNo></RTProperties></Node></MgmtTree>',
      '<MgmtTree><Node><NodeName>A</NodeName><Path>/bad</Path></Node></MgmtTree>',
      '<MgmtTree><Node><RTProperties/></Node></MgmtTree>',
      '<SyncML/>',
    ];
    for (const xml of bad) {
      let err: unknown;
      try {
        decodeTndsXml(xml);
      } catch (e) {
        err = e;
      }
      expect(isDecodeError(err), xml).toBe(true);
    }
  });
});

/** wbxml2xml writes a DOCTYPE; our parser ignores an external one. */
function parseXmlText(s: string): string {
  parseXml(s);
  return s;
}

describe('tnds replace', () => {
  const doc = (xml: string) =>
    decodeTndsXml(`<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>${xml}</MgmtTree>`);

  it('replaces a whole subtree, dropping nodes the document does not have', () => {
    const tree = sample();
    replaceTnds(
      tree,
      '.',
      doc(
        '<Node><NodeName>Acc</NodeName><Node><NodeName>Only</NodeName><Value>1</Value></Node></Node>',
      ),
    );
    expect(tree.walk('./Acc').map((n) => n.uri)).toEqual(['./Acc', './Acc/Only']);
  });

  it('refuses to replace a subtree holding a permanent node with 405', () => {
    const tree = sample();
    tree.add('./Acc/Fixed', { value: 'x', permanent: true });
    expect(
      statusOf(() => replaceTnds(tree, '.', doc('<Node><NodeName>Acc</NodeName></Node>'))),
    ).toBe(405);
    expect(tree.has('./Acc/Port')).toBe(true);
  });

  it('puts the old subtree back when the new one cannot be added', () => {
    const tree = sample();
    const before = shape(tree, './Acc');
    const bad = doc(
      '<Node><NodeName>Acc</NodeName><Node><NodeName>T</NodeName><RTProperties><Title>' +
        'x'.repeat(300) +
        '</Title></RTProperties></Node></Node>',
    );
    expect(statusOf(() => replaceTnds(tree, '.', bad))).toBe(413);
    expect(shape(tree, './Acc')).toEqual(before);
  });
});
