import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDdfNode, parseDdf, walkDdf } from '../../../protocol/tree/ddf.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { leafText } from '../../../protocol/tree/value.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

const DDF_001 = readFileSync(
  new URL('../../../../shared/vectors/libwbxml/ddf-001.ddf', import.meta.url),
  'utf8',
);

const SAMPLE = `<?xml version="1.0"?>
<MgmtTree xmlns="syncml:dmddf1.2">
  <VerDTD>1.2</VerDTD>
  <Man>Example</Man>
  <Node>
    <NodeName/>
    <DFProperties>
      <AccessType><Get/></AccessType>
      <DFFormat><node/></DFFormat>
      <Occurrence><ZeroOrOne/></Occurrence>
      <Scope><Permanent/></Scope>
      <DFType><DDFName>urn:oma:mo:example:1.0</DDFName></DFType>
    </DFProperties>
    <Node>
      <NodeName> Items </NodeName>
      <DFProperties>
        <AccessType><Get/><Add/></AccessType>
        <DFFormat><node/></DFFormat>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName></NodeName>
        <DFProperties>
          <AccessType><Get/><Delete/><Copy/></AccessType>
          <DFFormat><node/></DFFormat>
          <Occurrence><ZeroOrN>
            8
          </ZeroOrN></Occurrence>
          <Scope><Dynamic/></Scope>
          <DFTitle>An item</DFTitle>
          <DFType><DDFName/></DFType>
        </DFProperties>
        <Node>
          <NodeName>Flag</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <DefaultValue>false</DefaultValue>
            <Description>Selects the item</Description>
            <DFFormat><bool/></DFFormat>
            <Occurrence><One/></Occurrence>
            <CaseSense><CIS/></CaseSense>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>Blob</NodeName>
          <DFProperties>
            <AccessType><Get/></AccessType>
            <DefaultValue>AAEC/w==</DefaultValue>
            <DFFormat><bin/></DFFormat>
            <DFType><MIME>application/octet-stream</MIME></DFType>
          </DFProperties>
        </Node>
      </Node>
    </Node>
  </Node>
</MgmtTree>`;

describe('ddf', () => {
  it('reads libwbxml ddf-001.ddf (a TNDS-style file) into the node descriptions it holds', () => {
    const doc = parseDdf(DDF_001);
    expect(doc.verDtd).toBe('1.2');
    expect(doc.nodes).toHaveLength(1);
    const email = doc.nodes[0];
    expect(email?.name).toBe('E-Mail');
    expect(email?.format).toBe('node');
    expect(email?.type).toEqual({ kind: 'DDFName', value: 'com.operatorX.dm/1.0/EMail' });
    expect(email?.children.map((c) => c.name)).toEqual(['POP3']);
    const pop3 = email === undefined ? undefined : findDdfNode(email, 'POP3');
    expect(pop3?.format).toBeUndefined();
    expect(pop3?.children.map((c) => c.name)).toEqual(['POPServer', 'UserID', 'PWD']);
    expect(pop3?.children.map((c) => c.defaultValue)).toEqual([
      'mail.Operatorx.com',
      'UserName',
      '4571F7C34A9876B3',
    ]);
    for (const leaf of pop3?.children ?? []) {
      expect(leaf.format).toBe('chr');
      expect(leaf.type).toEqual({ kind: 'MIME', value: 'text/plain' });
    }
  });

  it('instantiates ddf-001 at its own location with its values', () => {
    const tree = new DmTree();
    const created = instantiateTree(parseDdf(DDF_001), { tree });
    expect(created).toEqual([
      './E-Mail',
      './E-Mail/POP3',
      './E-Mail/POP3/POPServer',
      './E-Mail/POP3/UserID',
      './E-Mail/POP3/PWD',
    ]);
    expect(tree.getProperty('./E-Mail', 'Type')).toBe('com.operatorX.dm/1.0/EMail');
    expect(tree.info('./E-Mail/POP3').interior).toBe(true);
    expect(leafText(tree.get('./E-Mail/POP3/POPServer').data)).toBe('mail.Operatorx.com');
  });

  it('reads every DFProperties field, trimming whitespace and treating an empty NodeName as a placeholder', () => {
    const doc = parseDdf(SAMPLE);
    expect(doc.man).toBe('Example');
    const top = doc.nodes[0];
    if (top === undefined) throw new Error('no top node');
    expect(top.placeholder).toBe(true);
    expect(top.scope).toBe('Permanent');
    expect(top.occurrence).toEqual({ kind: 'ZeroOrOne' });
    expect(top.type).toEqual({ kind: 'DDFName', value: 'urn:oma:mo:example:1.0' });
    expect(findDdfNode(top, 'Items')?.accessTypes).toEqual(['Get', 'Add']);
    const item = findDdfNode(top, 'Items/<x>');
    expect(item?.occurrence).toEqual({ kind: 'ZeroOrN', n: 8 });
    expect(item?.title).toBe('An item');
    expect(item?.accessTypes).toEqual(['Get', 'Delete', 'Copy']);
    const flag = findDdfNode(top, 'Items/<x>/Flag');
    expect(flag).toMatchObject({
      defaultValue: 'false',
      description: 'Selects the item',
      format: 'bool',
      caseSense: 'CIS',
      type: { kind: 'MIME', value: 'text/plain' },
    });
    expect(walkDdf(top).map((w) => w.path)).toEqual([
      '',
      'Items',
      'Items/<x>',
      'Items/<x>/Flag',
      'Items/<x>/Blob',
    ]);
  });

  it('instantiates placeholders with the given names and derives ACLs from AccessType', () => {
    const tree = new DmTree();
    instantiateTree(parseDdf(SAMPLE), {
      tree,
      at: './Ex',
      instances: { 'Items/<x>': ['one', 'two'] },
      serverId: 'console',
    });
    expect(tree.walk('./Ex').map((n) => n.uri)).toEqual([
      './Ex',
      './Ex/Items',
      './Ex/Items/one',
      './Ex/Items/one/Flag',
      './Ex/Items/one/Blob',
      './Ex/Items/two',
      './Ex/Items/two/Flag',
      './Ex/Items/two/Blob',
    ]);
    expect(tree.info('./Ex').permanent).toBe(true);
    expect(tree.info('./Ex/Items/one').permanent).toBe(false);
    expect(tree.getProperty('./Ex/Items/one', 'ACL')).toBe('Delete=console&Get=console');
    expect(tree.getProperty('./Ex/Items/one/Flag', 'ACL')).toBe('Get=console&Replace=console');
    expect(leafText(tree.get('./Ex/Items/two/Flag').data)).toBe('false');
    expect(tree.get('./Ex/Items/two/Blob').data).toEqual(Uint8Array.of(0, 1, 2, 255));
    expect(tree.getProperty('./Ex/Items/two', 'Title')).toBe('An item');
  });

  it('leaves ACLs empty (inherited) when no server id is given', () => {
    const tree = new DmTree();
    instantiateTree(parseDdf(SAMPLE), { tree, at: './Ex' });
    expect(tree.walk('./Ex').every((n) => n.acl === '')).toBe(true);
    expect(tree.has('./Ex/Items')).toBe(true);
    expect(tree.info('./Ex/Items').children).toEqual([]);
  });

  it('refuses what would lose meaning with a DecodeError', () => {
    const bad = [
      SAMPLE.replace('<bool/>', '<boolean/>'),
      SAMPLE.replace('<Get/><Add/>', '<Get/><Fetch/>'),
      SAMPLE.replace('<Dynamic/>', '<Forever/>'),
      SAMPLE.replace('8\n', 'eight\n'),
      SAMPLE.replace('<NodeName>Flag</NodeName>', '<NodeName>a/b</NodeName>'),
      SAMPLE.replace('<NodeName>Flag</NodeName>', ''),
      '<Other/>',
      '<MgmtTree',
    ];
    for (const text of bad) {
      let err: unknown;
      try {
        parseDdf(text);
      } catch (e) {
        err = e;
      }
      expect(isDecodeError(err), text.slice(0, 60)).toBe(true);
    }
  });

  it('returns a document or throws DecodeError for truncated and mutated input', () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    fc.assert(
      fc.property(
        fc.nat(bytes.length),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 4,
        }),
        (cut, edits) => {
          const input = bytes.slice(0, cut);
          for (const [i, v] of edits) if (i < input.length) input[i] = v;
          try {
            parseDdf(input);
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ddf (fuzz target)', () => {
  it('parses or refuses with DecodeError every mutation of the MO descriptions', async () => {
    const { target } = await import('../../fuzz/targets/ddf-parse.js');
    const seeds = target.seeds();
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        (which, cut, edits) => {
          const seed = seeds[which] as Uint8Array;
          const input = seed.slice(0, seed.length - (cut % 2 === 0 ? cut % (seed.length + 1) : 0));
          for (const [i, v] of edits) if (input.length > 0) input[i % input.length] = v;
          try {
            target.run(input);
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
