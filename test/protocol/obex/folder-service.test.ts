import { describe, expect, it } from 'vitest';
import { createLinkPair } from '../../../protocol/link/memory-link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { isObexError } from '../../../protocol/obex/errors.js';
import {
  connectFolderBrowsing,
  deleteFile,
  getFile,
  listFolder,
  putFile,
  setPath,
} from '../../../protocol/obex/folder-client.js';
import { FolderBrowsingService } from '../../../protocol/obex/folder-service.js';
import { MemoryFileStore } from '../../../protocol/obex/memory-file-store.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import { FOLDER_BROWSING_TARGET } from '../../../protocol/obex/targets.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

async function setup(): Promise<{
  client: ObexClient;
  store: MemoryFileStore;
  service: FolderBrowsingService;
  close: () => Promise<void>;
}> {
  const [a, b] = createLinkPair();
  await a.open();
  await b.open();
  const store = new MemoryFileStore(() => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  const service = new FolderBrowsingService(store);
  const served = new ObexServer(b, { services: [service], maxPacketLength: 512 }).serve();
  served.catch(() => undefined);
  const client = new ObexClient(a, { maxPacketLength: 400 });
  return { client, store, service, close: () => a.close() };
}

const codeOf = async (p: Promise<unknown>): Promise<number | string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isObexError(e)) return e.code;
    throw e;
  }
};

describe('folder-service', () => {
  it('browses, writes, reads and deletes through the client helpers', async () => {
    const { client, store, close } = await setup();
    const conn = await connectFolderBrowsing(client);
    expect(conn.who).toEqual(FOLDER_BROWSING_TARGET);
    await putFile(client, 'readme.txt', utf8('hello'));
    await setPath(client, 'Bilder – 日本', { create: true });
    const big = new Uint8Array(5000).map((_, i) => i & 0xff);
    await putFile(client, 'photo.jpg', big);
    let listing = await listFolder(client);
    expect(listing.hasParent).toBe(true);
    expect(listing.entries.map((e) => [e.kind, e.name, e.size])).toEqual([
      ['file', 'photo.jpg', 5000],
    ]);
    expect(listing.entries[0]?.modified?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(await getFile(client, 'photo.jpg')).toEqual(big);
    await setPath(client, '..');
    listing = await listFolder(client);
    expect(listing.hasParent).toBe(false);
    expect(listing.entries.map((e) => [e.kind, e.name])).toEqual([
      ['folder', 'Bilder – 日本'],
      ['file', 'readme.txt'],
    ]);
    expect((await listFolder(client, 'Bilder – 日本')).entries.map((e) => e.name)).toEqual([
      'photo.jpg',
    ]);
    await deleteFile(client, 'readme.txt');
    expect(await store.stat(['readme.txt'])).toBeUndefined();
    await setPath(client, 'Bilder – 日本');
    await setPath(client, '');
    expect((await listFolder(client)).hasParent).toBe(false);
    await close();
  });

  it('rejects names that could escape the folder', async () => {
    const { client, store, close } = await setup();
    await connectFolderBrowsing(client);
    await store.mkdir(['sub']);
    expect(await codeOf(putFile(client, '../evil', utf8('x')))).toBe(0xc0);
    expect(await codeOf(putFile(client, 'a\\b', utf8('x')))).toBe(0xc0);
    expect(await codeOf(putFile(client, 'nul\0', utf8('x')))).toBe(0xc0);
    expect(await codeOf(putFile(client, '..', utf8('x')))).toBe(0xc3);
    expect(await codeOf(getFile(client, '.'))).toBe(0xc3);
    expect(await codeOf(client.put(undefined, undefined, utf8('x')))).toBe(0xc0);
    expect(await codeOf(setPath(client, 'sub/..', { create: true }))).toBe(0xc0);
    expect(await codeOf(setPath(client, '..'))).toBe(0xc4);
    expect(await store.list([])).toEqual([expect.objectContaining({ name: 'sub' })]);
    await close();
  });

  it('maps store failures to response codes', async () => {
    const { client, store, close } = await setup();
    await connectFolderBrowsing(client);
    await store.mkdir(['full']);
    await store.write(['full', 'f'], utf8('1'));
    await store.write(['file'], utf8('1'));
    expect(await codeOf(getFile(client, 'missing'))).toBe(0xc4);
    expect(await codeOf(deleteFile(client, 'full'))).toBe(0xc3);
    expect(await codeOf(setPath(client, 'missing'))).toBe(0xc4);
    expect(await codeOf(setPath(client, 'file'))).toBe(0xc3);
    expect(await codeOf(getFile(client, 'full'))).toBe(0xc3);
    await close();
  });
});
