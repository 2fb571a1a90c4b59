/**
 * Fuzzes `parseXml` on arbitrary bytes: it must return a tree or throw DecodeError, and
 * whatever parses must serialize and parse back to the same tree.
 */
import { parseXml } from '../../../protocol/xml/parse-xml.js';
import { serializeXml } from '../../../protocol/xml/serialize-xml.js';
import type { FuzzTarget } from '../target.js';

const SEEDS = [
  '<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><SessionID/></SyncHdr><SyncBody><Get><CmdID>1</CmdID><Meta><Type xmlns="syncml:metinf">text/plain</Type></Meta></Get><Final/></SyncBody></SyncML>',
  '<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.1//EN" "x.dtd">\n<SyncML>\n  <Data><![CDATA[<&>]]>&lt;&#xC5;&#228;</Data>\n</SyncML>',
  '<a xmlns:m="urn:m" m:k="v&quot;"><m:b>Åsa 张伟 😀</m:b><!-- c --><?pi x?></a>',
  '<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\u00e9</a>',
];

function seeds(): Uint8Array[] {
  return SEEDS.map((s) =>
    s.includes('ISO-8859-1')
      ? Uint8Array.from(s, (c) => c.charCodeAt(0))
      : new TextEncoder().encode(s),
  );
}

function run(input: Uint8Array): void {
  const tree = parseXml(input, { maxDepth: 64 });
  let xml: string;
  try {
    xml = serializeXml(tree);
  } catch (e) {
    // Character references can smuggle in nothing XML forbids, so this is a finding.
    throw new Error(`parsed tree does not serialize: ${String(e)}`, { cause: e });
  }
  if (JSON.stringify(parseXml(xml)) !== JSON.stringify(tree)) {
    throw new Error('xml: serialize → parse changed the tree');
  }
}

/** The XML parser target. */
export const target: FuzzTarget = { name: 'xml-decode', seeds, run };
