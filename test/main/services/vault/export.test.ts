import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault, exportRetrieval, sanitizeFileName } from '../../../../main/services/vault/index.js';
import type { Fixture } from './vault-support.js';
import { CUSTOMER_OBJECTS } from './customer-data.js';
import { manifestOf, quickPass, tempFolder } from './vault-support.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'etc_passwd'],
    ['..\\..\\Windows\\win.ini', 'Windows_win.ini'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1', '_com1'],
    ['a\u0000b\u001fc\u007f.jpg', 'a_b_c_.jpg'],
    ['report.pdf.   ', 'report.pdf'],
    ['..', 'object'],
    ['', 'object'],
    ['C:evil', 'C_evil'],
    ['名前 <1>?.jpg', '名前 _1__.jpg'],
    ['photo\u202egpj.exe', 'photo_gpj.exe'],
  ])('%j -> %j', (input, output) => {
    expect(sanitizeFileName(input)).toBe(output);
  });

  it('caps long names at 200 UTF-8 bytes and keeps the extension', () => {
    const s = sanitizeFileName(`${'ž'.repeat(300)}.jpg`);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(200);
    expect(s.endsWith('.jpg')).toBe(true);
  });
});

describe('exportRetrieval', () => {
  let dir: string;
  let cleanup: () => void;
  let vault: Vault;
  beforeEach(async () => {
    ({ dir, cleanup } = tempFolder());
    vault = await Vault.open(join(dir, 'vault'), quickPass());
  });
  afterEach(() => {
    vault.close();
    cleanup();
  });

  it('writes every verified object under sanitized unique names inside the target, never overwriting', async () => {
    const hostile: Fixture[] = [
      ...CUSTOMER_OBJECTS,
      { info: '../escape', name: '../../../outside.txt', type: 'text/plain', bytes: enc('a') },
      { info: 'Files', name: 'CON', type: 'text/plain', bytes: enc('b') },
      { info: 'Files', name: 'same.txt', type: 'text/plain', bytes: enc('c') },
      { info: 'Files', name: 'SAME.txt', type: 'text/plain', bytes: enc('d') },
      { info: 'Files', name: 'taken.txt', type: 'text/plain', bytes: enc('e') },
      { info: 'Files', name: 'bad.txt', type: 'text/plain', bytes: enc('f') },
    ];
    const manifest = manifestOf(hostile);
    const id = vault.beginRetrieval({ imei: '1', correlator: 'r', manifest });
    for (const [i, o] of hostile.entries())
      await vault.storeObject(id, i, i === hostile.length - 1 ? enc('X') : o.bytes);
    vault.finish(id);
    const target = join(dir, 'customer');
    mkdirSync(join(target, 'Files'), { recursive: true });
    writeFileSync(join(target, 'Files', 'taken.txt'), 'operator file');

    const written = await exportRetrieval(vault, id, target);
    const paths = written.map((w) => w.path.split('\\').join('/'));
    expect(paths).toEqual([
      'PhoneBook/Kontakte von Žofie.vcf',
      'SimPhoneBook/sim_Zebulon Quartermaine.vcf',
      'Calendar/Dinner with Zebulon.ics',
      'Notes/note-1.vnt',
      'Photos/Zebulon Quartermaine beach.jpg',
      'escape/outside.txt',
      // The target already has a Files folder (the operator's): a new one is made beside it.
      'Files (2)/_CON.txt',
      'Files (2)/same.txt',
      'Files (2)/SAME (2).txt',
      'Files (2)/taken.txt',
    ]);
    expect(written.every((w) => w.digestMatches)).toBe(true);
    for (const f of walk(target)) expect(relative(target, resolve(f)).startsWith('..')).toBe(false);
    expect(readFileSync(join(target, 'Files', 'taken.txt'), 'utf8')).toBe('operator file');
    expect(readFileSync(join(target, 'Files (2)', 'taken.txt'), 'utf8')).toBe('e');
    expect(readdirSync(join(target, 'Files'))).toEqual(['taken.txt']);
    expect(
      Buffer.compare(
        readFileSync(join(target, 'Photos', 'Zebulon Quartermaine beach.jpg')),
        CUSTOMER_OBJECTS[4]?.bytes ?? new Uint8Array(),
      ),
    ).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['customer', 'vault']);

    const withBad = await exportRetrieval(vault, id, join(dir, 'all'), {
      items: ['Files'],
      includeUnverified: true,
    });
    expect(withBad.map((w) => [w.path.split('\\').join('/'), w.digestMatches])).toContainEqual([
      'Files/bad.txt',
      false,
    ]);
  });
});
