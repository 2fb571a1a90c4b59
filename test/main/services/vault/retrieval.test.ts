import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
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

  /** Begins a retrieval of CONTACTS and PHOTO and stores the contacts. */
  async function contactsStored(): Promise<string> {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([CONTACTS, PHOTO]),
    });
    await vault.storeObject(id, 0, CONTACTS.bytes);
    return id;
  }

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
    const id = await contactsStored();
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

  /** The objects' blob references (`file:start:length` in a pack) from the index. */
  function blobRefs(): { idx: number; file: string; start: number; length: number }[] {
    const db = new Database(join(dir, 'vault.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT idx, blob FROM objects ORDER BY rowid').all() as {
      idx: number;
      blob: string | null;
    }[];
    db.close();
    return rows.flatMap(({ idx, blob }) => {
      if (blob === null) return [];
      const [file = '', start = '', length = ''] = blob.split(':');
      return [{ idx, file, start: Number(start), length: Number(length) }];
    });
  }

  it("writes stores' rows to the index within a turn, and reads its own rows at once", async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([CONTACTS, PHOTO]),
    });
    await vault.storeObject(id, 0, CONTACTS.bytes);
    await vault.storeObject(id, 1, PHOTO.bytes);
    // Before the queue is written: the vault's own reads already see both objects.
    expect(vault.retrieval(id).objects.map((o) => o.state)).toEqual(['ok', 'ok']);
    const other = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r2',
      manifest: manifestOf([PHOTO2]),
    });
    await vault.storeObject(other, 0, PHOTO2.bytes);
    // Another connection (another process, or what a crash leaves) sees every row one
    // turn later, with no finish.
    await new Promise((r) => setImmediate(r));
    expect(blobRefs().map((r) => r.idx)).toEqual([0, 1, 0]);
  });

  it('refuses a blob moved onto another object, and a blob cut short', async () => {
    const a: Fixture = { ...PHOTO, name: 'a.jpg', bytes: randomBytes(70_000) };
    const b: Fixture = { ...PHOTO, name: 'b.jpg', bytes: randomBytes(70_000) };
    const id = vault.beginRetrieval({ imei: IMEI, correlator: 'r', manifest: manifestOf([a, b]) });
    await vault.storeObject(id, 0, a.bytes);
    await vault.storeObject(id, 1, b.bytes);
    vault.finish(id);
    const [ra, rb] = blobRefs();
    if (ra === undefined || rb === undefined) throw new Error('blobs missing');
    expect(ra.file).toBe(rb.file);
    const pack = join(dir, 'blobs', ra.file);
    // Object 0's sealed bytes written over object 1's (same length).
    const bytes = readFileSync(pack);
    bytes.copy(bytes, rb.start, ra.start, ra.start + ra.length);
    writeFileSync(pack, bytes);
    expect(await codeOf(vault.readObject(id, 1))).toBe('auth-failed');
    // Object 0: 70,000 bytes = a full 64 KiB chunk + a last chunk; cut after the first.
    truncateSync(pack, ra.start + 8 + 16 + 65536 + 16);
    expect(await codeOf(vault.readObject(id, 0))).toBe('auth-failed');
    expect(await codeOf(vault.readObject(id, 1))).toBe('auth-failed');
  });

  it("keeps a retrieval's objects in one pack file, and stores objects of it concurrently", async () => {
    const objs: Fixture[] = Array.from({ length: 6 }, (_, i) => ({
      ...PHOTO,
      name: `p${i}.jpg`,
      bytes: randomBytes(i % 2 === 0 ? 150_000 : 300),
    }));
    const id = vault.beginRetrieval({ imei: IMEI, correlator: 'r', manifest: manifestOf(objs) });
    // All six arrive interleaved, in small pieces.
    const results = await Promise.all(
      objs.map(async (o, i) => vault.storeObject(id, i, chunked(o.bytes, 1000 + i))),
    );
    expect(results.map((r) => r.state)).toEqual(objs.map(() => 'ok'));
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(1);
    expect(vault.finish(id).state).toBe('verified');
    expect(new Set(blobRefs().map((r) => r.file)).size).toBe(1);
    vault.close();
    vault = await Vault.open(dir, quickPass());
    for (const [i, o] of objs.entries())
      expect(Buffer.compare(await vault.readObject(id, i), o.bytes)).toBe(0);
    // A second retrieval gets its own pack.
    const other = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r2',
      manifest: manifestOf([PHOTO2]),
    });
    await vault.storeObject(other, 0, PHOTO2.bytes);
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(2);
  });

  it('fsyncs a retrieval off the event loop before finish; a store after that opens a new pack', async () => {
    const id = vault.beginRetrieval({
      imei: IMEI,
      correlator: 'r',
      manifest: manifestOf([CONTACTS, PHOTO, PHOTO2]),
    });
    await vault.storeObject(id, 0, CONTACTS.bytes);
    // A store under way: nothing is sealed.
    const photo = vault.storeObject(id, 1, chunked(PHOTO.bytes, 5000));
    await vault.syncRetrieval(id);
    expect((await photo).state).toBe('ok');
    await vault.syncRetrieval(id);
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(1);
    expect((await vault.storeObject(id, 2, PHOTO2.bytes)).state).toBe('ok');
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(2);
    expect(vault.finish(id).state).toBe('verified');
    for (const [i, o] of [CONTACTS, PHOTO, PHOTO2].entries())
      expect(Buffer.compare(await vault.readObject(id, i), o.bytes)).toBe(0);
  });

  it('after a crash with a retrieval open, sets back objects whose bytes did not reach the disk', async () => {
    const id = await contactsStored();
    await vault.storeObject(id, 1, PHOTO.bytes);
    vault.close();
    // A power loss before `finish` fsynced the pack: the rows survived, the photo's
    // bytes only in part.
    const [, photo] = blobRefs();
    if (photo === undefined) throw new Error('blob missing');
    truncateSync(join(dir, 'blobs', photo.file), photo.start + 1000);
    vault = await Vault.open(dir, quickPass());
    expect(vault.retrieval(id).objects.map((o) => [o.state, o.stored])).toEqual([
      ['ok', true],
      ['failed', false],
    ]);
    expect(Buffer.compare(await vault.readObject(id, 0), CONTACTS.bytes)).toBe(0);
    // The retry stores it again, and the retrieval can be verified.
    expect((await vault.storeObject(id, 1, PHOTO.bytes)).state).toBe('ok');
    expect(vault.finish(id).state).toBe('verified');
    expect(Buffer.compare(await vault.readObject(id, 1), PHOTO.bytes)).toBe(0);
  });

  it('does not call a retrieval verified when its pack file was removed before finish', async () => {
    const id = await contactsStored();
    await vault.storeObject(id, 1, PHOTO.bytes);
    await vault.syncRetrieval(id);
    for (const f of readdirSync(join(dir, 'blobs'))) rmSync(join(dir, 'blobs', f));
    const done = vault.finish(id);
    expect(done.state).toBe('incomplete');
    expect(done.objects.map((o) => [o.state, o.stored])).toEqual([
      ['failed', false],
      ['failed', false],
    ]);
    expect(vault.verifiedRetrievalOf(IMEI, 'PhoneBook')).toBeUndefined();
  });

  it("still reads and deletes an older vault's one blob file per object", async () => {
    const id = vault.beginRetrieval({ imei: IMEI, correlator: 'r', manifest: manifestOf([PHOTO]) });
    await vault.storeObject(id, 0, PHOTO.bytes);
    vault.finish(id);
    vault.close();
    // Rewrite the object as an older vault stored it: its own file, referenced by name.
    const [ref] = blobRefs();
    if (ref === undefined) throw new Error('blob missing');
    const sealed = readFileSync(join(dir, 'blobs', ref.file)).subarray(
      ref.start,
      ref.start + ref.length,
    );
    writeFileSync(join(dir, 'blobs', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'), sealed);
    const db = new Database(join(dir, 'vault.sqlite'));
    db.prepare('UPDATE objects SET blob = ?').run('a1b2c3d4e5f60718293a4b5c6d7e8f90');
    db.close();
    rmSync(join(dir, 'blobs', ref.file));
    vault = await Vault.open(dir, quickPass());
    expect(Buffer.compare(await vault.readObject(id, 0), PHOTO.bytes)).toBe(0);
    expect(await vault.deleteRetrieval(id)).toEqual({ blobs: 1 });
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
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
    const id = await contactsStored();
    await vault.storeObject(id, 1, PHOTO.bytes);
    vault.finish(id);
    // One pack per retrieval.
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(2);
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
