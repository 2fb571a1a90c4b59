/**
 * OBEX Single Response Mode between our client and server: agreed per operation, packets
 * then flow one way without an answer each; either side without it gets the old
 * packet-by-packet exchange; refusals and aborts in the middle leave the session usable.
 */
import { describe, expect, it } from 'vitest';
import { createLinkPair } from '../../../protocol/link/memory-link.js';
import type { MemoryLink } from '../../../protocol/link/memory-link.js';
import type { BodySink } from '../../../protocol/obex/body.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { ObexOpcode, ObexResponse } from '../../../protocol/obex/codes.js';
import {
  isObexError,
  ObexAbortedError,
  ObexRefusal,
  ObexTimeoutError,
} from '../../../protocol/obex/errors.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import type { ObexService } from '../../../protocol/obex/service.js';
import { FOLDER_BROWSING_TARGET } from '../../../protocol/obex/targets.js';
import { FakeClock } from './fake-clock.js';

function pseudoRandom(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function join(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Serves `objects` by GET and stores PUTs; `failPutAt` makes the n-th PUT write refuse.
 * GET sources are async iterables, or with `inMemory` plain ones (read on the spot), of
 * which `failGetAt` makes the n-th piece throw.
 */
function service(
  objects: Map<string, Uint8Array>,
  options: { failPutAt?: number; inMemory?: boolean; failGetAt?: number } = {},
): ObexService & { stored: Map<string, Uint8Array>; log: string[] } {
  const stored = new Map<string, Uint8Array>();
  const log: string[] = [];
  return {
    target: FOLDER_BROWSING_TARGET,
    stored,
    log,
    openPut(name) {
      const pieces: Uint8Array[] = [];
      return {
        write: (p) => {
          if (pieces.length + 1 === options.failPutAt)
            throw new ObexRefusal(ObexResponse.DatabaseFull, 'disk full');
          pieces.push(p.slice());
        },
        close: () => void stored.set(name ?? '', join(pieces)),
        abort: () => void log.push(`abort ${name}`),
      };
    },
    openGet(name) {
      const data = objects.get(name ?? '');
      if (!data) throw new ObexRefusal(ObexResponse.NotFound);
      if (options.inMemory === true) {
        return {
          length: data.length,
          body: (function* () {
            try {
              for (let o = 0, n = 1; o < data.length; o += 1000, n++) {
                if (n === options.failGetAt) throw new Error('source broke');
                yield data.subarray(o, o + 1000);
              }
            } finally {
              log.push(`source-closed ${name}`);
            }
          })(),
        };
      }
      return {
        length: data.length,
        body: (async function* () {
          try {
            for (let o = 0; o < data.length; o += 1000) yield data.subarray(o, o + 1000);
          } finally {
            log.push(`source-closed ${name}`);
          }
        })(),
      };
    },
  };
}

/** Client and server over a memory link; counts the packets each side writes, by code. */
async function setup(
  svc: ObexService,
  srm: { client: boolean; server: boolean },
): Promise<{ client: ObexClient; a: MemoryLink; sent: number[]; answered: number[] }> {
  const [a, b] = createLinkPair();
  await a.open();
  await b.open();
  const sent: number[] = [];
  const answered: number[] = [];
  // A packet is one write, or one gather write of its parts (a body packet).
  const writeA = a.write.bind(a);
  a.write = (d: Uint8Array) => (sent.push(d[0] as number), writeA(d));
  const writevA = a.writev.bind(a);
  a.writev = (p: readonly Uint8Array[]) => (sent.push(p[0]?.[0] as number), writevA(p));
  const writeB = b.write.bind(b);
  b.write = (d: Uint8Array) => (answered.push(d[0] as number), writeB(d));
  const writevB = b.writev.bind(b);
  b.writev = (p: readonly Uint8Array[]) => (answered.push(p[0]?.[0] as number), writevB(p));
  new ObexServer(b, {
    services: [svc],
    maxPacketLength: 255,
    singleResponseMode: srm.server,
  })
    .serve()
    .catch(() => undefined);
  const client = new ObexClient(a, { maxPacketLength: 255, singleResponseMode: srm.client });
  await client.connect({ target: FOLDER_BROWSING_TARGET });
  sent.length = 0;
  answered.length = 0;
  return { client, a, sent, answered };
}

/** After a refused PUT of `up`: it was aborted and not stored, and the session still works. */
async function expectSessionGoesOn(
  svc: ReturnType<typeof service>,
  client: ObexClient,
  a: MemoryLink,
): Promise<void> {
  expect(svc.log).toContain('abort up');
  expect(svc.stored.has('up')).toBe(false);
  expect(same(await client.get('src', undefined), data)).toBe(true);
  await client.put('small', undefined, data.subarray(0, 300));
  expect(svc.stored.get('small')?.length).toBe(300);
  await a.close();
}

/** `data` as an async source of `size`-byte pieces (read by waiting: one packet per write). */
async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < data.length; o += size) yield data.subarray(o, o + size);
}

function collector(): BodySink & { pieces: Uint8Array[] } {
  const pieces: Uint8Array[] = [];
  return { pieces, write: (p) => void pieces.push(p.slice()) };
}

const data = pseudoRandom(20_000); // 82 packets of at most 255 bytes

/**
 * GETs `src` (which holds `expected`) with SRM on both sides: the client sends one
 * request and gets every byte; returns the link and the server's answers.
 */
async function getWithSrm(
  svc: Parameters<typeof setup>[0],
  expected: Uint8Array,
): Promise<{ a: MemoryLink; answered: number[] }> {
  const { client, a, sent, answered } = await setup(svc, { client: true, server: true });
  const got = collector();
  const result = await client.getTo('src', undefined, got);
  expect(result.size).toBe(expected.length);
  expect(same(join(got.pieces), expected)).toBe(true);
  expect(sent).toEqual([ObexOpcode.GetFinal]);
  return { a, answered };
}

describe('OBEX Single Response Mode', () => {
  it('PUT: after the first answer the client sends every packet unanswered, then gets one final answer', async () => {
    const svc = service(new Map());
    const { client, a, sent, answered } = await setup(svc, { client: true, server: true });
    const rsp = await client.putFrom('up', undefined, pieces(data, 1000));
    expect(rsp.code).toBe(ObexResponse.Success);
    expect(same(svc.stored.get('up') ?? new Uint8Array(), data)).toBe(true);
    expect(sent.length).toBeGreaterThan(80);
    expect(answered).toEqual([ObexResponse.Continue, ObexResponse.Success]);
    await a.close();
  });

  it('PUT of an object in memory: the client writes its packets in runs, and the object arrives whole', async () => {
    const big = pseudoRandom(200_000); // ~800 packets of at most 255 bytes
    const svc = service(new Map());
    const { client, a, sent, answered } = await setup(svc, { client: true, server: true });
    const progress: number[] = [];
    const rsp = await client.put('up', undefined, big, { onProgress: (d) => progress.push(d) });
    expect(rsp.code).toBe(ObexResponse.Success);
    expect(same(svc.stored.get('up') ?? new Uint8Array(), big)).toBe(true);
    // The first packet, runs of up to MAX_RUN_PARTS parts (~128 packets) per write, the final.
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.length).toBeLessThan(20);
    expect(sent[0]).toBe(ObexOpcode.Put);
    expect(sent.at(-1)).toBe(ObexOpcode.PutFinal);
    expect(answered).toEqual([ObexResponse.Continue, ObexResponse.Success]);
    expect(progress.at(-1)).toBe(big.length);
    await a.close();
  });

  it('PUT of an object in memory whose source fails in the middle of a run: Abort, the error, the session goes on', async () => {
    const big = pseudoRandom(200_000);
    const svc = service(new Map([['src', data]]));
    const { client, a } = await setup(svc, { client: true, server: true });
    const boom = new Error('source broke');
    const source = (function* () {
      for (let o = 0; o < big.length; o += 1000) {
        if (o === 100_000) throw boom;
        yield big.subarray(o, o + 1000);
      }
    })();
    await expect(client.putFrom('up', undefined, source)).rejects.toBe(boom);
    await expectSessionGoesOn(svc, client, a);
  });

  it('GET: one request, then the server sends every packet unasked', async () => {
    const svc = service(new Map([['src', data]]));
    const { a, answered } = await getWithSrm(svc, data);
    expect(answered.length).toBeGreaterThan(80);
    await a.close();
  });

  for (const srm of [true, false]) {
    it(`answers a multi-packet PUT whose sink cannot open with the refusal (SRM ${srm ? 'on' : 'off'}), then carries on`, async () => {
      const svc = service(new Map());
      const open = svc.openPut?.bind(svc);
      let opened = 0;
      svc.openPut = async (name, ...rest) => {
        opened++;
        await new Promise((r) => setTimeout(r, 5)); // a file store's open takes a while
        if (name === 'nope') throw new ObexRefusal(ObexResponse.Forbidden, 'read-only');
        return open!(name, ...rest);
      };
      const { client, a } = await setup(svc, { client: srm, server: srm });
      const refused = await client.put('nope', undefined, data).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isObexError(refused) && refused.code).toBe(ObexResponse.Forbidden);
      expect(svc.stored.has('nope')).toBe(false);
      await client.put('up', undefined, data);
      expect(same(svc.stored.get('up') ?? new Uint8Array(), data)).toBe(true);
      expect(opened).toBe(2);
      await a.close();
    });
  }

  /** A client on a fake clock, connected to a server with small packets (82 for `data`). */
  async function onFakeClock(): Promise<{ a: MemoryLink; client: ObexClient; clock: FakeClock }> {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    new ObexServer(b, { services: [service(new Map())], maxPacketLength: 255 })
      .serve()
      .catch(() => undefined);
    const clock = new FakeClock();
    const client = new ObexClient(a, { clock, maxPacketLength: 255, timeoutMs: 1000 });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    return { a, client, clock };
  }

  it('keeps one timer for a streamed PUT, not one per packet, and none once it is done', async () => {
    const { a, client, clock } = await onFakeClock();
    let timers = 0;
    const setTimer = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn: () => void, ms: number) => (timers++, setTimer(fn, ms));
    await client.put('up', undefined, data); // 82 packets
    expect(timers).toBeLessThanOrEqual(3);
    expect(clock.pending).toBe(0);
    await a.close();
  });

  it('still times out a streamed PUT whose writes stop completing', async () => {
    const { a, client, clock } = await onFakeClock();
    let written = 0;
    const writev = a.writev.bind(a);
    // After a few packets the link takes no more: a peer that stopped reading.
    a.writev = (p: readonly Uint8Array[]) =>
      ++written > 5 ? new Promise<void>(() => undefined) : writev(p);
    const put = client.putFrom('up', undefined, pieces(data, 1000));
    put.catch(() => undefined);
    while (written <= 5) await new Promise((r) => setTimeout(r, 1));
    clock.advance(999);
    expect(client.state).toBe('ready');
    clock.advance(1);
    await expect(put).rejects.toBeInstanceOf(ObexTimeoutError);
    expect(clock.pending).toBe(0);
    await a.close();
  });

  for (const srm of [
    { client: true, server: false },
    { client: false, server: true },
  ]) {
    it(`falls back to one answer per packet when only the ${srm.client ? 'client' : 'server'} has it`, async () => {
      const svc = service(new Map([['src', data]]));
      const { client, a, sent, answered } = await setup(svc, srm);
      await client.put('up', undefined, data);
      expect(same(svc.stored.get('up') ?? new Uint8Array(), data)).toBe(true);
      expect(answered.length).toBe(sent.length);
      sent.length = 0;
      answered.length = 0;
      expect(same(await client.get('src', undefined), data)).toBe(true);
      expect(sent.length).toBe(answered.length);
      expect(sent.length).toBeGreaterThan(80);
      await a.close();
    });
  }

  it('PUT refused in the middle: the client rejects with the code, and the session goes on', async () => {
    const big = pseudoRandom(200_000);
    const svc = service(new Map([['src', data]]), { failPutAt: 3 });
    const { client, a } = await setup(svc, { client: true, server: true });
    const e: unknown = await client.put('up', undefined, big).catch((x: unknown) => x);
    expect(isObexError(e) && e.code).toBe(ObexResponse.DatabaseFull);
    // The packets that were on their way were dropped unanswered: the next requests pair up.
    await expectSessionGoesOn(svc, client, a);
  });

  it('PUT that outgrows maxObjectSize in the middle of the stream is refused 0xCD, and the session goes on', async () => {
    const svc = service(new Map([['src', data]]));
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    new ObexServer(b, { services: [svc], maxPacketLength: 255, maxObjectSize: 5000 })
      .serve()
      .catch(() => undefined);
    const client = new ObexClient(a, { maxPacketLength: 255 });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    // No Length header: only the running size can tell, packets into the stream.
    const e: unknown = await client
      .putFrom('up', undefined, [pseudoRandom(20_000)])
      .catch((x: unknown) => x);
    expect(isObexError(e) && e.code).toBe(ObexResponse.EntityTooLarge);
    await expectSessionGoesOn(svc, client, a);
  });

  it.each([
    { what: 'streamed', size: 200_000, inMemory: false },
    { what: 'in memory (sent in runs)', size: 400_000, inMemory: true },
  ])(
    'GET of an object $what aborted in the middle: packets on their way are skipped, the source is closed, the session goes on',
    async ({ size, inMemory }) => {
      const big = pseudoRandom(size);
      const svc = service(new Map([['src', big]]), { inMemory });
      const { client, a } = await setup(svc, { client: true, server: true });
      const sink = collector();
      let aborted: Promise<void> | undefined;
      const get = client.getTo('src', undefined, sink, {
        onProgress: (d) => {
          if (d > 5000) aborted ??= client.abort();
        },
      });
      await expect(get).rejects.toBeInstanceOf(ObexAbortedError);
      await aborted;
      expect(join(sink.pieces).length).toBeLessThan(big.length);
      expect(svc.log).toContain('source-closed src');
      expect(same(await client.get('src', undefined), big)).toBe(true);
      await client.put('after', undefined, data);
      await a.close();
    },
  );

  it('GET of an object in memory: the server writes its packets in runs, and the object arrives whole', async () => {
    const big = pseudoRandom(200_000); // ~800 packets of at most 255 bytes
    const svc = service(new Map([['src', big]]), { inMemory: true });
    const { a, answered } = await getWithSrm(svc, big);
    // The first answer, then runs of up to MAX_RUN_PARTS parts (~100 packets) per write.
    expect(answered.length).toBeGreaterThan(1);
    expect(answered.length).toBeLessThan(20);
    expect(answered[0]).toBe(ObexResponse.Continue);
    expect(svc.log).toContain('source-closed src');
    await a.close();
  });

  it('GET of an object in memory whose source fails in the middle: 0xD0 after the packets before it, the session goes on', async () => {
    const big = pseudoRandom(200_000);
    const svc = service(new Map([['src', big]]), { inMemory: true, failGetAt: 150 });
    const { client, a } = await setup(svc, { client: true, server: true });
    const got = collector();
    const e: unknown = await client.getTo('src', undefined, got).catch((x: unknown) => x);
    expect(isObexError(e) && e.code).toBe(ObexResponse.InternalServerError);
    const received = join(got.pieces);
    expect(received.length).toBeGreaterThan(100_000);
    expect(received.length).toBeLessThan(150_000);
    expect(same(received, big.subarray(0, received.length))).toBe(true);
    await client.put('after', undefined, data);
    expect(svc.stored.get('after')?.length).toBe(data.length);
    await a.close();
  });

  it('GET whose sink fails: the client aborts, rejects with the sink error, the session goes on', async () => {
    const svc = service(new Map([['src', data]]));
    const { client, a } = await setup(svc, { client: true, server: true });
    let writes = 0;
    const boom = new Error('sink broke');
    const sink: BodySink = {
      write: () => {
        if (++writes === 3) throw boom;
      },
    };
    await expect(client.getTo('src', undefined, sink)).rejects.toBe(boom);
    expect(same(await client.get('src', undefined), data)).toBe(true);
    await a.close();
  });
});
