import { describe, expect, it } from 'vitest';
import { isLinkDisconnected, LinkDisconnectedError } from '../../../protocol/link/link.js';
import { createLinkPair } from '../../../protocol/link/memory-link.js';
import type { LinkPairOptions, MemoryLink } from '../../../protocol/link/memory-link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import type { ObexClientOptions } from '../../../protocol/obex/client.js';
import { ObexResponse } from '../../../protocol/obex/codes.js';
import {
  isObexError,
  ObexAbortedError,
  ObexRefusal,
  ObexTimeoutError,
} from '../../../protocol/obex/errors.js';
import { readPackets } from '../../../protocol/obex/framer.js';
import { encodePacket } from '../../../protocol/obex/packet.js';
import type { ObexPacket } from '../../../protocol/obex/packet.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import type { ObexService, TransferInfo } from '../../../protocol/obex/service.js';
import { FOLDER_BROWSING_TARGET, SYNCML_DM_TARGET } from '../../../protocol/obex/targets.js';
import { FakeClock } from './fake-clock.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Byte equality without vitest's element-by-element deep diff (slow on megabytes). */
function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a?.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pseudoRandom(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A service that stores PUT objects by name and serves them back by GET. */
function storeService(
  target: Uint8Array | undefined,
): ObexService & { objects: Map<string, Uint8Array>; log: string[] } {
  const objects = new Map<string, Uint8Array>();
  const log: string[] = [];
  return {
    target,
    objects,
    log,
    onPut(name, type, body) {
      log.push(`put ${name} ${type} ${body.length}`);
      objects.set(name ?? '', body);
    },
    onGet(name) {
      const body = objects.get(name ?? '');
      return body ?? new ObexRefusal(ObexResponse.NotFound);
    },
    onDelete(name) {
      log.push(`delete ${name}`);
      if (!objects.delete(name ?? '')) throw new ObexRefusal(ObexResponse.NotFound);
    },
    onSetPath(name, flags) {
      log.push(`setpath ${name} ${flags.backup} ${flags.create}`);
    },
  };
}

async function setup(
  services: ObexService[],
  opts: { link?: LinkPairOptions; client?: ObexClientOptions; serverMax?: number } = {},
): Promise<{
  client: ObexClient;
  server: ObexServer;
  served: Promise<void>;
  a: MemoryLink;
  b: MemoryLink;
}> {
  const [a, b] = createLinkPair(opts.link);
  await a.open();
  await b.open();
  const server = new ObexServer(b, { services, maxPacketLength: opts.serverMax });
  const served = server.serve();
  served.catch(() => undefined);
  return { client: new ObexClient(a, opts.client), server, served, a, b };
}

describe('client', () => {
  it('connects by Target and reads Who and the Connection ID', async () => {
    const dm = storeService(SYNCML_DM_TARGET);
    const fb = storeService(FOLDER_BROWSING_TARGET);
    const { client, a } = await setup([dm, fb]);
    const c1 = await client.connect({ target: SYNCML_DM_TARGET });
    expect(c1.who).toEqual(ascii('SYNCML-DM'));
    expect(c1.connectionId).toBeTypeOf('number');
    const c2 = await client.connect({ target: FOLDER_BROWSING_TARGET });
    expect(c2.who).toEqual(FOLDER_BROWSING_TARGET);
    expect(c2.connectionId).not.toBe(c1.connectionId);
    await client.put('x', 'text/plain', ascii('hi'));
    expect(fb.log).toEqual(['put x text/plain 2']);
    expect(dm.log).toEqual([]);
    await a.close();
  });

  it('is refused with 0xC3 for an unknown Target', async () => {
    const { client, a } = await setup([storeService(SYNCML_DM_TARGET)]);
    const e: unknown = await client
      .connect({ target: ascii('SYNCML-SYNC') })
      .catch((x: unknown) => x);
    expect(isObexError(e) && e.code).toBe(0xc3);
    await a.close();
  });

  it('negotiates min(ours, theirs) and never below 255', async () => {
    const { client, a } = await setup([storeService(undefined)], {
      client: { maxPacketLength: 4000 },
      serverMax: 300,
    });
    expect((await client.connect()).maxPacketLength).toBe(300);
    expect(client.connectionId).toBeUndefined();
    await a.close();
  });

  it('moves 1 MB each way with 255-byte packets', async () => {
    const svc = storeService(SYNCML_DM_TARGET);
    const { client, a } = await setup([svc], { client: { maxPacketLength: 255 }, serverMax: 255 });
    await client.connect({ target: SYNCML_DM_TARGET });
    const body = pseudoRandom(1 << 20);
    const progress: number[] = [];
    await client.put('big', 'application/octet-stream', body, {
      onProgress: (d) => progress.push(d),
    });
    expect(same(svc.objects.get('big'), body)).toBe(true);
    expect(progress.at(-1)).toBe(body.length);
    // ~4,100 packets; reported per packet, or per run of packets written at once (a run
    // is at most 256 parts: ~128 of these packets).
    expect(progress.length).toBeGreaterThan(30);
    expect(progress.every((d, i) => i === 0 || d > (progress[i - 1] as number))).toBe(true);
    const totals = new Set<number | undefined>();
    const back = await client.get('big', undefined, { onProgress: (_d, t) => totals.add(t) });
    expect(same(back, body)).toBe(true);
    expect([...totals]).toEqual([body.length]);
    await a.close();
  });

  it('moves 1 MB each way over a link that delivers 1 byte at a time', async () => {
    const svc = storeService(undefined);
    const { client, a } = await setup([svc], { link: { chunkSize: 1 } });
    await client.connect();
    const body = pseudoRandom(1 << 20, 7);
    await client.put('big', undefined, body);
    expect(same(svc.objects.get('big'), body)).toBe(true);
    expect(same(await client.get('big', undefined), body)).toBe(true);
    await a.close();
  });

  it('sends SetPath flags and Delete, and queues concurrent requests in order', async () => {
    const svc = storeService(SYNCML_DM_TARGET);
    const { client, a } = await setup([svc]);
    await client.connect({ target: SYNCML_DM_TARGET });
    const done = Promise.all([
      client.setPath('docs', { create: true }),
      client.setPath('..'),
      client.setPath(''),
      client.put('a', undefined, new Uint8Array(0)),
      client.delete('a'),
    ]);
    await done;
    expect(svc.log).toEqual([
      'setpath docs false true',
      'setpath undefined true false',
      'setpath  false false',
      'put a undefined 0',
      'delete a',
    ]);
    await a.close();
  });

  it('surfaces a refusal as ObexError with its code and name', async () => {
    const svc = storeService(SYNCML_DM_TARGET);
    svc.onPut = () => new ObexRefusal(ObexResponse.Forbidden, 'UI busy');
    const { client, a } = await setup([svc]);
    await client.connect({ target: SYNCML_DM_TARGET });
    const e: unknown = await client.put('p', undefined, ascii('x')).catch((x: unknown) => x);
    expect(isObexError(e)).toBe(true);
    if (!isObexError(e)) return;
    expect([e.code, e.codeName, e.description]).toEqual([0xc3, 'Forbidden', 'UI busy']);
    const miss: unknown = await client.get('nope', undefined).catch((x: unknown) => x);
    expect(isObexError(miss) && miss.code).toBe(0xc4);
    expect(client.state).toBe('ready');
    await a.close();
  });

  it('times out with ObexTimeoutError and stays failed', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const clock = new FakeClock();
    const client = new ObexClient(a, { clock, timeoutMs: 5000 });
    const p = client.connect({ target: SYNCML_DM_TARGET });
    const second = client.put('x', undefined, ascii('y'));
    await Promise.resolve();
    clock.advance(4999);
    expect(client.state).toBe('ready');
    clock.advance(1);
    await expect(p).rejects.toBeInstanceOf(ObexTimeoutError);
    await expect(second).rejects.toBeInstanceOf(ObexTimeoutError);
    expect(client.state).toBe('failed');
    expect(clock.pending).toBe(0);
    await a.close();
  });

  it('aborts a multi-packet PUT and carries on with the next request', async () => {
    const errors: string[] = [];
    const svc = storeService(SYNCML_DM_TARGET);
    svc.onTransferError = (e: Error, t: TransferInfo) =>
      void errors.push(`${e.name} ${t.operation} ${t.name}`);
    const { client, a } = await setup([svc], { serverMax: 255 });
    await client.connect({ target: SYNCML_DM_TARGET });
    let aborted: Promise<void> | undefined;
    const put = client.put('big', undefined, pseudoRandom(10_000), {
      onProgress: (d) => {
        if (d > 1000) aborted ??= client.abort();
      },
    });
    await expect(put).rejects.toBeInstanceOf(ObexAbortedError);
    await aborted;
    expect(errors).toEqual(['ObexAbortedError put big']);
    expect(svc.objects.has('big')).toBe(false);
    await client.put('small', undefined, ascii('ok'));
    expect(svc.objects.get('small')).toEqual(ascii('ok'));
    await a.close();
  });

  it('gives both sides a typed error when the link drops mid-transfer', async () => {
    const errors: unknown[] = [];
    const svc = storeService(SYNCML_DM_TARGET);
    svc.onTransferError = (e: Error) => void errors.push(e);
    // Large enough that the server, which writes an object in memory in runs of packets
    // (~128 KiB of them here, each write done at once on a memory link), is still sending.
    svc.objects.set('big', pseudoRandom(4_000_000));
    const clock = new FakeClock();
    const { client, served, b } = await setup([svc], { serverMax: 1000, client: { clock } });
    await client.connect({ target: SYNCML_DM_TARGET });
    const get = client.get('big', undefined, {
      onProgress: (d) => {
        if (d > 5000) b.simulateDisconnect();
      },
    });
    await expect(get).rejects.toBeInstanceOf(LinkDisconnectedError);
    await expect(served).rejects.toSatisfy(isLinkDisconnected);
    expect(errors).toHaveLength(1);
    expect(isLinkDisconnected(errors[0])).toBe(true);
    expect(clock.pending).toBe(0);
    await expect(client.put('x', undefined, ascii('y'))).rejects.toBeInstanceOf(
      LinkDisconnectedError,
    );
  });

  it('lets the service discard a half-received PUT when the link drops', async () => {
    const seen: string[] = [];
    const svc = storeService(SYNCML_DM_TARGET);
    svc.onTransferError = (e: Error, t: TransferInfo) =>
      void seen.push(`${e.name} ${t.operation} ${t.name} ${t.bytes > 0}`);
    const { client, served, a } = await setup([svc], { serverMax: 500 });
    await client.connect({ target: SYNCML_DM_TARGET });
    const put = client.put('half', undefined, pseudoRandom(50_000), {
      onProgress: (d) => {
        if (d > 2000) a.simulateDisconnect();
      },
    });
    await expect(put).rejects.toSatisfy(isLinkDisconnected);
    await expect(served).rejects.toSatisfy(isLinkDisconnected);
    expect(seen).toEqual(['LinkDisconnectedError put half true']);
    expect(svc.objects.has('half')).toBe(false);
  });

  it('stops serving quietly when the server closes its own link', async () => {
    const { client, served, b } = await setup([storeService(undefined)]);
    await client.connect();
    await b.close();
    await expect(served).resolves.toBeUndefined();
    await expect(client.get('x', undefined)).rejects.toSatisfy(isLinkDisconnected);
  });

  it('rejects a PUT whose headers alone do not fit the negotiated packet', async () => {
    const { client, a } = await setup([storeService(undefined)], { serverMax: 255 });
    await client.connect();
    await expect(client.put('n'.repeat(130), undefined, ascii('body'))).rejects.toBeInstanceOf(
      RangeError,
    );
    await client.put('short', undefined, ascii('body'));
    await a.close();
  });

  /** A peer that answers the client's requests with `responses`, in order. */
  async function scriptedPeer(responses: ObexPacket[], client?: ObexClientOptions) {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    void (async () => {
      let i = 0;
      for await (const _ of readPackets(b.chunks(), { maxPacketLength: () => 0xffff })) {
        const rsp = responses[i++];
        if (rsp === undefined) break;
        await b.write(encodePacket(rsp, { isResponse: true }));
      }
    })().catch(() => undefined);
    return { client: new ObexClient(a, client), a };
  }
  const len = (value: number) => ({ id: 0xc3, kind: 'u32' as const, value });
  const body = (n: number, seed: number, end = false) => ({
    id: end ? 0x49 : 0x48,
    kind: 'bytes' as const,
    value: pseudoRandom(n, seed),
  });

  it('GETs exactly the bytes sent when the Length header lied low or high', async () => {
    for (const announced of [1, 100_000, 0]) {
      const { client, a } = await scriptedPeer([
        { code: 0x90, headers: [len(announced), body(200, 1)] },
        { code: 0x90, headers: [body(200, 2)] },
        { code: 0xa0, headers: [body(30, 3, true)] },
      ]);
      const got = await client.get('x', undefined);
      const want = [pseudoRandom(200, 1), pseudoRandom(200, 2), pseudoRandom(30, 3)];
      expect(same(got, Uint8Array.from(want.flatMap((p) => [...p])))).toBe(true);
      await a.close();
    }
  });

  it('fails a GET with DecodeError too-large once the bytes pass maxObjectSize, whatever Length said', async () => {
    for (const announced of [10, 0xffffffff]) {
      const { client, a } = await scriptedPeer(
        [
          { code: 0x90, headers: [len(announced), body(600, 1)] },
          { code: 0xa0, headers: [body(600, 2, true)] },
        ],
        { maxObjectSize: 1000 },
      );
      await expect(client.get('x', undefined)).rejects.toMatchObject({
        decodeError: true,
        reason: 'too-large',
      });
      await a.close();
    }
  });
});
