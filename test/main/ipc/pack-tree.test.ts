import { describe, expect, it } from 'vitest';
import type { TreeNodeView } from '../../../main/ipc/contract.js';
import { IntColumnWriter, normalizeTreePath, packTree } from '../../../main/ipc/pack-tree.js';
import { readPackedTree, unpackTree } from '../../../renderer/src/lib/tree-pack.js';

const leaf = (path: string, value: string, extra: Partial<TreeNodeView> = {}): TreeNodeView => ({
  path,
  format: 'chr',
  value,
  ...extra,
});
const interior = (path: string, extra: Partial<TreeNodeView> = {}): TreeNodeView => ({
  path,
  format: 'node',
  ...extra,
});

/** Names and parent paths per entry, as the page decodes them. */
function entries(nodes: readonly TreeNodeView[]): [string, string][] {
  const c = readPackedTree(packTree(nodes));
  const paths: string[] = [];
  return c.names.map((name, i) => {
    const parent = c.parents[i] ?? -1;
    paths.push(parent < 0 ? name : `${paths[parent] ?? '?'}/${name}`);
    return [paths[i] ?? '', parent < 0 ? '' : (paths[parent] ?? '?')];
  });
}

describe('packTree', () => {
  it('round-trips every field of every node, in listing order', () => {
    const nodes: TreeNodeView[] = [
      interior('.', { children: 2 }),
      interior('./CIMO', { type: 'urn:oma:mo:oma-cimo:1.0', acl: 'Get=*', children: 1 }),
      leaf('./CIMO/State', '30', { format: 'int', acl: 'Get=*&Replace=console1', size: 2 }),
      { path: './Vendor/Photo', format: 'bin', type: 'image/jpeg', size: 4, base64: '/9j/4A==' },
      leaf('./Vendor/Empty', ''),
    ];
    expect(unpackTree(packTree(nodes))).toEqual([
      ...nodes.slice(0, 3),
      // ./Vendor was not listed: an entry (the parent) but no node.
      ...nodes.slice(3),
    ]);
    expect(entries(nodes).map(([p]) => p)).toEqual([
      '.',
      './CIMO',
      './CIMO/State',
      './Vendor',
      './Vendor/Photo',
      './Vendor/Empty',
    ]);
  });

  it('packs an empty tree and a root-only tree', () => {
    const empty = packTree([]);
    expect(empty.names).toBe('');
    expect(unpackTree(empty)).toEqual([]);
    expect(readPackedTree(empty).count).toBe(0);
    const root = [interior('.', { acl: 'Get=*' })];
    expect(unpackTree(packTree(root))).toEqual(root);
    // A node with an empty path names the unnamed root, which is not an entry.
    expect(unpackTree(packTree([interior(''), interior('/')]))).toEqual([]);
  });

  it('carries non-ASCII names and values, and every character a value may hold', () => {
    const odd = 'Zoë ✓ 𝄞 "quoted" \\ back/slash \u0000 nul \u007f del \n line';
    const nodes = [
      interior('./Données'),
      leaf('./Données/Ñame', odd),
      leaf('./Données/𝄞', 'clef'),
      leaf('./Données/Empty', ''),
    ];
    const packed = JSON.parse(JSON.stringify(packTree(nodes))) as ReturnType<typeof packTree>;
    expect(unpackTree(packed)).toEqual(nodes);
  });

  it('puts a parent listed after its child, or never, before the child', () => {
    const nodes = [
      leaf('./V/F10/K', 'c'),
      leaf('./V/F2/K', 'b'),
      interior('./V/F10', { children: 1 }),
      interior('./V'),
    ];
    expect(entries(nodes)).toEqual([
      ['.', ''],
      ['./V', '.'],
      ['./V/F10', './V'],
      ['./V/F10/K', './V/F10'],
      ['./V/F2', './V'],
      ['./V/F2/K', './V/F2'],
    ]);
    expect(unpackTree(packTree(nodes))).toEqual([nodes[3], nodes[2], nodes[0], nodes[1]]);
  });

  it('keeps a repeated path once, with its last listing, and normalizes empty segments', () => {
    const nodes = [leaf('/a//b/', 'old'), leaf('a/c', 'x'), leaf('a/b', 'new'), interior('a')];
    expect(entries(nodes).map(([p]) => p)).toEqual(['a', 'a/b', 'a/c']);
    expect(unpackTree(packTree(nodes))).toEqual([
      interior('a'),
      leaf('a/b', 'new'),
      leaf('a/c', 'x'),
    ]);
    expect(normalizeTreePath('//x///y/')).toBe('x/y');
    expect(normalizeTreePath('./x')).toBe('./x');
  });

  it('finds parents whatever the listing order, with many siblings', () => {
    const nodes: TreeNodeView[] = [];
    for (let i = 999; i >= 0; i--) nodes.push(leaf(`./M/F${i}/Name`, `n${i}`));
    for (let i = 0; i < 1000; i += 3) nodes.push(leaf(`./M/F${i}/Size`, String(i)));
    const got = unpackTree(packTree(nodes));
    expect(got).toHaveLength(nodes.length);
    expect(new Set(got.map((n) => n.path))).toEqual(new Set(nodes.map((n) => n.path)));
    expect(got.find((n) => n.path === './M/F3/Size')?.value).toBe('3');
  });
});

describe('IntColumnWriter', () => {
  it('writes -1, small and large integers as the contract describes', () => {
    const w = new IntColumnWriter(1);
    for (const v of [-1, 0, 30, 31, 32, 1023, 1024, 2 ** 31, Number.MAX_SAFE_INTEGER - 1])
      w.push(v);
    const text = w.text();
    expect(text.startsWith('01Oa0a1')).toBe(true);
    expect(/^[\x30-\x4f\x60-\x7f]*$/.test(text)).toBe(true);
    expect(() => w.push(-2)).toThrow(RangeError);
    expect(() => w.push(1.5)).toThrow(RangeError);
  });

  it('writes a run of 32 or more as the integer, `*` and the count of repeats', () => {
    const w = new IntColumnWriter();
    for (let i = 0; i < 31; i++) w.push(-1);
    w.push(5);
    expect(w.text()).toBe(`${'0'.repeat(31)}6`);
    for (let i = 0; i < 40; i++) w.push(5);
    // Taking the text leaves the run open: more of the same extend it.
    expect(w.text()).toBe(`${'0'.repeat(31)}6*a9`);
    for (let i = 0; i < 59; i++) w.push(5);
    w.push(1024);
    expect(w.text()).toBe(`${'0'.repeat(31)}6*c4a\`1`);
  });
});
