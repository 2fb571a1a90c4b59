/**
 * Fuzzes `decodeWbxml`. Beyond "value or DecodeError" it checks that whatever decodes and
 * can be re-encoded (no attributes, no literal-only tag names) decodes again to the same
 * tree, so a decoder that misreads a token is a finding too.
 *
 * Seeds: libwbxml's `xml2wbxml -n` (and string-table) encodings of the shared libwbxml
 * vectors when the tool is installed, the buteo SyncML 1.2 message, and hand-made documents
 * that reach the rarer tokens (string table, LITERAL, ENTITY, OPAQUE, EXT, PI, attributes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWbxml } from '../../../protocol/wbxml/decode.js';
import { encodeWbxml, WbxmlEncodeError } from '../../../protocol/wbxml/encode.js';
import type { XmlNode } from '../../../protocol/xml/element.js';
import type { FuzzTarget } from '../target.js';

/** The shared vectors folder, from source (`test/…`) or compiled (`dist/test/…`) location. */
function vectorsDir(): string | undefined {
  for (const rel of ['../../../../shared/vectors/', '../../../../../shared/vectors/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** Hand-made documents (hex) covering tokens the vectors do not use. */
const HAND_MADE = [
  // SyncML 1.2, string table "abc\0X-Vendor\0": STR_T, ENTITY, LITERAL_C.
  '03a4016a0d61626300582d56656e646f72006d4f030061008300028122014404010101',
  // Nokia root xmlns attribute quirk.
  '03a4016a00ed040003' + '53594e434d4c3a53594e434d4c312e3200' + '016c0101',
  // OPAQUE, EXT_I/EXT_T/EXT, PI before the root, MetInf page switch.
  '03a4016a03706900430400016d4003650080 05c04fc30301000201 5a00014c03310001 0101'.replace(/ /g, ''),
  // DDF with FPI in the string table, page 2.
  '0300006a1b2d2f2f4f4d412f2f4454442d444d2d44444620312e322f2f454e000002606425240101',
];

function seeds(): Uint8Array[] {
  const out = HAND_MADE.map(hex);
  const dir = vectorsDir();
  if (!dir) return out;
  const buteo = join(dir, 'buteo-syncml/basicbasetransport.bin');
  if (existsSync(buteo)) out.push(new Uint8Array(readFileSync(buteo)));
  if (!existsSync('/usr/bin/xml2wbxml')) return out;
  const tmp = mkdtempSync(join(tmpdir(), 'wbxml-seeds-'));
  try {
    const lib = join(dir, 'libwbxml');
    for (const f of readdirSync(lib)) {
      for (const args of [['-n'], []]) {
        const dest = join(tmp, `${f}${args.length}.wbxml`);
        try {
          execFileSync('/usr/bin/xml2wbxml', [...args, '-o', dest, join(lib, f)], {
            stdio: 'pipe',
            timeout: 20_000,
          });
          out.push(new Uint8Array(readFileSync(dest)));
        } catch {
          // A vector libwbxml cannot encode is simply not a seed.
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

function same(a: XmlNode, b: XmlNode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'text') return b.kind === 'text' && a.value === b.value;
  if (a.kind === 'opaque') {
    return (
      b.kind === 'opaque' &&
      a.bytes.length === b.bytes.length &&
      a.bytes.every((x, i) => x === b.bytes[i])
    );
  }
  if (b.kind !== 'element') return false;
  return (
    a.name === b.name &&
    a.ns === b.ns &&
    a.children.length === b.children.length &&
    a.children.every((c, i) => same(c, b.children[i] as XmlNode))
  );
}

function run(input: Uint8Array): void {
  const doc = decodeWbxml(input);
  let again: Uint8Array;
  try {
    again = encodeWbxml(doc.root, doc.language);
  } catch (e) {
    if (e instanceof WbxmlEncodeError) return;
    throw e;
  }
  if (!same(decodeWbxml(again).root, doc.root)) {
    throw new Error('wbxml: decode → encode → decode changed the tree');
  }
}

/** The WBXML decoder target. */
export const target: FuzzTarget = { name: 'wbxml-decode', seeds, run };
