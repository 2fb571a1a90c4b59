/**
 * OBEX Single Response Mode over real TCP: with no answer per packet, what holds a fast
 * sender back from a slow receiver is the link — the receiver stops reading, the kernel's
 * buffers fill, the sender's writes wait. Both directions, with a sink held still.
 */
import { describe, expect, it } from 'vitest';
import { connectTcp, listenTcp } from '../../native-bridge/links/tcp-link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { ObexServer } from '../../protocol/obex/server.js';
import type { ObexService } from '../../protocol/obex/service.js';
import { FOLDER_BROWSING_TARGET } from '../../protocol/obex/targets.js';

const MiB = 1024 * 1024;
const SIZE = 48 * MiB;
/** Far below the object: read-ahead (1 MiB each side) plus what the kernel buffers. */
const BOUND = 24 * MiB;

/** `SIZE` bytes in 64 KiB pieces, counting what was handed out. */
function counted(): { produced: () => number; body: AsyncIterable<Uint8Array> } {
  let produced = 0;
  return {
    produced: () => produced,
    body: (async function* () {
      for (let o = 0; o < SIZE; o += 64 * 1024) {
        produced += 64 * 1024;
        yield new Uint8Array(64 * 1024).fill(o >>> 16);
      }
    })(),
  };
}

/** A sink that holds its first write until `release()`, then counts bytes. */
function heldSink(): { write(p: Uint8Array): Promise<void>; release(): void; got: () => number } {
  let got = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  return {
    write: async (p) => {
      await held;
      got += p.length;
    },
    release: () => release(),
    got: () => got,
  };
}

/** Resolves once `f()` stopped changing for a few polls. */
async function settled(f: () => number): Promise<number> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 200 && still < 4; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = f();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

async function pair(svc: ObexService): Promise<{ client: ObexClient; close(): Promise<void> }> {
  const listener = await listenTcp({ port: 0 });
  const [server, client] = await Promise.all([
    listener.accept(),
    connectTcp('127.0.0.1', listener.port),
  ]);
  const serving = new ObexServer(server, { services: [svc] }).serve().catch(() => undefined);
  const obex = new ObexClient(client, { timeoutMs: 60_000 });
  await obex.connect({ target: FOLDER_BROWSING_TARGET });
  return {
    client: obex,
    close: async () => {
      await client.close();
      await server.close();
      await listener.close();
      await serving;
    },
  };
}

describe('OBEX Single Response Mode over TCP', () => {
  it('GET: a server streaming to a held sink is stopped by the link, then finishes', async () => {
    const source = counted();
    const svc: ObexService = {
      target: FOLDER_BROWSING_TARGET,
      openGet: () => ({ length: SIZE, body: source.body }),
    };
    const { client, close } = await pair(svc);
    const sink = heldSink();
    const get = client.getTo('big', undefined, sink);
    const stalled = await settled(source.produced);
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(BOUND);
    sink.release();
    expect((await get).size).toBe(SIZE);
    expect(sink.got()).toBe(SIZE);
    await close();
  }, 60_000);

  it('PUT: a client streaming to a held sink is stopped by the link, then finishes', async () => {
    const sink = heldSink();
    const svc: ObexService = {
      target: FOLDER_BROWSING_TARGET,
      openPut: () => ({ write: (p) => sink.write(p), close: () => undefined }),
    };
    const { client, close } = await pair(svc);
    const source = counted();
    const put = client.putFrom('big', undefined, source.body, { length: SIZE });
    const stalled = await settled(source.produced);
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(BOUND);
    sink.release();
    await put;
    expect(sink.got()).toBe(SIZE);
    await close();
  }, 60_000);
});
