/**
 * Regression test for a stall found on socat pty pairs: a large OBEX GET (our server
 * writing 64 KiB response packets while its read of the next request is pending on the
 * same fd) used to stall at a random packet when `SerialLink` wrote through serialport.
 *
 * What was observed (50 MiB GET, failed in most runs; 5 MiB rarely):
 * - one 65535-byte `port.write()` never resolved; with DEBUG=serialport/bindings-cpp/*
 *   its last lines were `write returned: wrote 26112 bytes`, `write errored EAGAIN`,
 *   `waiting for writable`, `Polling for "writable"`, and no `received "writable"`;
 * - both pty slaves had empty queues (FIONREAD 0, TIOCOUTQ 0) and socat sat idle in poll:
 *   the fd WAS writable, the wake-up was lost (the bindings' Poller loses the writable
 *   interest while a readable poll is armed on the same descriptor).
 * The fix is in `native-bridge/links/serial-link.ts`: writes go straight to the fd with
 * an EAGAIN retry timer, and serialport's poller is used for reads only.
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
  // socat first: closing a port with a stalled write pending can wait on that write.
  await killAll();
  await Promise.all(links.splice(0).map((l) => l.close()));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!have('socat'))('SerialLink on a pty pair', () => {
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
    await killAll();
    await serving;
  }, 30_000);
});
