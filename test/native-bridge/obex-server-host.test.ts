import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { connectTcp } from '../../native-bridge/links/tcp-link.js';
import { hostFolderOverSerial, hostFolderOverTcp } from '../../native-bridge/obex-server-host.js';
import type { FolderHost, HostEvent } from '../../native-bridge/obex-server-host.js';
import { isLinkDisconnected } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { connectFolderBrowsing, getFile, listFolder } from '../../protocol/obex/folder-client.js';
import { have, killAll, ptyPair } from '../interop/support.js';

let work = '';
let host: FolderHost | undefined;
afterEach(async () => {
  await killAll();
  await host?.close();
  host = undefined;
  rmSync(work, { recursive: true, force: true });
});

const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

async function fetchOver(
  link: SerialLink | Awaited<ReturnType<typeof connectTcp>>,
): Promise<string> {
  const client = new ObexClient(link, { timeoutMs: 5000 });
  await connectFolderBrowsing(client);
  const text = dec(await getFile(client, 'a.txt'));
  await client.disconnect();
  await link.close();
  return text;
}

describe('obex-server-host', () => {
  it('serves concurrent TCP sessions, each with its own current folder', async () => {
    work = mkdtempSync(join(tmpdir(), 'cimo-host-'));
    writeFileSync(join(work, 'a.txt'), 'root file');
    const events: HostEvent['kind'][] = [];
    const tcp = await hostFolderOverTcp(new FsFileStore(work), {
      port: 0,
      onEvent: (e) => events.push(e.kind),
    });
    host = tcp;
    const one = await connectTcp('127.0.0.1', tcp.port);
    const two = await connectTcp('127.0.0.1', tcp.port);
    const c1 = new ObexClient(one, { timeoutMs: 5000 });
    const c2 = new ObexClient(two, { timeoutMs: 5000 });
    await connectFolderBrowsing(c1);
    await connectFolderBrowsing(c2);
    expect((await listFolder(c1)).entries.map((e) => e.name)).toEqual(['a.txt']);
    expect(dec(await getFile(c2, 'a.txt'))).toBe('root file');
    await one.close();
    await two.close();
    await tcp.close();
    host = undefined;
    expect(events.filter((k) => k === 'session-start')).toHaveLength(2);
    expect(events.filter((k) => k === 'session-end')).toHaveLength(2);
  });

  it.skipIf(!have('socat'))(
    'reopens its serial port after the line drops and serves the next peer',
    async () => {
      work = mkdtempSync(join(tmpdir(), 'cimo-host-'));
      writeFileSync(join(work, 'a.txt'), 'served twice');
      const ends: (Error | undefined)[] = [];
      const first = await ptyPair(work);
      host = await hostFolderOverSerial(new FsFileStore(work), {
        path: first.a,
        retryMs: 100,
        onEvent: (e) => {
          if (e.kind === 'session-end') ends.push(e.error);
        },
      });
      const l1 = new SerialLink({ path: first.b });
      await l1.open();
      expect(await fetchOver(l1)).toBe('served twice');

      // Drop the line (socat gone, the pty nodes vanish), then bring up a new pair at the
      // same paths, as a re-plugged cable would.
      first.socat.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 600));
      expect(ends.length).toBe(1);
      expect(isLinkDisconnected(ends[0])).toBe(true);
      const second = await ptyPair(work);
      expect(second.a).toBe(first.a);
      await new Promise((r) => setTimeout(r, 400));
      const l2 = new SerialLink({ path: second.b });
      await l2.open();
      expect(await fetchOver(l2)).toBe('served twice');
    },
  );
});
