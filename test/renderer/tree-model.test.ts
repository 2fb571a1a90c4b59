import { describe, expect, it } from 'vitest';
import type { TreeNodeView } from '../../main/ipc/contract.js';
import { packTree } from '../../main/ipc/pack-tree.js';
import {
  ancestorPaths,
  buildTree as buildPacked,
  topLevels,
  visibleRows,
} from '../../renderer/src/lib/tree-model.js';
import type { FlatNode, TreeModel } from '../../renderer/src/lib/tree-model.js';

/** The model of a node list as it arrives: packed by the console's encoder. */
const buildTree = (nodes: readonly TreeNodeView[]): TreeModel => buildPacked(packTree(nodes));
/** Every row in depth-first order. */
const rows = (m: TreeModel): FlatNode[] =>
  Array.from(m.order().rows, (i) => m.row(i)).filter((r) => r !== undefined);

const node = (path: string, value?: string): TreeNodeView =>
  value === undefined ? { path, format: 'node' } : { path, format: 'chr', value };

describe('tree-model', () => {
  const nodes = [
    node('./CIMO/State', '30'),
    node('./CIMO/InfoList/PhoneBook/ItemCount', '214'),
    node('./CIMO/InfoList/Photos/ItemCount', '64'),
    node('./DevInfo/Man', 'Nokla'),
  ];

  it('lays the tree out depth-first with missing ancestors filled in', () => {
    const m = buildTree(nodes);
    expect(rows(m).map((r) => r.path)).toEqual([
      '.',
      './CIMO',
      './CIMO/InfoList',
      './CIMO/InfoList/PhoneBook',
      './CIMO/InfoList/PhoneBook/ItemCount',
      './CIMO/InfoList/Photos',
      './CIMO/InfoList/Photos/ItemCount',
      './CIMO/State',
      './DevInfo',
      './DevInfo/Man',
    ]);
    expect(m.order().depths).toEqual(Int32Array.from([0, 1, 2, 3, 4, 3, 4, 2, 1, 2]));
    expect(m.row(m.indexOf('./CIMO/InfoList/Photos') ?? -1)?.depth).toBe(3);
  });

  it('shows only children of expanded nodes when not searching', () => {
    const m = buildTree(nodes);
    const rows = visibleRows(m, new Set(['.', './CIMO']), '').map((i) => m.row(i)?.path);
    expect(rows).toEqual(['.', './CIMO', './CIMO/InfoList', './CIMO/State', './DevInfo']);
  });

  it('finds nodes by path or value and keeps their ancestors', () => {
    const m = buildTree(nodes);
    const byPath = visibleRows(m, new Set(), 'phonebook/itemcount').map((i) => m.row(i)?.path);
    expect(byPath).toEqual([
      '.',
      './CIMO',
      './CIMO/InfoList',
      './CIMO/InfoList/PhoneBook',
      './CIMO/InfoList/PhoneBook/ItemCount',
    ]);
    const byValue = visibleRows(m, new Set(), 'nokla').map((i) => m.row(i)?.path);
    expect(byValue).toEqual(['.', './DevInfo', './DevInfo/Man']);
  });

  it('handles 50,000 nodes and names the ancestors of a path', () => {
    const many: TreeNodeView[] = [];
    for (let i = 0; i < 5000; i++)
      for (let j = 0; j < 10; j++) many.push(node(`./V/F${i}/K${j}`, `v${i}-${j}`));
    const m = buildTree(many);
    expect(m.size).toBe(2 + 5000 + 50_000);
    expect(visibleRows(m, new Set(), 'v4999-9').length).toBe(4);
    expect(ancestorPaths('./V/F1/K2')).toEqual(['.', './V', './V/F1']);
  });

  it('orders siblings numerically, whatever order they were listed in, with ancestors listed late', () => {
    const m = buildTree([
      node('./V/F10/K', 'c'),
      node('./V/F2/K', 'b'),
      node('./V/F1', undefined),
      node('./V', undefined),
      node('./V/F1/K', 'a'),
    ]);
    expect(rows(m).map((r) => `${r.depth}:${r.path}`)).toEqual([
      '0:.',
      '1:./V',
      '2:./V/F1',
      '3:./V/F1/K',
      '2:./V/F2',
      '3:./V/F2/K',
      '2:./V/F10',
      '3:./V/F10/K',
    ]);
    expect(m.row(m.indexOf('./V/F1') ?? -1)?.node?.format).toBe('node');
    expect(m.row(m.indexOf('./V/F2') ?? -1)?.node).toBeUndefined();
    expect(m.indexOf('./V/F3')).toBeUndefined();
  });

  it('sorts short and long runs of siblings alike', () => {
    const shuffled = (count: number): number[] =>
      Array.from({ length: count }, (_, i) => (i * 7) % count);
    for (const count of [5, 16, 17, 40]) {
      const listed = shuffled(count).map((i) => node(`./G/N${i}`, String(i)));
      const m = buildTree(listed);
      const names = rows(m)
        .filter((r) => r.depth === 2)
        .map((r) => r.name);
      expect(names).toEqual(Array.from({ length: count }, (_, i) => `N${i}`));
    }
  });

  it('drops empty path segments and keeps the last listing of a repeated path', () => {
    const m = buildTree([node('/a//b/', 'old'), node('a/b', 'new')]);
    expect(rows(m).map((r) => r.path)).toEqual(['a', 'a/b']);
    expect(m.row(m.indexOf('a/b') ?? -1)?.node?.value).toBe('new');
  });

  it('lays out a tree deeper than any call stack, from a single listed leaf', () => {
    const deep = Array.from({ length: 20_000 }, (_, i) => `n${i}`).join('/');
    const m = buildTree([node(deep, 'bottom')]);
    expect(m.size).toBe(20_000);
    const bottom = m.indexOf(deep) ?? -1;
    expect(m.row(bottom)?.depth).toBe(19_999);
    expect(m.row(bottom)?.path).toBe(deep);
    expect(m.row(bottom)?.node?.value).toBe('bottom');
    expect(m.order().depths[19_999]).toBe(19_999);
    expect(visibleRows(m, new Set(), 'bottom')).toHaveLength(20_000);
    // Search builds no row's path (together ~1.3 G characters for this chain).
    expect(visibleRows(m, new Set(), 'n19998/n19999')).toHaveLength(20_000);
    expect(visibleRows(m, new Set(), 'n9/n10/')).toHaveLength(20_000);
  });

  it('names the rows above a depth without visiting deeper subtrees', () => {
    const m = buildTree(nodes);
    expect([...topLevels(m, 2)]).toEqual(['.', './CIMO', './DevInfo']);
    expect([...topLevels(m, 1)]).toEqual(['.']);
  });
});
