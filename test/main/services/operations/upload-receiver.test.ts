/**
 * The console's retrieval upload endpoint over real HTTP into a real vault: manifest first
 * (objects stream into the vault as they arrive, each answered on its own), objects first
 * (held until the manifest), a corrupted object, an unknown correlator, a wrong DevId, an
 * upload that stops half-way and is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadReceiver } from '../../../../main/services/operations/upload-receiver.js';
import { Vault } from '../../../../main/services/vault/index.js';
import { buildManifest } from '../../../../protocol/cimo/index.js';
import type { Fixture } from '../vault/vault-support.js';
import { manifestOf, quickPass, tempFolder } from '../vault/vault-support.js';

const IMEI = '356938035643809';
const DEVID = `IMEI:${IMEI}`;
const CONTACTS: Fixture = {
  info: 'PhoneBook',
  name: 'contacts.vcf',
  type: 'text/vcard',
  bytes: new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n'),
};
const PHOTO: Fixture = {
  info: 'Photos',
  name: 'IMG 0001.jpg',
  type: 'image/jpeg',
  bytes: randomBytes(300_000),
};

/** One PUT; resolves with the HTTP status. */
function put(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'x-cimo-devid': DEVID, 'content-length': String(body.length), ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('UploadReceiver', () => {
  let dir: string;
  let cleanup: () => void;
  let vault: Vault;
  let receiver: UploadReceiver;
  beforeEach(async () => {
    ({ dir, cleanup } = tempFolder());
    vault = await Vault.open(dir, quickPass());
    receiver = await UploadReceiver.start({ vault, maxUploadBytes: 1 << 20 });
  });
  afterEach(async () => {
    await receiver.close();
    vault.close();
    cleanup();
  });

  const at = (correlator: string, name: string): string =>
    `${receiver.url}/${encodeURIComponent(correlator)}/${encodeURIComponent(name)}`;
  const expectUpload = (correlator: string) =>
    receiver.expect(correlator, {
      devId: DEVID,
      imei: IMEI,
      items: ['PhoneBook', 'Photos'],
    });

  it('manifest first: the retrieval begins at once and each object is stored as it arrives', async () => {
    const done = expectUpload('c1');
    const manifest = manifestOf([CONTACTS, PHOTO], 'c1');
    expect(await put(at('c1', 'manifest.xml'), Buffer.from(buildManifest(manifest)))).toBe(200);
    // Before any object: the vault already holds the open retrieval.
    const open = vault.listRetrievals({ imei: IMEI });
    expect(open.map((r) => r.state)).toEqual(['open']);
    expect(await put(at('c1', CONTACTS.name), CONTACTS.bytes, { 'x-cimo-info': 'PhoneBook' })).toBe(
      200,
    );
    // Stored (encrypted) before the upload is over.
    const id = open[0]?.id ?? '';
    expect(vault.retrieval(id).objects.map((o) => o.state)).toEqual(['ok', 'pending']);
    expect(await put(at('c1', PHOTO.name), PHOTO.bytes, { 'x-cimo-info': 'Photos' })).toBe(200);
    const detail = await done;
    expect(detail.state).toBe('verified');
    expect(Buffer.compare(await vault.readObject(id, 1), Buffer.from(PHOTO.bytes))).toBe(0);
  });

  it('manifest first: a corrupted object is answered 422 and leaves the retrieval incomplete', async () => {
    const done = expectUpload('c2');
    const manifest = manifestOf([CONTACTS, PHOTO], 'c2');
    expect(await put(at('c2', 'manifest.xml'), Buffer.from(buildManifest(manifest)))).toBe(200);
    expect(await put(at('c2', CONTACTS.name), CONTACTS.bytes)).toBe(200);
    const bad = Buffer.from(PHOTO.bytes);
    bad[1000] = (bad[1000] ?? 0) ^ 0xff;
    expect(await put(at('c2', PHOTO.name), bad)).toBe(422);
    const detail = await done;
    expect(detail.state).toBe('incomplete');
    expect(detail.objects.map((o) => o.state)).toEqual(['ok', 'digest-mismatch']);
    // An object the manifest does not list is refused.
    expect(await put(at('c2', 'other.jpg'), CONTACTS.bytes)).toBe(404);
  });

  it('objects first: held until the manifest, whose answer is the verification', async () => {
    const done = expectUpload('c3');
    expect(await put(at('c3', CONTACTS.name), CONTACTS.bytes)).toBe(200);
    expect(await put(at('c3', PHOTO.name), PHOTO.bytes)).toBe(200);
    expect(vault.listRetrievals({ imei: IMEI })).toEqual([]);
    const manifest = manifestOf([CONTACTS, PHOTO], 'c3');
    expect(await put(at('c3', 'manifest.xml'), Buffer.from(buildManifest(manifest)))).toBe(200);
    expect((await done).state).toBe('verified');

    const again = expectUpload('c4');
    const bad = Buffer.from(CONTACTS.bytes);
    bad[0] = 0x41;
    expect(await put(at('c4', CONTACTS.name), bad)).toBe(200);
    expect(await put(at('c4', PHOTO.name), PHOTO.bytes)).toBe(200);
    const m4 = manifestOf([CONTACTS, PHOTO], 'c4');
    expect(await put(at('c4', 'manifest.xml'), Buffer.from(buildManifest(m4)))).toBe(422);
    expect((await again).state).toBe('incomplete');
  });

  it('refuses unknown correlators and other devices; bounds what it holds before a manifest', async () => {
    expect(await put(at('nobody', CONTACTS.name), CONTACTS.bytes)).toBe(404);
    const done = expectUpload('c5');
    done.catch(() => undefined);
    expect(await put(at('c5', CONTACTS.name), CONTACTS.bytes, { 'x-cimo-devid': 'IMEI:1' })).toBe(
      403,
    );
    // 1 MiB is this receiver's bound on objects held before their manifest.
    expect(await put(at('c5', 'big.bin'), randomBytes(1.5 * (1 << 20)))).toBe(413);
    await expect(done).rejects.toThrow(/over/);
  });

  it('an upload that stops after the manifest ends incomplete when the runner forgets it', async () => {
    const done = expectUpload('c6');
    const manifest = manifestOf([CONTACTS, PHOTO], 'c6');
    expect(await put(at('c6', 'manifest.xml'), Buffer.from(buildManifest(manifest)))).toBe(200);
    expect(await put(at('c6', CONTACTS.name), CONTACTS.bytes)).toBe(200);
    receiver.forget('c6');
    const [r] = vault.listRetrievals({ imei: IMEI });
    expect(r?.state).toBe('incomplete');
    // What arrived is kept, encrypted, and readable.
    const id = r?.id ?? '';
    expect(Buffer.from(await vault.readObject(id, 0)).toString('utf8')).toContain('FN:Ann');
    void done;
  });
});
