import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pullRetrieval } from '../../../../main/services/operations/retrieve-pull.js';
import type { Vault } from '../../../../main/services/vault/index.js';
import { sha256Hex } from '../../../../protocol/cimo/index.js';
import type { RetrievalManifest } from '../../../../protocol/cimo/index.js';
import { createLinkPair } from '../../../../protocol/link/memory-link.js';
import { ObexClient } from '../../../../protocol/obex/client.js';
import { connectFolderBrowsing } from '../../../../protocol/obex/folder-client.js';
import { FolderBrowsingService } from '../../../../protocol/obex/folder-service.js';
import { MemoryFileStore } from '../../../../protocol/obex/memory-file-store.js';
import { ObexServer } from '../../../../protocol/obex/server.js';
import { vaultPerTest } from '../vault/vault-support.js';

const FOLDER = ['cimo-retrieve', 'r-1'];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

interface Served {
  readonly name: string;
  /** What the manifest says. */
  readonly bytes: Uint8Array;
  /** What the handset serves, when it differs (undefined: nothing, the file is missing). */
  readonly served?: Uint8Array | undefined;
  readonly missing?: boolean;
}

/** Pulls `objects` from an OBEX folder-browsing server into a fresh vault retrieval. */
async function pull(
  vault: Vault,
  objects: readonly Served[],
): Promise<{ id: string; detail: Awaited<ReturnType<typeof pullRetrieval>> }> {
  const [a, b] = createLinkPair();
  await a.open();
  await b.open();
  const store = new MemoryFileStore();
  await store.mkdir(FOLDER.slice(0, 1));
  await store.mkdir(FOLDER);
  for (const o of objects) {
    if (o.missing === true) continue;
    await store.write([...FOLDER, o.name], o.served ?? o.bytes);
  }
  const served = new ObexServer(b, { services: [new FolderBrowsingService(store)] }).serve();
  served.catch(() => undefined);
  const client = new ObexClient(a);
  await connectFolderBrowsing(client);
  const manifest: RetrievalManifest = {
    correlator: 'c-1',
    created: '2025-03-01T10:00:00Z',
    objects: objects.map((o) => ({
      info: 'Photos',
      name: o.name,
      type: 'application/octet-stream',
      size: o.bytes.length,
      sha256: sha256Hex(o.bytes),
    })),
  };
  const id = vault.beginRetrieval({ imei: '356938035643809', correlator: 'c-1', manifest });
  const progress: number[] = [];
  try {
    const detail = await pullRetrieval(client, vault, id, manifest, 'r-1', (done) =>
      progress.push(done),
    );
    expect(progress).toEqual(progress.map((_, i) => i + 1));
    return { id, detail };
  } finally {
    await a.close();
  }
}

describe('pullRetrieval', () => {
  const v = vaultPerTest();

  it('stores small and large objects intact and verifies the retrieval', async () => {
    const objects: Served[] = [
      { name: 'a.vcf', bytes: enc('BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n') },
      { name: 'empty.txt', bytes: new Uint8Array(0) },
      { name: 'big.jpg', bytes: randomBytes(700_000) },
      { name: 'mid.jpg', bytes: randomBytes(65_537) },
    ];
    const { id, detail } = await pull(v.vault, objects);
    expect(detail.state).toBe('verified');
    expect(detail.objects.map((o) => o.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const [i, o] of objects.entries()) {
      expect(Buffer.from(await v.vault.readObject(id, i)).equals(Buffer.from(o.bytes))).toBe(true);
    }
  });

  it('records altered, oversize, short and missing objects, and the retrieval is incomplete', async () => {
    const small = enc('hello, world');
    const big = randomBytes(300_000);
    const objects: Served[] = [
      { name: 'altered.txt', bytes: small, served: enc('hello, World') },
      { name: 'over.txt', bytes: small, served: enc('hello, world and more') },
      { name: 'over-big.bin', bytes: big, served: Buffer.concat([big, randomBytes(100_000)]) },
      { name: 'short.bin', bytes: big, served: big.subarray(0, 1000) },
      { name: 'gone.txt', bytes: small, missing: true },
      { name: 'fine.txt', bytes: small },
    ];
    const { detail } = await pull(v.vault, objects);
    expect(detail.state).toBe('incomplete');
    const states = detail.objects.map((o) => [o.name, o.state, o.receivedSize]);
    expect(states).toEqual([
      ['altered.txt', 'digest-mismatch', small.length],
      ['over.txt', 'size-mismatch', expect.any(Number)],
      ['over-big.bin', 'size-mismatch', expect.any(Number)],
      ['short.bin', 'size-mismatch', 1000],
      ['gone.txt', 'failed', 0],
      ['fine.txt', 'ok', small.length],
    ]);
    // More bytes than the manifest says are never kept: the size recorded is past the
    // manifest's, and nothing beyond what was needed to tell is counted.
    expect(detail.objects[1]?.receivedSize).toBeGreaterThan(small.length);
    expect(detail.objects[2]?.receivedSize).toBeGreaterThan(big.length);
  });
});
