import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCimoDdf, parseLawmoDdf } from '../../../protocol/cimo/mo-ddf.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { findDdfNode, walkDdf } from '../../../protocol/tree/ddf.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

const CIMO_DDF = readFileSync(new URL('../../../protocol/cimo/cimo.ddf', import.meta.url), 'utf8');
const LAWMO_DDF = readFileSync(
  new URL('../../../protocol/cimo/lawmo.ddf', import.meta.url),
  'utf8',
);

/**
 * CIMO-MO.md's tree, transcribed row by row: relative path, format, access types.
 * (`Name, Version, Vendor` is one row there: three chr Get leaves.)
 */
const CIMO_TREE: ReadonlyArray<readonly [string, string, string]> = [
  ['', 'node', 'Get'],
  ['State', 'int', 'Get'],
  ['InfoList', 'node', 'Get'],
  ['InfoList/<x>', 'node', 'Get'],
  ['InfoList/<x>/Name', 'chr', 'Get'],
  ['InfoList/<x>/Category', 'chr', 'Get'],
  ['InfoList/<x>/Location', 'chr', 'Get'],
  ['InfoList/<x>/Format', 'chr', 'Get'],
  ['InfoList/<x>/ItemCount', 'int', 'Get'],
  ['InfoList/<x>/ByteSize', 'int', 'Get'],
  ['InfoList/<x>/Locked', 'bool', 'Get'],
  ['InfoList/<x>/ToBeLocked', 'bool', 'Get,Replace'],
  ['InfoList/<x>/ToBeWiped', 'bool', 'Get,Replace'],
  ['InfoList/<x>/ToBeRetrieved', 'bool', 'Get,Replace'],
  ['AppList', 'node', 'Get'],
  ['AppList/<x>', 'node', 'Get'],
  ['AppList/<x>/Name', 'chr', 'Get'],
  ['AppList/<x>/Version', 'chr', 'Get'],
  ['AppList/<x>/Vendor', 'chr', 'Get'],
  ['AppList/<x>/Removable', 'bool', 'Get'],
  ['AppList/<x>/ToBeUninstalled', 'bool', 'Get,Replace'],
  ['Config', 'node', 'Get'],
  ['Config/NotifyUser', 'bool', 'Get,Replace'],
  ['Config/LockMessage', 'chr', 'Get,Replace'],
  ['Config/ConsentRequired', 'bool', 'Get,Replace'],
  ['Config/RetrieveTarget', 'chr', 'Get,Replace'],
  ['Operations', 'node', 'Get'],
  ['Operations/FullyLock', 'null', 'Exec'],
  ['Operations/PartiallyLock', 'null', 'Exec'],
  ['Operations/UnLock', 'null', 'Exec'],
  ['Operations/Wipe', 'null', 'Exec'],
  ['Operations/FactoryReset', 'null', 'Exec'],
  ['Operations/Retrieve', 'null', 'Exec'],
  ['Operations/Uninstall', 'null', 'Exec'],
  ['LastOperation', 'node', 'Get'],
  ['LastOperation/Name', 'chr', 'Get'],
  ['LastOperation/Correlator', 'chr', 'Get'],
  ['LastOperation/Status', 'chr', 'Get'],
  ['LastOperation/ResultCode', 'int', 'Get'],
  ['LastOperation/Progress', 'int', 'Get'],
  ['LastOperation/Manifest', 'xml', 'Get'],
  ['Ext', 'node', 'Get'],
];

/** PROTOCOL-FACTS §7.1's LAWMO tree. */
const LAWMO_TREE: ReadonlyArray<readonly [string, string, string]> = [
  ['', 'node', 'Get'],
  ['State', 'int', 'Get'],
  ['AvailableWipeList', 'node', 'Get'],
  ['AvailableWipeList/<x>', 'node', 'Get'],
  ['AvailableWipeList/<x>/ListItemName', 'chr', 'Get'],
  ['AvailableWipeList/<x>/ToBeWiped', 'bool', 'Get,Replace'],
  ['LAWMOConfig', 'node', 'Get'],
  ['LAWMOConfig/NotifyUser', 'bool', 'Get,Replace'],
  ['Operations', 'node', 'Get'],
  ['Operations/FullyLock', 'null', 'Exec'],
  ['Operations/PartiallyLock', 'null', 'Exec'],
  ['Operations/UnLock', 'null', 'Exec'],
  ['Operations/FactoryReset', 'null', 'Exec'],
  ['Operations/Wipe', 'null', 'Exec'],
  ['Ext', 'node', 'Get'],
];

const aclFor = (access: string, sid: string): string =>
  access
    .split(',')
    .sort()
    .map((a) => `${a}=${sid}`)
    .join('&');

describe('mo-ddf', () => {
  it('describes exactly the nodes of CIMO-MO.md with their formats and access types', () => {
    const top = parseCimoDdf(CIMO_DDF);
    const described = walkDdf(top).map(({ path, node }) => [
      path,
      node.format,
      node.accessTypes.join(','),
    ]);
    expect(described).toEqual(CIMO_TREE);
    expect(top.type).toEqual({ kind: 'DDFName', value: 'urn:oma:mo:oma-cimo:1.0' });
    expect(findDdfNode(top, 'InfoList/<x>')?.occurrence).toEqual({ kind: 'ZeroOrMore' });
    expect(findDdfNode(top, 'AppList/<x>')?.occurrence).toEqual({ kind: 'ZeroOrMore' });
    for (const { node } of walkDdf(top)) expect(node.description ?? '').not.toBe('');
  });

  it('instantiates a CIMO tree holding every node of CIMO-MO.md with the right format and ACL', () => {
    const tree = new DmTree();
    instantiateTree(parseCimoDdf(CIMO_DDF), {
      tree,
      at: './CIMO',
      instances: {
        'InfoList/<x>': ['PhoneBook', 'SimPhoneBook'],
        'AppList/<x>': ['com.example.notes'],
      },
      serverId: 'console',
    });
    const expected = CIMO_TREE.flatMap(([path, format, access]) => {
      const ids = path.startsWith('InfoList/<x>')
        ? ['PhoneBook', 'SimPhoneBook']
        : ['com.example.notes'];
      const paths = path.includes('<x>') ? ids.map((id) => path.replace('<x>', id)) : [path];
      return paths.map((p) => [
        p === '' ? './CIMO' : `./CIMO/${p}`,
        format,
        aclFor(access, 'console'),
      ]);
    });
    const actual = tree.walk('./CIMO').map((n) => [n.uri, n.format, n.acl]);
    expect(actual.sort()).toEqual(expected.sort());
    expect(tree.getProperty('./CIMO', 'Type')).toBe('urn:oma:mo:oma-cimo:1.0');
    expect(tree.info('./CIMO/Operations/Wipe').permanent).toBe(true);
    expect(tree.info('./CIMO/InfoList/PhoneBook').permanent).toBe(false);
    // An instance can go away with everything below it; the MO's fixed nodes cannot.
    tree.delete('./CIMO/InfoList/SimPhoneBook');
    expect(() => tree.delete('./CIMO/Config')).toThrow(/405/);
  });

  it('describes the LAWMO 1.0 tree of PROTOCOL-FACTS §7.1', () => {
    const top = parseLawmoDdf(LAWMO_DDF);
    expect(
      walkDdf(top).map(({ path, node }) => [path, node.format, node.accessTypes.join(',')]),
    ).toEqual(LAWMO_TREE);
    expect(top.type?.value).toBe('urn:oma:mo:oma-lawmo:1.0');
  });

  it('refuses a DDF that describes another MO', () => {
    for (const [text, parse] of [
      [LAWMO_DDF, parseCimoDdf],
      [CIMO_DDF, parseLawmoDdf],
    ] as const) {
      let err: unknown;
      try {
        parse(text);
      } catch (e) {
        err = e;
      }
      expect(isDecodeError(err)).toBe(true);
    }
  });
});
