/**
 * Debian's `obexftp` (OpenOBEX, not ours) as the client of a handset's Folder Browsing
 * over TCP: it lists the memory card and a published retrieval and gets a file from it.
 * obexftp exits 255 even on success, so the test judges by what it printed and fetched.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenTcp } from '../../../native-bridge/links/tcp-link.js';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import { parseManifest } from '../../../protocol/cimo/manifest.js';
import { parseFolderListing } from '../../../protocol/obex/folder-listing.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import { have, killAll, run } from '../../interop/support.js';
import { cleanup, consoleSession, newHandset, tempDir } from './helpers.js';

const P = cimoPaths('./CIMO');
const disposers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await killAll();
  for (const d of disposers.splice(0).reverse()) await d().catch(() => undefined);
  await cleanup();
});

describe.skipIf(!have('obexftp'))('obexftp against a handset over TCP', () => {
  it('lists MemoryCard and cimo-retrieve/<correlator> and gets a retrieved object', async () => {
    const h = await newHandset();
    await consoleSession(h, async (s) => {
      await s.replace(P.info('Notes').ToBeRetrieved, 'true');
      await s.exec(P.operations.Retrieve, { correlator: 'ftp1' });
    });
    await h.idle();
    const manifest = parseManifest(h.state.lastOperation.manifest);
    const notes = manifest.objects[0];
    if (notes === undefined) throw new Error('nothing retrieved');

    const listener = await listenTcp({ host: '127.0.0.1', port: 0 });
    const serving: Promise<unknown>[] = [];
    void (async () => {
      for await (const link of listener) {
        serving.push(new ObexServer(link, { services: h.obexServices() }).serve().catch(() => 0));
      }
    })();
    disposers.push(async () => {
      await listener.close();
      await Promise.all(serving);
    });
    const local = await tempDir('cimo-obexftp-');
    const ftp = (args: string[]) =>
      run('obexftp', ['-n', `127.0.0.1:${listener.port}`, ...args], {
        cwd: local,
        timeoutMs: 20_000,
      });
    const xml = (out: string) => parseFolderListing(out.slice(out.indexOf('<?xml')));

    const card = await ftp(['-l', 'MemoryCard']);
    const names = xml(card.stdout).entries.map((e) => e.name);
    const onDisk = await readdir(h.store.folderOf('CardMedia') as string);
    expect(names.sort()).toEqual(onDisk.filter((n) => !n.startsWith('.')).sort());

    const r = await ftp(['-c', 'cimo-retrieve', '-l', 'ftp1']);
    expect(
      xml(r.stdout)
        .entries.map((e) => e.name)
        .sort(),
    ).toEqual([notes.name, 'manifest.xml'].sort());

    await ftp(['-c', 'cimo-retrieve', '-c', 'ftp1', '-g', notes.name]);
    const got = await readFile(join(local, notes.name));
    expect(got.length).toBe(notes.size);
    expect(Buffer.compare(got, await readFile(join(h.dir, 'retrieve', 'ftp1', notes.name)))).toBe(
      0,
    );
  });
});
