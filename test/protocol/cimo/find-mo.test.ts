import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMo, localReader } from '../../../protocol/cimo/find-mo.js';
import type { MoTreeReader } from '../../../protocol/cimo/find-mo.js';
import { MoId } from '../../../protocol/cimo/ids.js';
import { parseCimoDdf, parseLawmoDdf } from '../../../protocol/cimo/mo-ddf.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';

const read = (name: string): string =>
  readFileSync(new URL(`../../../protocol/cimo/${name}`, import.meta.url), 'utf8');

function treeWith(at: string, ddf: 'cimo' | 'lawmo'): DmTree {
  const tree = new DmTree();
  tree.add('./DevInfo/DevId', { value: 'IMEI:1' });
  const top = ddf === 'cimo' ? parseCimoDdf(read('cimo.ddf')) : parseLawmoDdf(read('lawmo.ddf'));
  instantiateTree(top, { tree, at });
  return tree;
}

/** Counts the calls a DM session would have to make. */
function counting(reader: MoTreeReader): { reader: MoTreeReader; calls: () => number } {
  let n = 0;
  return {
    reader: {
      getType: (u) => (n++, reader.getType(u)),
      listChildren: (u) => (n++, reader.listChildren(u)),
    },
    calls: () => n,
  };
}

describe('find-mo', () => {
  it('finds CIMO at ./CIMO with a single Type query', async () => {
    const c = counting(localReader(treeWith('./CIMO', 'cimo')));
    expect(await findMo(c.reader, MoId.CIMO)).toBe('./CIMO');
    expect(c.calls()).toBe(1);
  });

  it('finds CIMO at ./ManagedObjects/CIMO and LAWMO by its own identifier', async () => {
    expect(await findMo(treeWith('./ManagedObjects/CIMO', 'cimo'), MoId.CIMO)).toBe(
      './ManagedObjects/CIMO',
    );
    expect(await findMo(treeWith('./LAWMO', 'lawmo'), MoId.LAWMO)).toBe('./LAWMO');
    expect(await findMo(treeWith('./LAWMO', 'lawmo'), MoId.CIMO)).toBeUndefined();
  });

  it('walks the tree when the MO sits somewhere else', async () => {
    expect(await findMo(treeWith('./Vendor/Acme/Privacy', 'cimo'), MoId.CIMO)).toBe(
      './Vendor/Acme/Privacy',
    );
  });

  it('uses a Struct listing in one request when the reader offers one', async () => {
    const tree = treeWith('./Vendor/X', 'cimo');
    let structCalls = 0;
    const reader: MoTreeReader = {
      ...localReader(tree),
      struct: (uri) => {
        structCalls++;
        return Promise.resolve(
          tree
            .walk(uri)
            .map((n) => (n.type === undefined ? { uri: n.uri } : { uri: n.uri, type: n.type })),
        );
      },
    };
    expect(await findMo(reader, MoId.CIMO)).toBe('./Vendor/X');
    expect(structCalls).toBe(1);
  });

  it('gives up after maxNodes instead of walking a huge tree', async () => {
    const tree = new DmTree();
    for (let i = 0; i < 50; i++) tree.add(`./Big/N${i}`, { value: '' });
    instantiateTree(parseCimoDdf(read('cimo.ddf')), { tree, at: './Zzz/CIMO' });
    expect(await findMo(tree, MoId.CIMO, { maxNodes: 20 })).toBeUndefined();
    expect(await findMo(tree, MoId.CIMO)).toBe('./Zzz/CIMO');
  });
});
