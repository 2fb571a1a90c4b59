/**
 * libwbxml (Debian libwbxml2-utils: xml2wbxml, wbxml2xml) as an independent oracle.
 *
 * What libwbxml does with the vectors (observed, and relied on by the SyncML layer):
 * - `xml2wbxml` writes WBXML 1.3, public id 0x0FD3/0x1201, and no string table with `-n`.
 * - DevInf and DDF/TNDS trees inside SyncML `<Data>` are NOT written inline on another
 *   code page: each becomes a complete WBXML document (its own header: DevInf 1.1 public
 *   id 0x0FD4; DDF public id 0 + FPI in the string table, tags on page 2) carried as
 *   OPAQUE, and the sibling Meta `<Type>` is rewritten from `…+xml` to `…+wbxml`.
 *   `wbxml2xml` expands such OPAQUE back into inline XML.
 * - libwbxml's SyncML 1.2 table has no code page 2: DDF tags written inline on page 2 of a
 *   SyncML message come out as `<unknown>` elements. We test that below so the SyncML layer
 *   knows to embed TNDS as an OPAQUE sub-document for libwbxml-based peers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWbxml } from '../../../protocol/wbxml/decode.js';
import { encodeWbxml } from '../../../protocol/wbxml/encode.js';
import { SYNCML_12 } from '../../../protocol/wbxml/languages.js';
import { el, text, type XmlElement, type XmlNode } from '../../../protocol/xml/element.js';
import { parseXml } from '../../../protocol/xml/parse-xml.js';
import { VECTORS } from './wbxml-bytes.js';

const XML2WBXML = '/usr/bin/xml2wbxml';
const WBXML2XML = '/usr/bin/wbxml2xml';
const haveTools = existsSync(XML2WBXML) && existsSync(WBXML2XML);
const dir = mkdtempSync(join(tmpdir(), 'wbxml-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vectorDir = fileURLToPath(new URL('libwbxml/', VECTORS));
const files = readdirSync(vectorDir).filter((f) => /^(syncml.*\.xml|ddf-001\.ddf)$/.test(f));

function run(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: 'pipe', timeout: 20_000 });
}

/** libwbxml's encoding of a vector (no string table unless asked). */
function theirWbxml(file: string, stringTable = false): Uint8Array {
  const out = join(dir, `${file}${stringTable ? '.t' : ''}.wbxml`);
  run(XML2WBXML, [...(stringTable ? [] : ['-n']), '-o', out, join(vectorDir, file)]);
  return new Uint8Array(readFileSync(out));
}

/** libwbxml's compact XML rendering of WBXML bytes. */
function theirXml(bytes: Uint8Array, name: string): string {
  const input = join(dir, `${name}.in.wbxml`);
  const out = join(dir, `${name}.out.xml`);
  writeFileSync(input, bytes);
  run(WBXML2XML, ['-m', '0', '-o', out, input]);
  return readFileSync(out, 'utf8').replace(/\s+/g, ' ').trim();
}

/** Parses wbxml2xml output (minus prolog and DOCTYPE) into our tree. */
function treeOf(xml: string): XmlElement {
  return parseXml(xml.replace(/^<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>)?/, ''));
}

/** Replaces OPAQUE nodes that hold WBXML documents by their decoded root, recursively. */
function expand(node: XmlElement): XmlElement {
  const children = node.children.map((c): XmlNode => {
    if (c.kind === 'element') return expand(c);
    if (c.kind === 'opaque') {
      try {
        return expand(decodeWbxml(c.bytes).root);
      } catch {
        return c;
      }
    }
    return c;
  });
  return { ...node, children };
}

function hasOpaque(node: XmlNode): boolean {
  if (node.kind === 'opaque') return true;
  return node.kind === 'element' && node.children.some(hasOpaque);
}

describe.skipIf(!haveTools)('wbxml against libwbxml', () => {
  it('has vectors to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
  });

  for (const file of files) {
    it(`decodes and re-encodes ${file} as libwbxml reads it`, () => {
      const theirs = theirWbxml(file);
      const doc = decodeWbxml(theirs);
      const ours13 = encodeWbxml(doc.root, doc.language, { version: 3 });
      const ours12 = encodeWbxml(doc.root, doc.language);
      const reference = theirXml(theirs, `${file}.theirs`);
      // (a) libwbxml renders our re-encoding exactly as it renders its own bytes.
      expect(theirXml(ours13, `${file}.ours13`)).toBe(reference);
      expect(theirXml(ours12, `${file}.ours12`)).toBe(reference);
      // (b) our decoder sees the same tree in their bytes and in ours.
      expect(decodeWbxml(ours12).root).toEqual(doc.root);
      // Both encoders make the same choices (inline strings, no-content form, page switches).
      expect(Buffer.from(ours13).equals(Buffer.from(theirs))).toBe(true);
    });

    it(`decodes ${file} the same with and without libwbxml's string table`, () => {
      const plain = decodeWbxml(theirWbxml(file));
      const tabled = decodeWbxml(theirWbxml(file, true));
      // Embedded documents get their own string tables, so compare them decoded.
      expect(expand(tabled.root)).toEqual(expand(plain.root));
    });

    it(`encodes the tree of libwbxml's XML for ${file} so that libwbxml reads it back`, () => {
      const theirs = theirWbxml(file);
      const doc = decodeWbxml(theirs);
      if (hasOpaque(doc.root)) return; // embedded documents: wbxml2xml expands them inline
      const reference = theirXml(theirs, `${file}.ref`);
      const ours = encodeWbxml(treeOf(reference), doc.language);
      expect(theirXml(ours, `${file}.fromxml`)).toBe(reference);
    });
  }

  it('finds embedded DevInf and DDF carried as OPAQUE sub-documents', () => {
    for (const [file, publicId] of [
      ['syncml-003.xml', 0x0fd4],
      ['syncml_with_ddf-001.xml', 0],
    ] as const) {
      const doc = decodeWbxml(theirWbxml(file));
      const found: Uint8Array[] = [];
      const walk = (n: XmlNode): void => {
        if (n.kind === 'opaque') found.push(n.bytes);
        else if (n.kind === 'element') n.children.forEach(walk);
      };
      walk(doc.root);
      expect(found.length).toBeGreaterThan(0);
      const inner = decodeWbxml(found[0] as Uint8Array);
      expect(inner.publicId).toBe(publicId);
      expect(inner.root.name).toBe(publicId === 0 ? 'MgmtTree' : 'DevInf');
    }
  });

  it('shows libwbxml cannot read DDF written inline on page 2 of SyncML 1.2', () => {
    const S = 'SYNCML:SYNCML1.2';
    const D = 'syncml:dmddf1.2';
    const tree = el('SyncML', S, [
      el('SyncBody', S, [el('Data', S, [el('MgmtTree', D, [el('VerDTD', D, [text('1.2')])])])]),
    ]);
    const bytes = encodeWbxml(tree, SYNCML_12);
    expect(decodeWbxml(bytes).root).toEqual(tree);
    // libwbxml's best-effort parser turns every page-2 tag into <unknown>.
    const xml = theirXml(bytes, 'inline-ddf');
    expect(xml).toContain('<Data><unknown><unknown>1.2</unknown></unknown></Data>');
    expect(xml).not.toContain('MgmtTree');
  });
});
