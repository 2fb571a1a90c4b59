import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostObexSerial, hostObexTcp } from '../../../handset/links/obex-host.js';
import type { ObexHost } from '../../../handset/links/obex-host.js';
import { startPtyPair } from '../../../handset/links/pty-pair.js';
import type { PtyPair } from '../../../handset/links/pty-pair.js';
import { FsFileStore } from '../../../native-bridge/fs-file-store.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { connectTcp } from '../../../native-bridge/links/tcp-link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import {
  connectFolderBrowsing,
  getFile,
  listFolder,
} from '../../../protocol/obex/folder-client.js';
import { FolderBrowsingService } from '../../../protocol/obex/folder-service.js';

let work = '';
let host: ObexHost | undefined;
let pty: PtyPair | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  await pty?.close();
  pty = undefined;
  rmSync(work, { recursive: true, force: true });
});

const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function folder(): FsFileStore {
  work = mkdtempSync(join(tmpdir(), 'cimo-hs-host-'));
  const files = join(work, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'a.txt'), 'über-file');
  return new FsFileStore(files);
}

describe('handset OBEX hosts', () => {
  it('keeps a pty pair "plugged in": a console can close its end and connect again', async () => {
    const store = folder();
    const log: string[] = [];
    pty = await startPtyPair({ dir: work, log: (l) => log.push(l) });
    host = await hostObexSerial({
      path: pty.handsetPath,
      services: () => [new FolderBrowsingService(store)],
      log: (l) => log.push(l),
    });
    for (let round = 0; round < 2; round++) {
      const deadline = Date.now() + 10_000;
      let text: string;
      // After the first round socat is being restarted: retry until the new pair is up.
      for (;;) {
        const link = new SerialLink({ path: pty.consolePath });
        try {
          await link.open();
          const client = new ObexClient(link, { timeoutMs: 3000 });
          await connectFolderBrowsing(client);
          text = dec(await getFile(client, 'a.txt'));
          await client.disconnect();
          await link.close();
          break;
        } catch (e) {
          await link.close().catch(() => undefined);
          if (Date.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      expect(text).toBe('über-file');
    }
  }, 40_000);

  it('serves TCP paced to a baud rate: a 2 KiB file at 19200 baud takes about a second', async () => {
    const store = folder();
    writeFileSync(join(store.root, 'b.bin'), new Uint8Array(2048).fill(7));
    host = await hostObexTcp({
      port: 0,
      services: () => [new FolderBrowsingService(store)],
      shaping: { paceBaud: 19200 },
    });
    const link = await connectTcp('127.0.0.1', host.port ?? 0);
    const client = new ObexClient(link, { timeoutMs: 10_000 });
    await connectFolderBrowsing(client);
    const t0 = performance.now();
    const body = await getFile(client, 'b.bin');
    const seconds = (performance.now() - t0) / 1000;
    expect(body).toEqual(new Uint8Array(2048).fill(7));
    // 2048 bytes + headers at 1920 B/s: never faster than the line allows.
    expect(seconds).toBeGreaterThan(1.0);
    await link.close();
  }, 30_000);

  it('drops the TCP link after N bytes: the console sees a disconnect mid-listing', async () => {
    const store = folder();
    for (let i = 0; i < 50; i++) writeFileSync(join(store.root, `file-${i}.txt`), 'x');
    host = await hostObexTcp({
      port: 0,
      services: () => [new FolderBrowsingService(store)],
      shaping: { dropAfterBytes: 600 },
    });
    const link = await connectTcp('127.0.0.1', host.port ?? 0);
    const client = new ObexClient(link, { timeoutMs: 5000 });
    await connectFolderBrowsing(client);
    await expect(listFolder(client)).rejects.toMatchObject({ disconnected: true });
    await link.close();
  });
});
