import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault, listContacts } from '../../../../main/services/vault/index.js';
import { CUSTOMER_OBJECTS, JPEG, SECRETS } from './customer-data.js';
import { manifestOf, quickPass, tempFolder } from './vault-support.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Byte patterns of `s`: UTF-8, UTF-16LE and UTF-16BE. */
function encodings(s: string): Buffer[] {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return [Buffer.from(s, 'utf8'), le, be];
}

/** Every finding of a secret (or a 64-byte run of the JPEG) in any file under `dir`. */
function scan(dir: string): string[] {
  const patterns: [string, Buffer][] = SECRETS.flatMap((s) =>
    encodings(s).map((b, i): [string, Buffer] => [
      `${s} (${['utf8', 'utf16le', 'utf16be'][i]})`,
      b,
    ]),
  );
  for (let off = 0; off + 64 <= JPEG.length; off += 64)
    patterns.push([`JPEG bytes at ${off}`, Buffer.from(JPEG.subarray(off, off + 64))]);
  const found: string[] = [];
  for (const f of files(dir)) {
    const bytes = readFileSync(f);
    for (const [what, p] of patterns) if (bytes.includes(p)) found.push(`${what} in ${f}`);
  }
  return found;
}

describe('vault at rest', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempFolder());
  });
  afterEach(() => cleanup());

  it('holds no customer name, address, IMEI or photo byte in plain text in any file, WAL and SHM included', async () => {
    const vault = await Vault.open(dir, quickPass());
    const id = vault.beginRetrieval({
      imei: '356938035643809',
      model: 'Nokia 6230i',
      correlator: 'r-1',
      manifest: manifestOf(CUSTOMER_OBJECTS),
    });
    for (const [i, o] of CUSTOMER_OBJECTS.entries())
      expect((await vault.storeObject(id, i, o.bytes)).state).toBe('ok');
    expect(vault.finish(id).state).toBe('verified');
    // The data is really there (browsing decrypts it) ...
    expect((await listContacts(vault, id)).map((c) => c.fullName)).toContain('Jürgen Größmann');
    expect(vault.retrieval(id).objects[4]?.name).toBe('Zebulon Quartermaine beach.jpg');
    // ... and the scan would see it if it were stored plainly (WAL and SHM are in the list).
    const names = files(dir).map((f) => f.slice(dir.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'vault.sqlite',
        'vault.sqlite-wal',
        'vault.sqlite-shm',
        'vault-key.json',
      ]),
    );
    // One pack file holds the retrieval's encrypted objects.
    expect(names.filter((n) => n.startsWith('blobs'))).toHaveLength(1);
    expect(scan(dir)).toEqual([]);
    vault.close();
    expect(scan(dir)).toEqual([]);
  });

  it('the scan finds a planted secret (it is not blind)', () => {
    writeFileSync(
      join(dir, 'x.bin'),
      Buffer.concat([
        Buffer.alloc(10),
        Buffer.from('渡辺 さくら', 'utf16le'),
        Buffer.from(JPEG.subarray(128, 200)),
      ]),
    );
    expect(scan(dir)).toEqual([
      expect.stringContaining('渡辺 さくら (utf16le)'),
      expect.stringContaining('JPEG bytes at 128'),
    ]);
  });
});
