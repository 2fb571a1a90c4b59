/**
 * KNOWN BUG (native-bridge/links/serial-link.ts, via @serialport/bindings-cpp): on a
 * socat pty pair, a large OBEX GET (our server writing 64 KiB response packets while its
 * read of the next request is pending on the same fd) stalls at a random packet.
 *
 * What was observed when it stalls (50 MiB GET, fails in most runs here; 5 MiB rarely):
 * - the server's `SerialLink.write()` of one 65535-byte packet never resolves; with
 *   DEBUG=serialport/bindings-cpp/* its last lines are `write returned: wrote 26112 bytes`,
 *   `write errored EAGAIN`, `waiting for writable`, `Polling for "writable"`, and no
 *   `received "writable"` ever follows;
 * - at that moment both pty slaves have empty queues (FIONREAD 0 and TIOCOUTQ 0 on both
 *   ends) and socat sits idle in poll — the fd IS writable, the wake-up is lost;
 * - the client has every byte of the packets before the stuck one and waits, so the
 *   request times out.
 * Splitting writes into 4 KiB or 16 KiB pieces, or `socat -b 65536`, makes it rarer but
 * does not remove it. The same traffic over TCP never stalls. The likely culprit is the
 * bindings' Poller losing the UV_WRITABLE interest while a UV_READABLE poll is armed on
 * the same descriptor; a fix belongs in SerialLink (e.g. its own write path with a
 * writable retry timer) or upstream.
 *
 * This test is expected to FAIL until that is fixed. The OBEX benchmark retries a stalled
 * pty measurement and says so in its table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { ObexServer } from '../../protocol/obex/server.js';
import { FOLDER_BROWSING_TARGET } from '../../protocol/obex/targets.js';
import { have, killAll, ptyPair } from './support.js';

let work = '';
const links: SerialLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
  await killAll();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!have('socat'))('SerialLink on a pty pair (known bug)', () => {
  it('completes a 50 MiB OBEX GET without a write stalling', async () => {
    work = mkdtempSync(join(tmpdir(), 'cimo-pty-stall-'));
    const pty = await ptyPair(work);
    const clientLink = new SerialLink({ path: pty.a });
    const serverLink = new SerialLink({ path: pty.b });
    links.push(clientLink, serverLink);
    await clientLink.open();
    await serverLink.open();
    const object = new Uint8Array(50 * 1024 * 1024).map((_, i) => (i * 131 + (i >>> 11)) & 0xff);
    const server = new ObexServer(serverLink, {
      services: [{ target: FOLDER_BROWSING_TARGET, onGet: () => object }],
    });
    const serving = server.serve().catch(() => undefined);
    const client = new ObexClient(clientLink, { timeoutMs: 3000 });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    let received = 0;
    const result = await client
      .get('big.bin', undefined, { onProgress: (n) => (received = n) })
      .then(
        (got) => `ok ${got.length}`,
        (e: unknown) => `stalled after ${received} bytes: ${String(e)}`,
      );
    expect(result).toBe(`ok ${object.length}`);
    await clientLink.close();
    await serverLink.close();
    await serving;
  }, 30_000);
});
