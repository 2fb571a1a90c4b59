import { describe, expect, it } from 'vitest';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { listStruct } from '../../../protocol/tree/struct.js';

function tree(): DmTree {
  const t = new DmTree();
  t.add('./M', { format: 'node', type: 'urn:x' });
  t.add('./M/A', { format: 'node' });
  t.add('./M/A/Leaf', { format: 'int', value: '7' });
  t.add('./M/B', { value: 'b', type: 'text/plain' });
  return t;
}

describe('struct', () => {
  it('lists the subtree in pre-order, start node first, without data for Struct', () => {
    const items = listStruct(tree(), './M', 'Struct');
    expect(items.map((i) => i.uri)).toEqual(['./M', './M/A', './M/A/Leaf', './M/B']);
    expect(items.every((i) => i.data === undefined)).toBe(true);
    expect(items[0]).toEqual({ uri: './M', format: 'node', type: 'urn:x' });
  });

  it('adds the leaves’ values, and only theirs, for StructData', () => {
    const items = listStruct(tree(), './M', 'StructData');
    expect(
      items
        .filter((i) => i.data !== undefined)
        .map((i) => [i.uri, new TextDecoder().decode(i.data)]),
    ).toEqual([
      ['./M/A/Leaf', '7'],
      ['./M/B', 'b'],
    ]);
  });
});
