import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { HAS_SCRIPT, VECTORS, cimo, cimoOnTty } from './cli-harness.js';

const BIN = join(VECTORS, 'buteo-syncml/basicbasetransport.bin');
const TXT = join(VECTORS, 'buteo-syncml/basicbasetransport.txt');
const SAN01 = join(VECTORS, 'buteo-syncml/SAN01.bin');
const WITH_STATUS = join(VECTORS, 'libwbxml/syncml-001.xml');
let tmp: string;

/** The §4 computed example: server com.example.dms / srvsecret, resync nonce, session 0x1234. */
const PKG0_HEX = 'f89e39f76c463b321209c8f8b6313410031800000012340f636f6d2e6578616d706c652e646d73';

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'cimo-decode-'));
}, 120_000);

function tmpFile(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe('cimo decode', () => {
  it('prints the WBXML sample and its XML twin as the same pretty XML', () => {
    const fromWbxml = cimo(['decode', BIN]);
    const fromXml = cimo(['decode', TXT]);
    expect(fromWbxml.status).toBe(0);
    expect(fromXml.status).toBe(0);
    expect(fromWbxml.out).toContain('\n  <SyncHdr>\n    <VerDTD>1.2</VerDTD>');
    expect(fromWbxml.out).toContain('<LocURI>targetDevice</LocURI>');
    expect(fromWbxml.out).toBe(fromXml.out);
  });

  it('prints the model as JSON with --json', () => {
    const r = cimo(['decode', '--json', WITH_STATUS]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.out) as {
      header: { sessionId: string; msgId: string };
      commands: { kind: string; code?: number }[];
    };
    expect(json.header).toMatchObject({ sessionId: '1', msgId: '2' });
    expect(json.commands[0]).toMatchObject({ kind: 'Status', code: 101 });
  });

  it('annotates status codes with --explain in XML and JSON', () => {
    expect(cimo(['decode', '--explain', WITH_STATUS]).out).toMatch(
      /<Data>101<\/Data> <!-- In progress -->/,
    );
    const json = JSON.parse(cimo(['decode', '--explain', '--json', WITH_STATUS]).out) as {
      commands: { codeText?: string }[];
    };
    expect(json.commands[0]?.codeText).toBe('101 In progress');
  });

  it('reports tolerated deviations on stderr, not stdout', () => {
    const r = cimo(['decode', WITH_STATUS]);
    expect(r.stderr).toMatch(/warning at offset \d+: DOCTYPE ignored/);
    expect(r.out).not.toMatch(/warning/);
  });

  it('accepts the bytes pasted as hex with colons, as an xxd dump, as base64, and on stdin', () => {
    const bytes = readFileSync(BIN);
    const expected = cimo(['decode', BIN]).out;
    const colons = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
    const dump = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const chunk = bytes.subarray(i, i + 16);
      const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
      const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
      dump.push(`${i.toString(16).padStart(4, '0')}   ${hex.padEnd(48)}  ${ascii.join('')}`);
    }
    for (const [name, text] of [
      ['colons.txt', `${colons}\n`],
      ['dump.txt', `${dump.join('\n')}\n`],
      ['b64.txt', `${bytes.toString('base64').replace(/(.{60})/g, '$1\n')}\n`],
    ] as const) {
      const r = cimo(['decode', tmpFile(name, text)]);
      expect(r.stderr, name).toBe('');
      expect(r.out, name).toBe(expected);
    }
    expect(cimo(['decode', '-'], bytes).out).toBe(expected);
  });

  it('exits 2 naming the offset and reason when the input is truncated', () => {
    const bytes = readFileSync(BIN);
    const r = cimo(['decode', tmpFile('cut.bin', bytes.subarray(0, 40))]);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.stderr).toMatch(/cut\.bin: wbxml: .*\(at offset \d+\) \[truncated\]/);
  });

  it('exits 2 with a clear message for a missing file, junk text, or a missing argument', () => {
    const missing = cimo(['decode', join(tmp, 'nope.bin')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.bin: no such file/);
    const junk = cimo(['decode', tmpFile('junk.txt', 'hello, world\n')]);
    expect(junk.status).toBe(2);
    expect(junk.stderr).toMatch(/neither XML, hex nor base64/);
    expect(cimo(['decode']).status).toBe(2);
  });

  it('decodes the buteo SAN01 header as a package #0', () => {
    const r = cimo(['decode', SAN01]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/version\s+12 \(1\.2\)/);
    expect(r.out).toMatch(/ui-mode\s+1 background/);
    expect(r.out).toMatch(/initiator\s+1 server/);
    expect(r.out).toMatch(/server id\s+"PC Suite Data Sync"/);
    expect(r.out).toMatch(/digest check\s+not checked/);
    const json = JSON.parse(cimo(['decode', '--json', SAN01]).out) as Record<string, unknown>;
    expect(json).toMatchObject({
      kind: 'pkg0',
      version: 12,
      sessionId: 0,
      digestCheck: 'unchecked',
    });
  });

  it('checks a package #0 digest, reporting a resync-nonce match and failing with exit 1', () => {
    const file = tmpFile('pkg0.hex', PKG0_HEX);
    const ok = cimo(['decode', file, '--server-password', 'srvsecret']);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/session id\s+4660 \(0x1234\) → SessionID 1234/);
    expect(ok.out).toMatch(/digest check\s+OK$/m);
    const resync = cimo([
      'decode',
      '--json',
      file,
      '--server-password',
      'srvsecret',
      '--nonce',
      'AQID',
    ]);
    expect(JSON.parse(resync.out)).toMatchObject({ digestCheck: 'ok-resync' });
    const bad = cimo(['decode', file, '--server-password', 'srvsecreT']);
    expect(bad.status).toBe(1);
    expect(bad.out).toMatch(/digest check\s+FAILED/);
    expect(cimo(['decode', file, '--nonce', 'AAAA']).status).toBe(2);
    const notPkg0 = cimo(['decode', '--pkg0', tmpFile('short.bin', Uint8Array.of(1, 2, 3))]);
    expect(notPkg0.status).toBe(2);
    expect(notPkg0.stderr).toMatch(/short\.bin: pkg0: .*\(at offset 3\) \[truncated\]/);
  });

  it.skipIf(!HAS_SCRIPT)('prints a one-line summary on a terminal', () => {
    const r = cimoOnTty(['decode', WITH_STATUS]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(
      /^XML, \d+ bytes, SyncML\/1\.1, SessionID 1, MsgID 2, 1 command: Status\r?$/m,
    );
    expect(cimo(['decode', WITH_STATUS]).stderr).not.toMatch(/^XML, /m);
  });
});
