/**
 * Fuzzes the TNDS decoders (XML when the input starts like text, WBXML when it starts with
 * a WBXML version byte) and then adds whatever decodes to a fresh tree. A document that
 * the tree accepts must survive snapshot → WBXML → decode → add unchanged.
 */
import { readFileSync } from 'node:fs';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';
import {
  addTnds,
  decodeTndsWbxml,
  decodeTndsXml,
  encodeTndsWbxml,
  encodeTndsXml,
  tndsFromTree,
} from '../../../protocol/tree/tnds-tree.js';
import type { TndsDocument } from '../../../protocol/tree/tnds.js';
import type { FuzzTarget } from '../target.js';

function sampleTree(): DmTree {
  const tree = new DmTree();
  tree.add('./Acc', { format: 'node', type: 'org.example/1.0/Acc', acl: 'Get=*&Replace=srv' });
  tree.add('./Acc/Name', { value: 'Händler & <Co>', title: 'Display name' });
  tree.add('./Acc/Port', { format: 'int', value: '8080' });
  tree.add('./Acc/Key', { format: 'b64', value: Uint8Array.of(0, 1, 254, 255) });
  tree.add('./Acc/Raw', { format: 'bin', value: Uint8Array.of(0, 0x80, 0xff) });
  tree.add('./Acc/Sub/Deep', { format: 'bool', value: 'true' });
  return tree;
}

function seeds(): Uint8Array[] {
  const doc = tndsFromTree(sampleTree(), './Acc');
  return [
    new TextEncoder().encode(encodeTndsXml(doc)),
    encodeTndsWbxml(doc),
    new Uint8Array(
      readFileSync(new URL('../../../../shared/vectors/libwbxml/ddf-001.ddf', import.meta.url)),
    ),
  ];
}

function shape(tree: DmTree): string {
  return JSON.stringify(
    tree
      .walk('.')
      .map((n) => [n.uri, n.format, n.type, n.acl, n.title, n.value && Array.from(n.value)]),
  );
}

function addOrNull(doc: TndsDocument): DmTree | null {
  const tree = new DmTree({ limits: { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 } });
  try {
    addTnds(tree, '.', doc);
    return tree;
  } catch (e) {
    if (isDmStatusError(e)) return null;
    throw e;
  }
}

function run(input: Uint8Array): void {
  const doc =
    input.length > 0 && (input[0] as number) <= 3 ? decodeTndsWbxml(input) : decodeTndsXml(input);
  const tree = addOrNull(doc);
  if (tree === null) return;
  const again = addOrNull(decodeTndsWbxml(encodeTndsWbxml(tndsFromTree(tree, '.'))));
  if (again === null || shape(again) !== shape(tree)) {
    throw new Error('TNDS: tree → WBXML → tree changed the tree');
  }
}

/** The TNDS decoder target. */
export const target: FuzzTarget = { name: 'tnds-decode', seeds, run };
