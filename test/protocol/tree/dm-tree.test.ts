import { describe, expect, it } from 'vitest';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';
import { leafText } from '../../../protocol/tree/value.js';

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isDmStatusError(e)) return e.status;
    throw e;
  }
}

function manualClock(start = Date.UTC(2001, 6, 11, 16, 38, 17)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function sample(): DmTree {
  const tree = new DmTree({ clock: manualClock() });
  tree.add('./A', { format: 'node', type: 'urn:oma:mo:test:1.0' });
  tree.add('./A/B', { format: 'chr', value: 'hello' });
  tree.add('./A/C', { format: 'int', value: '42' });
  tree.add('./A/D', { format: 'node' });
  tree.add('./A/D/E', { format: 'bool', value: 'true' });
  return tree;
}

describe('dm-tree', () => {
  it('counts changes: Add, Replace and Delete move the count, reads and failed commands do not', () => {
    const t = new DmTree();
    const c0 = t.changes;
    t.add('./A/B', { format: 'chr', value: 'x' });
    const c1 = t.changes;
    expect(c1).toBeGreaterThan(c0);
    t.get('./A/B');
    t.info('./A');
    expect(t.changes).toBe(c1);
    expect(() => t.replace('./A/Missing', 'y')).toThrow();
    expect(t.changes).toBe(c1);
    t.replace('./A/B', 'y');
    const c2 = t.changes;
    expect(c2).toBeGreaterThan(c1);
    t.delete('./A/B');
    expect(t.changes).toBeGreaterThan(c2);
  });

  it('returns leaf values and child lists joined by / for interior nodes', () => {
    const tree = sample();
    expect(leafText(tree.get('./A/B').data)).toBe('hello');
    expect(tree.get('./A/C').format).toBe('int');
    const a = tree.get('./A');
    expect(a.format).toBe('node');
    expect(leafText(a.data)).toBe('B/C/D');
    expect(tree.get('./A/D/E').type).toBeUndefined();
    tree.add('./Empty', { format: 'node' });
    expect(tree.get('./Empty').data).toHaveLength(0);
    expect(statusOf(() => tree.get('./Nope'))).toBe(404);
  });

  it('answers 418 to Add of an existing node and creates missing interior parents', () => {
    const tree = sample();
    expect(statusOf(() => tree.add('./A/B', { value: 'x' }))).toBe(418);
    expect(statusOf(() => tree.add('.', { format: 'node' }))).toBe(418);
    tree.add('./X/Y/Z', { value: 'deep' });
    expect(tree.info('./X').interior).toBe(true);
    expect(tree.info('./X/Y').acl).toBe('');
    expect(leafText(tree.get('./X/Y/Z').data)).toBe('deep');
  });

  it('refuses Add below a leaf with 405 and leaves no half-created parents', () => {
    const tree = sample();
    expect(statusOf(() => tree.add('./A/B/C/D', { value: 'x' }))).toBe(405);
    expect(statusOf(() => tree.add('./N1/N2', { acl: 'Bad' }))).toBe(400);
    expect(tree.has('./N1')).toBe(false);
  });

  it('answers 404 to Replace of a missing node and never creates it', () => {
    const tree = sample();
    expect(statusOf(() => tree.replace('./A/Missing', 'x'))).toBe(404);
    expect(tree.has('./A/Missing')).toBe(false);
    tree.replace('./A/B', 'bye');
    expect(leafText(tree.get('./A/B').data)).toBe('bye');
    expect(statusOf(() => tree.replace('./A', 'x'))).toBe(405);
  });

  it('answers 405 when Replace would change a permanent node’s Format or Type', () => {
    const tree = new DmTree();
    tree.add('./P', { format: 'int', type: 'text/plain', value: '1', permanent: true });
    tree.replace('./P', '2');
    expect(statusOf(() => tree.replace('./P', 'x', { format: 'chr' }))).toBe(405);
    expect(statusOf(() => tree.replace('./P', 'x', { type: 'text/other' }))).toBe(405);
    expect(leafText(tree.get('./P').data)).toBe('2');
    tree.add('./Q', { format: 'int', value: '1' });
    tree.replace('./Q', 'x', { format: 'chr' });
    expect(tree.get('./Q').format).toBe('chr');
  });

  it('deletes whole subtrees and refuses the root and permanent nodes with 405', () => {
    const tree = sample();
    tree.delete('./A/D');
    expect(tree.has('./A/D/E')).toBe(false);
    expect(tree.has('./A/D')).toBe(false);
    expect(statusOf(() => tree.delete('.'))).toBe(405);
    expect(statusOf(() => tree.delete('./A/D'))).toBe(404);
    tree.add('./A/Keep', { format: 'node' });
    tree.add('./A/Keep/Perm', { value: 'p', permanent: true });
    expect(statusOf(() => tree.delete('./A/Keep'))).toBe(405);
    expect(statusOf(() => tree.delete('./A'))).toBe(405);
    expect(tree.has('./A/B')).toBe(true);
  });

  it('copies a leaf to a new or existing leaf and refuses interior nodes', () => {
    const tree = sample();
    tree.copy('./A/C', './Copy/C2');
    expect(tree.get('./Copy/C2').format).toBe('int');
    expect(leafText(tree.get('./Copy/C2').data)).toBe('42');
    tree.copy('./A/B', './A/C');
    expect(leafText(tree.get('./A/C').data)).toBe('hello');
    expect(statusOf(() => tree.copy('./A/D', './Z'))).toBe(405);
    expect(statusOf(() => tree.copy('./A/B', './A/D'))).toBe(403);
    expect(statusOf(() => tree.copy('./Nope', './Z'))).toBe(404);
  });

  it('serves ?prop= reads with the DM rules', () => {
    const tree = sample();
    expect(tree.getProperty('./A/B', 'Size')).toBe('5');
    expect(tree.getProperty('./A/B', 'Format')).toBe('chr');
    expect(tree.getProperty('./A', 'Type')).toBe('urn:oma:mo:test:1.0');
    expect(tree.getProperty('./A/B', 'Name')).toBe('B');
    expect(tree.getProperty('./A/B', 'ACL')).toBe('');
    expect(tree.getProperty('.', 'ACL')).toBe('Add=*&Get=*');
    expect(tree.getProperty('./A/B', 'TStamp')).toBe('20010711T163817Z');
    expect(statusOf(() => tree.getProperty('./A', 'Size'))).toBe(406);
    expect(statusOf(() => tree.getProperty('./A/B', 'Colour'))).toBe(406);
  });

  it('applies ?prop= writes: ACL, Name and Title writable, the rest 405, unknown 406', () => {
    const tree = sample();
    tree.replaceProperty('./A/B', 'ACL', 'Get=srv');
    expect(tree.getProperty('./A/B', 'ACL')).toBe('Get=srv');
    expect(statusOf(() => tree.replaceProperty('./A/B', 'ACL', 'Get'))).toBe(400);
    expect(statusOf(() => tree.replaceProperty('.', 'ACL', ''))).toBe(405);
    for (const p of ['Format', 'Size', 'TStamp', 'Type', 'VerNo']) {
      expect(
        statusOf(() => tree.replaceProperty('./A/B', p, 'x')),
        p,
      ).toBe(405);
    }
    expect(statusOf(() => tree.replaceProperty('./A/B', 'Colour', 'x'))).toBe(406);
    tree.replaceProperty('./A/B', 'Title', 'A greeting');
    expect(tree.getProperty('./A/B', 'Title')).toBe('A greeting');
    expect(statusOf(() => tree.replaceProperty('./A/B', 'Title', 'é'.repeat(128)))).toBe(413);
  });

  it('renames through the Name property, keeping order and refusing clashes and permanent nodes', () => {
    const tree = sample();
    tree.replaceProperty('./A/B', 'Name', 'B2');
    expect(leafText(tree.get('./A').data)).toBe('B2/C/D');
    expect(leafText(tree.get('./A/B2').data)).toBe('hello');
    expect(statusOf(() => tree.replaceProperty('./A/B2', 'Name', 'C'))).toBe(418);
    expect(statusOf(() => tree.replaceProperty('./A/B2', 'Name', 'x/y'))).toBe(400);
    expect(statusOf(() => tree.replaceProperty('.', 'Name', 'R'))).toBe(405);
    tree.add('./A/P', { value: '1', permanent: true });
    expect(statusOf(() => tree.replaceProperty('./A/P', 'Name', 'P2'))).toBe(405);
  });

  it('stamps changes with the injected clock and bumps VerNo with 16-bit wrap-around', () => {
    const clock = manualClock();
    const tree = new DmTree({ clock });
    tree.add('./L', { value: '0' });
    const before = Number(tree.getProperty('./L', 'VerNo'));
    clock.advance(61_000);
    tree.replace('./L', '1');
    expect(Number(tree.getProperty('./L', 'VerNo'))).toBe(before + 1);
    expect(tree.getProperty('./L', 'TStamp')).toBe('20010711T163918Z');
    for (let i = 0; i < 0x10000; i++) tree.replace('./L', '1');
    expect(Number(tree.getProperty('./L', 'VerNo'))).toBe(before + 1);
  });

  it('walks a subtree in pre-order with the start node first', () => {
    const tree = sample();
    expect(tree.walk('./A').map((n) => n.uri)).toEqual([
      './A',
      './A/B',
      './A/C',
      './A/D',
      './A/D/E',
    ]);
    expect(tree.walk('./A/D/E').map((n) => n.uri)).toEqual(['./A/D/E']);
    const all = tree.walk('.');
    expect(all[0]?.uri).toBe('.');
    expect(all).toHaveLength(6);
    expect(all.find((n) => n.uri === './A/C')?.value).toEqual(new TextEncoder().encode('42'));
    expect(statusOf(() => tree.walk('./Nope'))).toBe(404);
  });

  it('returns copies, so changing a snapshot does not change the tree', () => {
    const tree = sample();
    const info = tree.info('./A/B');
    info.value?.fill(0);
    expect(leafText(tree.get('./A/B').data)).toBe('hello');
  });
});
