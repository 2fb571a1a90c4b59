/**
 * The handset's OBEX services on a real TCP socket: DM sessions through ObexDmService
 * (the console: ObexClient + ObexDmTransport), Folder Browsing through a real OBEX
 * client — refused 0xC3 for a locked item's folder and for everything while fully
 * locked, while DM keeps working; a local Retrieve readable under cimo-retrieve/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ObexDmTransport } from '../../../native-bridge/dm/obex-dm-transport.js';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import { parseManifest, checkRetrievedObject } from '../../../protocol/cimo/manifest.js';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import {
  connectFolderBrowsing,
  getFile,
  listFolder,
  setPath,
} from '../../../protocol/obex/folder-client.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import type { Handset } from '../../../handset/device/handset.js';
import { cleanup, consoleSession, getText, newHandset } from './helpers.js';

const P = cimoPaths('./CIMO');
const disposers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0).reverse()) await d().catch(() => undefined);
  await cleanup();
});

/** Serves the handset's OBEX services on 127.0.0.1:<free port>, one server per connection. */
async function serveObex(h: Handset): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1', port: 0 });
  const serving: Promise<unknown>[] = [];
  void (async () => {
    for await (const link of listener) {
      serving.push(
        new ObexServer(link, { services: h.obexServices() }).serve().catch(() => undefined),
      );
    }
  })();
  disposers.push(async () => {
    await listener.close();
    await Promise.all(serving);
  });
  return listener.port;
}

/** A console DM session over OBEX/TCP. */
async function dmOverObex<T>(
  h: Handset,
  port: number,
  fn: Parameters<typeof consoleSession<T>>[1],
) {
  const link = await connectTcp('127.0.0.1', port);
  const transport = new ObexDmTransport(new ObexClient(link));
  try {
    return await consoleSession(h, fn, { transport });
  } finally {
    await transport.close().catch(() => undefined);
    await link.close();
  }
}

/** A Folder Browsing client on a fresh connection. */
async function browser(port: number): Promise<ObexClient> {
  const link = await connectTcp('127.0.0.1', port);
  disposers.push(() => link.close());
  return new ObexClient(link);
}

describe('handset OBEX services over TCP', () => {
  it('locks: a locked item folder answers 0xC3, fully locked refuses everything, DM still works', async () => {
    const h = await newHandset();
    const port = await serveObex(h);
    const open = await browser(port);
    await connectFolderBrowsing(open);
    const root = await listFolder(open);
    expect(root.entries.map((e) => e.name)).toEqual(['MemoryCard', 'Photos', 'cimo-retrieve']);
    const photos = await listFolder(open, 'Photos');
    const first = photos.entries.find((e) => e.kind === 'file');
    if (first === undefined) throw new Error('no photo to read');
    await setPath(open, 'Photos');
    const bytes = await getFile(open, first.name);
    expect(bytes).toEqual(
      new Uint8Array(await readFile(join(h.store.folderOf('Photos') as string, first.name))),
    );
    // Read-only: a PUT is refused.
    await expect(open.put('x.txt', undefined, new Uint8Array([1]))).rejects.toMatchObject({
      code: 0xc3,
    });

    const lock = await dmOverObex(h, port, async (s) => {
      await s.replace(P.info('Photos').ToBeLocked, 'true');
      await s.exec(P.operations.PartiallyLock);
      return getText(s, P.info('Photos').Locked);
    });
    expect(lock.result).toBe('true');
    // Same connection, already inside the folder: the next read is refused.
    await expect(getFile(open, first.name)).rejects.toMatchObject({ code: 0xc3 });
    const fresh = await browser(port);
    await connectFolderBrowsing(fresh);
    await expect(listFolder(fresh, 'Photos')).rejects.toMatchObject({ code: 0xc3 });
    await expect(setPath(fresh, 'Photos')).rejects.toMatchObject({ code: 0xc3 });
    expect((await listFolder(fresh, 'MemoryCard')).entries.length).toBeGreaterThan(0);

    const full = await dmOverObex(h, port, async (s) => {
      await s.exec(P.operations.FullyLock, { correlator: 'fl' });
      return undefined;
    });
    expect(full.result).toBeUndefined();
    await h.idle();
    await expect(listFolder(fresh, 'MemoryCard')).rejects.toMatchObject({ code: 0xc3 });
    await expect(listFolder(fresh)).rejects.toMatchObject({ code: 0xc3 });
    await expect(connectFolderBrowsing(await browser(port))).rejects.toMatchObject({ code: 0xc3 });
    // DM answers while fully locked, and delivers the FullyLock result.
    const still = await dmOverObex(h, port, (s) => getText(s, P.state));
    expect(still.result).toBe('10');
    expect(still.alerts.map((a) => [a.correlator, a.data])).toEqual([['fl', '1200']]);

    await dmOverObex(h, port, (s) => s.exec(P.operations.UnLock));
    const after = await browser(port);
    await connectFolderBrowsing(after);
    expect((await listFolder(after, 'Photos')).entries.length).toBe(photos.entries.length);
  });

  it('Retrieve local over OBEX: the objects under cimo-retrieve/<correlator>/ match the manifest', async () => {
    const h = await newHandset();
    const port = await serveObex(h);
    await dmOverObex(h, port, async (s) => {
      await s.replace(P.info('Messages').ToBeRetrieved, 'true');
      await s.replace(P.info('CardMedia').ToBeRetrieved, 'true');
      expect((await s.exec(P.operations.Retrieve, { correlator: 'obex-r1' })).status).toBe(202);
    });
    await h.idle();
    const next = await dmOverObex(h, port, (s) => getText(s, P.lastOperation.Manifest));
    expect(next.alerts.map((a) => a.data)).toEqual(['1210']);
    const manifest = parseManifest(next.result);
    const c = await browser(port);
    await connectFolderBrowsing(c);
    await setPath(c, 'cimo-retrieve');
    expect((await listFolder(c)).entries.map((e) => e.name)).toEqual(['obex-r1']);
    await setPath(c, 'obex-r1');
    const listing = await listFolder(c);
    expect(listing.entries.map((e) => e.name).sort()).toEqual(
      [...manifest.objects.map((o) => o.name), 'manifest.xml'].sort(),
    );
    expect(new TextDecoder().decode(await getFile(c, 'manifest.xml'))).toBe(next.result);
    for (const o of manifest.objects) {
      expect(checkRetrievedObject(o, await getFile(c, o.name))).toBe('ok');
    }
  });
});
