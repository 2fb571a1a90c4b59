import { describe, expect, it } from 'vitest';
import type { TreeNodeView } from '../../main/ipc/contract.js';
import { packTree } from '../../main/ipc/pack-tree.js';
import { buildTree as buildPacked, visibleRows } from '../../renderer/src/lib/tree-model.js';
import type { TreeModel } from '../../renderer/src/lib/tree-model.js';

const buildTree = (nodes: readonly TreeNodeView[]): TreeModel => buildPacked(packTree(nodes));
const node = (path: string, value?: string): TreeNodeView =>
  value === undefined ? { path, format: 'node' } : { path, format: 'chr', value };

/** The search's definition: rows whose "path NUL value", lower-cased, holds the query. */
function byDefinition(m: TreeModel, query: string): number[] {
  const q = query.trim().toLowerCase();
  const hit = new Set<number>();
  for (let i = 0; i < m.size; i++)
    if (`${m.path(i)}\u0000${m.value(i) ?? ''}`.toLowerCase().includes(q))
      for (let a = i; a >= 0; a = m.parent(a)) hit.add(a);
  return Array.from(m.order().rows).filter((i) => hit.has(i));
}

/** A small deterministic generator (the same trees every run). */
function lcg(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

describe('tree-search', () => {
  it('finds exactly the rows whose own text holds the query, whatever the query', () => {
    const odd = [
      node('./A/İstanbul', 'Σ final'),
      node('./A/Line', 'one\ntwo'),
      node('./A/Nul', 'x\u0000y'),
      node('./B/ΟΔΟΣ', 'end'),
      node('./B/Next', 'line'),
    ];
    const m = buildTree(odd);
    // The rows' values lie in one string: a match running from one into the next is none.
    const queries = ['İstanbul', 'σ final', 'ς', 'two', 'one\ntwo', 'endline', 'ΟΔΟΣ'];
    for (const q of [...queries, '\u0000', 'x\u0000y', 'line\u0000', './', 'b/n', 'a/'])
      expect(visibleRows(m, new Set(), q), q).toEqual(byDefinition(m, q));
    expect(visibleRows(m, new Set(), 'endline')).toEqual([]);
    expect(visibleRows(m, new Set(), 'ΟΔΟΣ').map((i) => m.path(i))).toEqual([
      '.',
      './B',
      './B/ΟΔΟΣ',
    ]);
  });

  it('matches a query across path segments, and every row below a matching name', () => {
    const m = buildTree([
      node('./CIMO/Items/Contact12/Tel', '+44 1'),
      node('./CIMO/Items/Contact1234/Tel', '+44 2'),
      node('./CIMO/Items/Contact1234/Name', 'Ann'),
      node('./CIMO/Items/XContact1234/Telex', '+44 3'),
      node('./Vendor/Contact1234', 'tel'),
    ]);
    const paths = (q: string): string[] => visibleRows(m, new Set(), q).map((i) => m.path(i));
    expect(paths('Contact1234/Tel')).toEqual([
      '.',
      './CIMO',
      './CIMO/Items',
      './CIMO/Items/Contact1234',
      './CIMO/Items/Contact1234/Tel',
      './CIMO/Items/XContact1234',
      './CIMO/Items/XContact1234/Telex',
    ]);
    expect(paths('items/contact1234')).toEqual([
      '.',
      './CIMO',
      './CIMO/Items',
      './CIMO/Items/Contact1234',
      './CIMO/Items/Contact1234/Name',
      './CIMO/Items/Contact1234/Tel',
    ]);
    expect(paths('vendor')).toEqual(['.', './Vendor', './Vendor/Contact1234']);
    for (const q of ['/', '//', 'tel', '/tel', 'tel/', 'o/c', './cimo/items/', '+44', '1234/'])
      expect(visibleRows(m, new Set(), q), q).toEqual(byDefinition(m, q));
  });

  it('lists many matching siblings in name order, as the tree does', () => {
    // Listed out of order; a search keeping more than a few of them takes their order
    // from the parent's sorted children.
    const listed = Array.from({ length: 40 }, (_, i) => (i * 7) % 40).map((i) =>
      node(`./G/N${i}/K`, i % 4 === 0 ? 'skip' : 'keep'),
    );
    const m = buildTree(listed);
    for (const q of ['keep', 'skip', '/k', 'g/n1', 'n3'])
      expect(visibleRows(m, new Set(), q), q).toEqual(byDefinition(m, q));
    const shown = visibleRows(m, new Set(), 'keep').map((i) => m.path(i));
    expect(shown.slice(0, 6)).toEqual(['.', './G', './G/N1', './G/N1/K', './G/N2', './G/N2/K']);
  });

  it('agrees with its definition on generated trees and queries', () => {
    const pick = lcg(7);
    const alphabet = ['a', 'b', 'A', 'ab', 'x1', '/', 'İ', 'Σ', 'σ', ' '];
    const word = (n: number): string =>
      Array.from({ length: 1 + pick(n) }, () => alphabet[pick(alphabet.length)] ?? '').join('');
    for (let t = 0; t < 30; t++) {
      const nodes: TreeNodeView[] = [];
      const paths: string[] = [];
      for (let k = 0; k < 25; k++) {
        const base = paths.length > 0 && pick(3) > 0 ? (paths[pick(paths.length)] ?? '') : '.';
        const name = word(3).replaceAll('/', '');
        const path = `${base}/${name === '' ? 'n' : name}`;
        paths.push(path);
        // Only some trees get the letters whose lower case is not character for character.
        const value = word(4);
        nodes.push(node(path, t % 3 === 0 ? value : value.replace(/[İΣ]/g, 'z')));
      }
      const m = buildTree(nodes);
      const texts = Array.from({ length: m.size }, (_, i) =>
        `${m.path(i)}\u0000${m.value(i) ?? ''}`.toLowerCase(),
      );
      for (let k = 0; k < 40; k++) {
        const text = texts[pick(texts.length)] ?? '';
        const from = pick(text.length);
        const q = pick(4) === 0 ? word(3) : text.slice(from, from + 1 + pick(8));
        if (q.trim() === '') continue; // no search: the expanded rows
        expect(visibleRows(m, new Set(), q), `tree ${t}, query ${JSON.stringify(q)}`).toEqual(
          byDefinition(m, q),
        );
      }
    }
  });
});
