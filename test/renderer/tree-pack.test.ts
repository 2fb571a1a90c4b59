import { describe, expect, it } from 'vitest';
import type { PackedTree, TreeNodeView } from '../../main/ipc/contract.js';
import { IntColumnWriter, packTree } from '../../main/ipc/pack-tree.js';
import { PackedTreeError, readPackedTree, unpackTree } from '../../renderer/src/lib/tree-pack.js';

const ints = (...vs: number[]): string => {
  const w = new IntColumnWriter();
  for (const v of vs) w.push(v);
  return w.text();
};

const sample: TreeNodeView[] = [
  { path: './A', format: 'node', acl: 'Get=*', children: 1 },
  { path: './A/B', format: 'int', value: '42', size: 2 },
  { path: './A/Pic', format: 'bin', size: 3, base64: 'AAEC' },
];

describe('tree-pack (the page side of the get-tree wire format)', () => {
  it('decodes large integers exactly', () => {
    const big = [0, 31, 32, 1024, 2 ** 31 - 1, 2 ** 40];
    const packed: PackedTree = {
      ...packTree(big.map((_, i) => ({ path: `n${i}`, format: 'chr' }))),
      size: ints(...big),
    };
    expect(unpackTree(packed).map((n) => n.size)).toEqual(big);
  });

  it('round-trips a tree through JSON, including a binary value', () => {
    const packed = JSON.parse(JSON.stringify(packTree(sample))) as PackedTree;
    expect(unpackTree(packed)).toEqual(sample);
  });

  it('reads one-character and longer codes alike (40 formats, sizes past 30)', () => {
    const nodes: TreeNodeView[] = Array.from({ length: 40 }, (_, i) => ({
      path: `n${i}`,
      format: `f${i}`,
      size: i * 3,
      value: 'v'.repeat(i),
    }));
    const packed = packTree(nodes);
    expect(packed.format).not.toHaveLength(40);
    expect(unpackTree(packed)).toEqual(nodes);
    const few = nodes.slice(0, 5);
    expect(packTree(few).format).toHaveLength(5);
    expect(unpackTree(packTree(few))).toEqual(few);
  });

  it('reads runs of one integer, in the parents column as in the others', () => {
    // A chain (every parent the entry before) with one ACL, no sizes and growing values.
    const chain: TreeNodeView[] = Array.from({ length: 100 }, (_, i) => ({
      path: Array.from({ length: i + 1 }, (_, k) => `n${k}`).join('/'),
      format: 'chr',
      acl: 'Get=*',
      value: 'v'.repeat(i % 40),
    }));
    const packed = packTree(chain);
    expect(packed.parents.length).toBeLessThan(10);
    expect(packed.acl.length).toBeLessThan(10);
    expect(packed.size.length).toBeLessThan(10);
    expect(packed.valueLength).not.toContain('*');
    expect(unpackTree(JSON.parse(JSON.stringify(packed)) as PackedTree)).toEqual(chain);
  });

  it('refuses a packed tree that breaks an invariant, with a typed error', () => {
    const good = packTree(sample);
    const broken: Partial<PackedTree>[] = [
      { parents: ints(0, 1, 5, 1) }, // a parent after the entry / before entry 0
      { parents: ints(0, 1) }, // too few
      { format: ints(0, 1, 7, 0) }, // no such format
      { format: ints(0, 1, 40, 0) }, // no such format, a two-character code
      { format: ints(0, 1, 0) }, // too few one-character codes
      { size: `${ints(-1, 2, 70, -1)}a` }, // a code left unfinished
      { valueLength: ints(-1, -1, 9, -1) }, // lengths past the values
      { base64: [[9, 'AA==']] },
      { names: './/A' }, // an empty name
      { acl: `${ints(0, -1, -1)}"` }, // a character outside the alphabet
      { acl: `${ints(0)}*${ints(4)}` }, // a run past the end
      { acl: `${ints(1)}*${ints(3)}` }, // one run of a code out of range
      { acl: `${ints(0, 0)}*${ints(0)}${ints(0)}` }, // a run of none
      { acl: `*${ints(3)}` }, // a run of nothing
      { acl: `${ints(0, 0, 0)}*` }, // a run without its count
      { parents: `${ints(0)}*${ints(4)}` }, // five roots for four entries
      { parents: `${ints(0, 1, 1)}**${ints(1)}` },
    ];
    for (const b of broken)
      expect(() => readPackedTree({ ...good, ...b })).toThrow(PackedTreeError);
    expect(readPackedTree(good).count).toBe(4);
  });
});
