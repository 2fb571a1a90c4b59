import { describe, expect, it } from 'vitest';
import { explainAcl, aclAllows } from '../../renderer/src/lib/acl.js';
import { explainXml } from '../../renderer/src/lib/xml-explain.js';
import { hexDump, sniffImage } from '../../renderer/src/lib/hex.js';

describe('explainXml', () => {
  it('notes status and alert codes inline and leaves other Data alone', () => {
    const lines = explainXml(
      '<SyncBody><Status><Cmd>Get</Cmd><Data>425</Data></Status><Alert><Data>1226</Data></Alert><Results><Item><Data>214</Data></Item></Results></SyncBody>',
    );
    const notes = lines.filter((l) => l.note !== undefined).map((l) => l.note);
    expect(notes).toEqual([
      '425 Permission denied by the node’s ACL',
      '1226 Generic alert (an operation’s result)',
    ]);
    expect(lines.find((l) => l.text === '<Data>214</Data>')?.indent).toBe(3);
  });
});

describe('acl', () => {
  it('explains each command in words and what nobody may do', () => {
    expect(explainAcl('Get=*&Replace=server1')).toEqual([
      'Any server may read it.',
      'Only server1 may change its value.',
      'Nobody may add child nodes, delete it, execute it.',
    ]);
    expect(aclAllows('Get=*', 'Replace')).toBe(false);
    expect(aclAllows('Exec=console1', 'Exec', 'other')).toBe(false);
    expect(aclAllows(undefined, 'Exec')).toBe(true);
  });
});

describe('hex', () => {
  it('dumps bytes with offsets and ASCII, and sniffs JPEG', () => {
    const b = new Uint8Array([0xff, 0xd8, 0xff, 0x41]);
    expect(hexDump(b)).toBe('00000000  ff d8 ff 41' + ' '.repeat(38) + ' |...A|');
    expect(sniffImage(b)).toBe('image/jpeg');
  });
});
