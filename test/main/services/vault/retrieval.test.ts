import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  Vault,
  isVaultIntegrityError,
  isVaultStateError,
} from '../../../../main/services/vault/index.js';
import { sha256Hex } from '../../../../protocol/cimo/index.js';
import type { Fixture } from './vault-support.js';
import { manifestOf, quickPass, tempFolder } from './vault-support.js';

const IMEI = '356938035643809';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const CONTACTS: Fixture = {
  info: 'PhoneBook',
  name: 'contacts.vcf',
  type: 'text/vcard',
  bytes: enc('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n'),
};
const PHOTO: Fixture = {
  info: 'Photos',
  name: 'IMG_0001.jpg',
  type: 'image/jpeg',
  bytes: randomBytes(200_000),
};
const PHOTO2: Fixture = {
  info: 'Photos',
  name: 'IMG_0002.jpg',
  type: 'image/jpeg',
  bytes: randomBytes(1000),
};

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'no error';
  } catch (e) {
    if (isVaultStateError(e) || isVaultIntegrityError(e)) return e.code;
    return String(e);
  }
}

/** Chunks of `bytes`, `size` at a time, as an async source. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('vault retrievals', () => {
  let dir: string;
  let cleanup: () => void;
  let vault: Vault;
  beforeEach(async () => {
    ({ dir, cleanup } = tempFolder());
    vault = await Vault.open(dir, quickPass());
  });
  afterEach(() => {
    vault.close();
    cleanup();
  });

  it('marks a retrieval verified when every object matches, and answers the wipe interlock', async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      model: 'N6230i',
      correlator: 'r1',
      manifest: manifestOf([CONTACTS, PHOTO, PHOTO2]),
      items: ['PhoneBook', 'Photos', 'SimPhoneBook'],
    });
    expect(vault.verifiedRetrievalOf(IMEI, 'PhoneBook')).toBeUndefined();
    expect((await vault.storeObject(id, 0, CONTACTS.bytes)).state).toBe('ok');
    expect(
      (
        await vault.storeObject(
          id,
          { info: 'Photos', name: 'IMG_0001.jpg' },
          chunked(PHOTO.bytes, 777),
        )
      ).state,
    ).toBe('ok');
    expect(
      (await vault.storeObject(id, 2, [PHOTO2.bytes.subarray(0, 10), PHOTO2.bytes.subarray(10)]))
        .state,
    ).toBe('ok');
    const done = vault.finish(id);
    expect(done.state).toBe('verified');
    expect(done.items).toEqual([
      { item: 'PhoneBook', verified: true, objects: 1 },
      { item: 'Photos', verified: true, objects: 2 },
      { item: 'SimPhoneBook', verified: true, objects: 0 },
    ]);
    expect(vault.verifiedRetrievalOf(IMEI, 'Photos')?.retrievalId).toBe(id);
    expect(vault.verifiedRetrievalOf('490154203237518', 'Photos')).toBeUndefined();
    expect(Buffer.compare(await vault.readObject(id, 1), PHOTO.bytes)).toBe(0);
    expect(vault.listRetrievals({ imei: IMEI }).map((r) => [r.id, r.model, r.correlator])).toEqual([
      [id, 'N6230i', 'r1'],
    ]);
    expect(vault.listRetrievals({ imei: '490154203237518' })).toEqual([]);
    expect(await codeOf(vault.storeObject(id, 0, CONTACTS.bytes))).toBe('retrieval-finished');
  });

  it('records a digest mismatch, keeps the item with good objects verified and the other not', async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([CONTACTS, PHOTO]),
    });
    await vault.storeObject(id, 0, CONTACTS.bytes);
    const bad = Buffer.from(PHOTO.bytes);
    bad[5000] = (bad[5000] ?? 0) ^ 1;
    const r = await vault.storeObject(id, 1, bad);
    expect(r).toMatchObject({
      state: 'digest-mismatch',
      receivedSize: PHOTO.bytes.length,
      receivedSha256: sha256Hex(bad),
    });
    const done = vault.finish(id);
    expect(done.state).toBe('incomplete');
    expect(done.objects[1]).toMatchObject({ state: 'digest-mismatch', stored: true });
    expect(vault.verifiedRetrievalOf(IMEI, 'PhoneBook')?.retrievalId).toBe(id);
    expect(vault.verifiedRetrievalOf(IMEI, 'Photos')).toBeUndefined();
  });

  it('stops reading an object that runs past its manifest size', async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([PHOTO2]),
    });
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(600);
      }
    }
    expect(await vault.storeObject(id, 0, endless())).toMatchObject({
      state: 'size-mismatch',
      receivedSize: 1200,
    });
    expect(pulled).toBe(2);
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
    expect(vault.retrieval(id).objects[0]).toMatchObject({ state: 'size-mismatch', stored: false });
  });

  it('marks an object failed when its source breaks, discards the partial blob, and accepts a retry', async () => {
    const id = vault.beginRetrieval({ imei: IMEI, correlator: 'r', manifest: manifestOf([PHOTO]) });
    async function* breaks(): AsyncGenerator<Uint8Array> {
      yield PHOTO.bytes.subarray(0, 100_000);
      throw new Error('link dropped');
    }
    await expect(vault.storeObject(id, 0, breaks())).rejects.toThrow('link dropped');
    expect(vault.retrieval(id).objects[0]?.state).toBe('failed');
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
    expect((await vault.storeObject(id, 0, chunked(PHOTO.bytes, 4096))).state).toBe('ok');
    expect(await codeOf(vault.storeObject(id, 0, PHOTO.bytes))).toBe('already-stored');
    expect(vault.finish(id).state).toBe('verified');
  });

  it('names unknown retrievals and objects in its errors', async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([PHOTO2]),
    });
    expect(await codeOf(vault.storeObject('nope', 0, PHOTO2.bytes))).toBe('unknown-retrieval');
    expect(await codeOf(vault.storeObject(id, 5, PHOTO2.bytes))).toBe('unknown-object');
    expect(
      await codeOf(vault.storeObject(id, { info: 'Photos', name: 'other.jpg' }, PHOTO2.bytes)),
    ).toBe('unknown-object');
    expect(await codeOf(vault.readObject(id, 0))).toBe('not-stored');
  });

  it('refuses a blob moved onto another object, and a blob cut short', async () => {
    const a: Fixture = { ...PHOTO, name: 'a.jpg', bytes: randomBytes(70_000) };
    const b: Fixture = { ...PHOTO, name: 'b.jpg', bytes: randomBytes(70_000) };
    const id = vault.beginRetrieval({ imei: IMEI, correlator: 'r', manifest: manifestOf([a, b]) });
    await vault.storeObject(id, 0, a.bytes);
    await vault.storeObject(id, 1, b.bytes);
    const db = new Database(join(dir, 'vault.sqlite'), { readonly: true });
    const blobs = db.prepare('SELECT idx, blob FROM objects ORDER BY idx').all() as {
      idx: number;
      blob: string;
    }[];
    db.close();
    const [pa, pb] = blobs.map((x) => join(dir, 'blobs', x.blob));
    if (pa === undefined || pb === undefined) throw new Error('blobs missing');
    copyFileSync(pa, pb);
    expect(await codeOf(vault.readObject(id, 1))).toBe('auth-failed');
    // Object 0: 70,000 bytes = a full 64 KiB chunk + a last chunk; cut after the first.
    truncateSync(pa, 8 + 16 + 65536 + 16);
    expect(await codeOf(vault.readObject(id, 0))).toBe('auth-failed');
  });

  it('writes a 50 MB object to disk as its chunks arrive', async () => {
    const size = 50 * 1024 * 1024;
    const piece = randomBytes(256 * 1024);
    const digest = createHash('sha256');
    for (let i = 0; i < size / piece.length; i += 1) digest.update(piece);
    const expected = digest.digest('hex');
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: {
        correlator: 'r',
        created: '2025-03-01T10:00:00Z',
        objects: [{ info: 'Media', name: 'v.mp4', type: 'video/mp4', size, sha256: expected }],
      },
    });
    let onDiskAt40 = -1;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < size / piece.length; i += 1) {
        if (i === 160) {
          const [f] = readdirSync(join(dir, 'blobs'));
          onDiskAt40 = f === undefined ? 0 : statSync(join(dir, 'blobs', f)).size;
        }
        yield piece;
      }
    }
    expect((await vault.storeObject(id, 0, source())).state).toBe('ok');
    // 40 MiB had been yielded; all but the chunk still pending must already be on disk.
    expect(onDiskAt40).toBeGreaterThan(39 * 1024 * 1024);
    let n = 0;
    const check = createHash('sha256');
    for await (const c of vault.objectStream(id, 0)) {
      expect(c.length).toBeLessThanOrEqual(64 * 1024);
      check.update(c);
      n += c.length;
    }
    expect(n).toBe(size);
    expect(check.digest('hex')).toBe(expected);
  }, 120_000);

  it('deletes a retrieval: blobs gone, rows gone, other retrievals untouched', async () => {
    const keep = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'k',
      manifest: manifestOf([PHOTO2]),
    });
    await vault.storeObject(keep, 0, PHOTO2.bytes);
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([CONTACTS, PHOTO]),
    });
    await vault.storeObject(id, 0, CONTACTS.bytes);
    await vault.storeObject(id, 1, PHOTO.bytes);
    vault.finish(id);
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(3);
    expect(await vault.deleteRetrieval(id)).toEqual({ blobs: 2 });
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(1);
    expect(vault.listRetrievals().map((r) => r.id)).toEqual([keep]);
    expect(vault.verifiedRetrievalOf(IMEI, 'PhoneBook')).toBeUndefined();
    expect(await codeOf(() => vault.retrieval(id))).toBe('unknown-retrieval');
    expect(Buffer.compare(await vault.readObject(keep, 0), PHOTO2.bytes)).toBe(0);
  });

  it('shreds blob files a crash left behind (not in the index) on open', async () => {
    writeFileSync(join(dir, 'blobs', 'deadbeef'), 'partial');
    vault.close();
    vault = await Vault.open(dir, quickPass());
    expect(existsSync(join(dir, 'blobs', 'deadbeef'))).toBe(false);
  });
});
