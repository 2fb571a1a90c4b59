import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isValidNodeName } from '../../../protocol/tree/uri.js';
import type { DmFormat } from '../../../protocol/tree/format.js';
import {
  addTnds,
  decodeTndsWbxml,
  decodeTndsXml,
  encodeTndsWbxml,
  encodeTndsXml,
  tndsFromTree,
} from '../../../protocol/tree/tnds-tree.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { target } from '../../fuzz/targets/tnds-decode.js';

interface Spec {
  name: string;
  leaf: { format: DmFormat; value: Uint8Array } | undefined;
  acl: string;
  title: string | undefined;
  children: Spec[];
}

// XML 1.0 can carry these characters; values outside it must be b64/bin anyway.
const NOT_XML_TEXT =
  // eslint-disable-next-line no-control-regex -- the control characters are what is excluded
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\r\ufffe\uffff]/;
const xmlText = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !NOT_XML_TEXT.test(s));
const nodeName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
  .filter((s) => isValidNodeName(s) && s.trim() === s && !/[\ufffe\uffff]/.test(s));
const textFormat = fc.constantFrom<DmFormat>(
  'chr',
  'int',
  'bool',
  'xml',
  'date',
  'time',
  'float',
  'null',
);
const leaf = fc.oneof(
  fc.record({ format: textFormat, value: xmlText.map((s) => new TextEncoder().encode(s)) }),
  fc.record({
    format: fc.constantFrom<DmFormat>('b64', 'bin'),
    value: fc.uint8Array({ maxLength: 16 }),
  }),
);
const acl = fc.constantFrom('', 'Get=*', 'Get=*&Replace=srv1+srv2', 'Add=a&Delete=a&Exec=b');

const spec: fc.Memo<Spec> = fc.memo((depth) =>
  fc.record({
    name: nodeName,
    leaf: depth <= 1 ? leaf : fc.option(leaf, { nil: undefined }),
    acl,
    title: fc.option(
      xmlText.map((s) => s.trim()),
      { nil: undefined },
    ),
    children: depth <= 1 ? fc.constant([]) : fc.array(spec(depth - 1), { maxLength: 3 }),
  }),
);

function build(tree: DmTree, at: string[], s: Spec): void {
  const segs = [...at, s.name];
  if (tree.has(segs)) return;
  const common = {
    ...(s.acl ? { acl: s.acl } : {}),
    ...(s.title !== undefined ? { title: s.title } : {}),
  };
  if (s.leaf !== undefined && s.children.length === 0) tree.add(segs, { ...common, ...s.leaf });
  else {
    tree.add(segs, { ...common, format: 'node', type: 'org.example/1.0/X' });
    for (const c of s.children) build(tree, segs, c);
  }
}

function shape(tree: DmTree): unknown[] {
  return tree
    .walk('.')
    .map((n) => [n.uri, n.format, n.type, n.acl, n.title, n.value && Array.from(n.value)]);
}

describe('tnds (properties)', () => {
  it('gives back an equal tree after TNDS XML and WBXML for random trees', () => {
    fc.assert(
      fc.property(fc.array(spec(3), { minLength: 1, maxLength: 3 }), (specs) => {
        const src = new DmTree();
        for (const s of specs) build(src, [], s);
        const doc = tndsFromTree(src, '.');
        const viaXml = new DmTree();
        addTnds(viaXml, '.', decodeTndsXml(encodeTndsXml(doc)));
        expect(shape(viaXml)).toEqual(shape(src));
        const viaWbxml = new DmTree();
        addTnds(viaWbxml, '.', decodeTndsWbxml(encodeTndsWbxml(doc)));
        expect(shape(viaWbxml)).toEqual(shape(src));
      }),
      { numRuns: 80 },
    );
  });

  it('returns a value or a DecodeError for mutated and truncated TNDS', () => {
    const seeds = target.seeds();
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }),
        (which, cutAt, edits) => {
          const seed = seeds[which] as Uint8Array;
          const input = seed.slice(
            0,
            seed.length - (cutAt % (seed.length + 1)) * (cutAt % 3 === 0 ? 1 : 0),
          );
          for (const [i, v] of edits) if (input.length > 0) input[i % input.length] = v;
          try {
            target.run(input);
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
