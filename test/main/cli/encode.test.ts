import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { HAS_SCRIPT, VECTORS, cimo, cimoOnTty } from './cli-harness.js';

let tmp: string;

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'cimo-encode-'));
}, 120_000);

const SAMPLES = ['syncml-001.xml', 'syncml-004.xml', 'syncml-012.xml'];

describe('cimo encode', () => {
  for (const sample of SAMPLES) {
    it(`round-trips ${sample} through WBXML to the same model`, () => {
      const xml = join(VECTORS, 'libwbxml', sample);
      const wbxml = join(tmp, `${sample}.wbxml`);
      const enc = cimo(['encode', '--to', 'wbxml', xml, '-o', wbxml]);
      expect(enc.status, enc.stderr).toBe(0);
      expect(enc.out).toBe('');
      expect(readFileSync(wbxml)[0]).toBeLessThanOrEqual(3);
      // Independent oracle: libwbxml must read what we wrote.
      const oracle = spawnSync('wbxml2xml', ['-o', join(tmp, `${sample}.oracle.xml`), wbxml]);
      expect(oracle.status).toBe(0);
      const model = cimo(['decode', '--json', xml]).out;
      expect(cimo(['decode', '--json', wbxml]).out).toBe(model);
      const back = cimo(['encode', '--to', 'xml', wbxml]);
      expect(back.status).toBe(0);
      expect(back.out.startsWith('<?xml')).toBe(true);
      expect(cimo(['decode', '--json', '-'], back.stdout).out).toBe(model);
    });
  }

  it('writes WBXML to a pipe when no -o is given', () => {
    const r = cimo(['encode', '--to', 'wbxml', join(VECTORS, 'libwbxml/syncml-001.xml')]);
    expect(r.status).toBe(0);
    expect(r.stdout[0]).toBeLessThanOrEqual(3);
  });

  it('exits 2 for a bad --to, a missing --to, undecodable input and an unwritable output', () => {
    const xml = join(VECTORS, 'libwbxml/syncml-001.xml');
    expect(cimo(['encode', '--to', 'yaml', xml]).status).toBe(2);
    expect(cimo(['encode', xml]).status).toBe(2);
    const bad = cimo(['encode', '--to', 'xml', '-'], '<SyncML><SyncHdr>');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/offset \d+/);
    const unwritable = cimo(['encode', '--to', 'xml', xml, '-o', join(tmp, 'no/such/dir.xml')]);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write/);
  });

  it.skipIf(!HAS_SCRIPT)('refuses to write WBXML to a terminal', () => {
    const r = cimoOnTty(['encode', '--to', 'wbxml', join(VECTORS, 'libwbxml/syncml-001.xml')]);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/refusing to write binary WBXML to a terminal/);
  });
});
