import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cimoPaths,
  lawmoPaths,
  CIMO_OPERATIONS,
  LAWMO_OPERATIONS,
} from '../../../protocol/cimo/paths.js';
import { parseCimoDdf, parseLawmoDdf } from '../../../protocol/cimo/mo-ddf.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';

const read = (name: string): string =>
  readFileSync(new URL(`../../../protocol/cimo/${name}`, import.meta.url), 'utf8');

function leaves(obj: object): string[] {
  return Object.values(obj).filter((v): v is string => typeof v === 'string');
}

describe('paths', () => {
  it('names only nodes that exist in a tree built from cimo.ddf, wherever the MO sits', () => {
    const tree = new DmTree();
    const root = './ManagedObjects/CIMO';
    instantiateTree(parseCimoDdf(read('cimo.ddf')), {
      tree,
      at: root,
      instances: { 'InfoList/<x>': ['PhoneBook'], 'AppList/<x>': ['com.example.app'] },
    });
    const p = cimoPaths(root);
    const all = [
      p.root,
      p.state,
      p.infoList,
      p.appList,
      p.ext,
      ...leaves(p.info('PhoneBook')),
      ...leaves(p.app('com.example.app')),
      ...leaves(p.config),
      ...leaves(p.operations),
      ...leaves(p.lastOperation),
    ];
    for (const uri of all) expect(tree.has(uri), uri).toBe(true);
    expect(p.info('PhoneBook').ToBeWiped).toBe(
      './ManagedObjects/CIMO/InfoList/PhoneBook/ToBeWiped',
    );
    expect(p.operations.Wipe).toBe('./ManagedObjects/CIMO/Operations/Wipe');
    expect(p.lastOperation.Progress).toBe('./ManagedObjects/CIMO/LastOperation/Progress');
    expect(CIMO_OPERATIONS.map((op) => tree.info(p.operations[op]).format)).toEqual(
      CIMO_OPERATIONS.map(() => 'null'),
    );
  });

  it('%-encodes instance ids and refuses ids that cannot be node names', () => {
    const p = cimoPaths('CIMO');
    expect(p.info('My Photos').root).toBe('./CIMO/InfoList/My%20Photos');
    expect(p.info('x..y').Name).toBe('./CIMO/InfoList/x..y/Name');
    expect(() => p.info('..')).toThrow(/400/);
    expect(() => p.info('../etc')).toThrow(/400/);
    expect(() => p.info('a/b')).toThrow(/400/);
    expect(() => p.app('')).toThrow(/400/);
  });

  it('names only nodes that exist in a tree built from lawmo.ddf', () => {
    const tree = new DmTree();
    instantiateTree(parseLawmoDdf(read('lawmo.ddf')), {
      tree,
      at: './LAWMO',
      instances: { 'AvailableWipeList/<x>': ['Contacts'] },
    });
    const p = lawmoPaths('./LAWMO');
    const all = [
      p.root,
      p.state,
      p.availableWipeList,
      p.notifyUser,
      p.ext,
      ...leaves(p.wipeItem('Contacts')),
      ...leaves(p.operations),
    ];
    for (const uri of all) expect(tree.has(uri), uri).toBe(true);
    expect(LAWMO_OPERATIONS).toContain('UnLock');
  });
});
