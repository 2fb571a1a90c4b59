import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';
import { decodeMessage, encodeMessage, messageToXml } from '../../../protocol/syncml/index.js';
import type { SyncMLMessage } from '../../../protocol/syncml/index.js';
import { DEVINF_11, DMDDF_12, decodeWbxml, encodeWbxml } from '../../../protocol/wbxml/index.js';
import type { XmlElement, XmlNode } from '../../../protocol/xml/element.js';
import { parseXml } from '../../../protocol/xml/parse-xml.js';

const VECTORS = fileURLToPath(new URL('../../../../shared/vectors/', import.meta.url));
const LIBWBXML = join(VECTORS, 'libwbxml');
const BUTEO = join(VECTORS, 'buteo-syncml');
const work = mkdtempSync(join(tmpdir(), 'syncml-vectors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs Debian's wbxml2xml (libwbxml2-utils) on bytes and returns the XML it writes. */
function wbxml2xml(bytes: Uint8Array, name: string): Uint8Array {
  const input = join(work, `${name}.wbxml`);
  const output = join(work, `${name}.out.xml`);
  writeFileSync(input, bytes);
  execFileSync('/usr/bin/wbxml2xml', ['-o', output, input], { stdio: 'pipe' });
  return readFileSync(output);
}

/** Runs Debian's xml2wbxml without a string table and returns the WBXML it writes. */
function xml2wbxml(path: string, name: string): Uint8Array {
  const output = join(work, `${name}.oracle.wbxml`);
  execFileSync('/usr/bin/xml2wbxml', ['-n', '-o', output, path], { stdio: 'pipe' });
  return readFileSync(output);
}

const decode = (bytes: Uint8Array): SyncMLMessage => decodeMessage(bytes).message;

/** Element tree with text trimmed and whitespace-only text dropped (libwbxml trims). */
function normalize(e: XmlElement): XmlElement {
  const children: XmlNode[] = [];
  for (const c of e.children) {
    if (c.kind === 'element') children.push(normalize(c));
    else if (c.kind === 'text' && c.value.trim() !== '')
      children.push({ kind: 'text', value: c.value.trim() });
    else if (c.kind === 'opaque') children.push(c);
  }
  return { ...e, children };
}

/** Deep copy with CRLF → LF in every string (see the xml2wbxml test). */
function crlfToLf<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\r\n/g, '\n') as T;
  if (Array.isArray(value)) return value.map(crlfToLf) as T;
  if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, crlfToLf(v)])) as T;
}

const messages = readdirSync(LIBWBXML).filter(
  (f) => f.startsWith('syncml') && f !== 'syncml-011.xml',
);

describe('libwbxml vectors', () => {
  it('has the SyncML message vectors', () => {
    expect(messages.length).toBe(14);
  });

  for (const file of messages) {
    const path = join(LIBWBXML, file);
    const xml = readFileSync(path);

    it(`${file}: XML → model → WBXML → model → XML keeps the model`, () => {
      const model = decode(xml);
      const wbxml = encodeMessage(model, 'wbxml');
      expect(decode(wbxml)).toEqual(model);
      const again = new TextEncoder().encode(messageToXml(decode(wbxml), { pretty: true }));
      expect(decode(again)).toEqual(model);
    });

    it(`${file}: our WBXML read by wbxml2xml gives the same message`, () => {
      const model = decode(xml);
      const oracleXml = wbxml2xml(encodeMessage(model, 'wbxml', { wbxmlVersion: 3 }), file);
      expect(decode(oracleXml)).toEqual(model);
    });

    it(`${file}: xml2wbxml -n output decodes to the same message`, () => {
      // libwbxml rewrites LF as CRLF inside Data (013/014 carry multi-line vCards); XML
      // end-of-line handling has already turned any CRLF of the source into LF.
      expect(crlfToLf(decode(xml2wbxml(path, file)))).toEqual(decode(xml));
    });
  }

  for (const [file, language] of [
    ['ddf-001.ddf', DMDDF_12],
    ['syncml-011.xml', DEVINF_11],
  ] as const) {
    it(`${file}: the ${language.name} document survives our WBXML encoder and wbxml2xml`, () => {
      const path = join(LIBWBXML, file);
      const tree = normalize(parseXml(readFileSync(path)));
      const ours = encodeWbxml(tree, language, { version: 3 });
      expect(normalize(decodeWbxml(ours).root)).toEqual(tree);
      expect(normalize(parseXml(wbxml2xml(ours, file)))).toEqual(tree);
      expect(normalize(decodeWbxml(xml2wbxml(path, file)).root)).toEqual(tree);
    });
  }
});

function decodeErrorOf(bytes: Uint8Array): DecodeError {
  try {
    decodeMessage(bytes);
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

describe('buteo-syncml vectors', () => {
  const bin = readFileSync(join(BUTEO, 'basicbasetransport.bin'));
  const txt = readFileSync(join(BUTEO, 'basicbasetransport.txt'));

  it('decodes basicbasetransport.bin to the model of its XML twin', () => {
    const fromBin = decodeMessage(bin);
    expect(fromBin.encoding).toBe('wbxml');
    expect(fromBin.message).toEqual(decode(txt));
    expect(fromBin.message.header.sessionId).toBe('');
    expect(fromBin.message.commands).toEqual([]);
  });

  it('re-encodes basicbasetransport byte for byte as WBXML 1.3', () => {
    const bytes = encodeMessage(decode(txt), 'wbxml', { wbxmlVersion: 3 });
    expect(Buffer.from(bytes).toString('hex')).toBe(bin.toString('hex'));
  });

  it('parses the DS init and response samples', () => {
    const init = decode(readFileSync(join(BUTEO, 'syncml_init.txt')));
    expect(init.header.source.locName).toBe('guest');
    expect(init.header.meta?.maxObjSize).toBe(500000);
    expect(init.commands.map((c) => c.kind)).toEqual(['Alert', 'Alert']);
    const resp = decode(readFileSync(join(BUTEO, 'syncml_resp.txt')));
    expect(resp.commands[0]).toMatchObject({ kind: 'Status', cmd: 'SyncHdr', code: 200 });
    expect(resp.header.cred?.meta?.type).toBe('syncml:auth-basic');
    expect(resp.final).toBe(true);
  });

  it('rejects respinvalid1 (a second XML declaration) as malformed XML', () => {
    const e = decodeErrorOf(readFileSync(join(BUTEO, 'respinvalid1.txt')));
    expect(e.reason).toBe('malformed-xml');
    expect(e.offset).toBeGreaterThan(0);
  });

  it('rejects respinvalid2 and respinvalid3 (no SyncBody) as missing-element', () => {
    expect(decodeErrorOf(readFileSync(join(BUTEO, 'respinvalid2.txt'))).reason).toBe(
      'missing-element',
    );
    expect(decodeErrorOf(readFileSync(join(BUTEO, 'respinvalid3.txt'))).reason).toBe(
      'missing-element',
    );
  });
});
