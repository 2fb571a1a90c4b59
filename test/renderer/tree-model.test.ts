import { describe, expect, it } from 'vitest';
import type { TreeNodeView } from '../../main/ipc/contract.js';
import { ancestorPaths, buildTree, visibleRows } from '../../renderer/src/lib/tree-model.js';

const node = (path: string, value?: string): TreeNodeView =>
  value === undefined ? { path, format: 'node' } : { path, format: 'chr', value };

describe('tree-model', () => {
  const nodes = [
    node('./CIMO/State', '30'),
    node('./CIMO/InfoList/PhoneBook/ItemCount', '214'),
    node('./CIMO/InfoList/Photos/ItemCount', '64'),
    node('./DevInfo/Man', 'Nokla'),
  ];

  it('lays the tree out depth-first with missing ancestors filled in and subtree ranges', () => {
    const m = buildTree(nodes);
    expect(m.rows.map((r) => r.path)).toEqual([
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
    const cimo = m.rows[m.byPath.get('./CIMO') ?? -1];
    expect(cimo?.end).toBe(8);
    expect(m.rows[0]?.end).toBe(10);
  });

  it('shows only children of expanded nodes when not searching', () => {
    const m = buildTree(nodes);
    const rows = visibleRows(m, new Set(['.', './CIMO']), '').map((i) => m.rows[i]?.path);
    expect(rows).toEqual(['.', './CIMO', './CIMO/InfoList', './CIMO/State', './DevInfo']);
  });

  it('finds nodes by path or value and keeps their ancestors', () => {
    const m = buildTree(nodes);
    const byPath = visibleRows(m, new Set(), 'phonebook/itemcount').map((i) => m.rows[i]?.path);
    expect(byPath).toEqual([
      '.',
      './CIMO',
      './CIMO/InfoList',
      './CIMO/InfoList/PhoneBook',
      './CIMO/InfoList/PhoneBook/ItemCount',
    ]);
    const byValue = visibleRows(m, new Set(), 'nokla').map((i) => m.rows[i]?.path);
    expect(byValue).toEqual(['.', './DevInfo', './DevInfo/Man']);
  });

  it('handles 50,000 nodes and names the ancestors of a path', () => {
    const many: TreeNodeView[] = [];
    for (let i = 0; i < 5000; i++)
      for (let j = 0; j < 10; j++) many.push(node(`./V/F${i}/K${j}`, `v${i}-${j}`));
    const m = buildTree(many);
    expect(m.rows.length).toBe(2 + 5000 + 50_000);
    expect(visibleRows(m, new Set(), 'v4999-9').length).toBe(4);
    expect(ancestorPaths('./V/F1/K2')).toEqual(['.', './V', './V/F1']);
  });
});
