/**
 * The streaming body API: `putFrom` / `getTo` on the client, `openPut` / `openGet` on the
 * server. Objects move in pieces of any size, a slow sink holds the transfer back, and
 * every way a transfer can break (Abort, the peer gone, a failing source or sink) reaches
 * both ends as a typed error with the half-moved object discarded.
 */
import { describe, expect, it } from 'vitest';
import { isLinkDisconnected } from '../../../protocol/link/link.js';
import { createLinkPair } from '../../../protocol/link/memory-link.js';
import type { LinkPairOptions, MemoryLink } from '../../../protocol/link/memory-link.js';
import type { BodySink } from '../../../protocol/obex/body.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { ObexResponse } from '../../../protocol/obex/codes.js';
import { isObexError, ObexAbortedError, ObexRefusal } from '../../../protocol/obex/errors.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import type { ObexPutSink, ObexService } from '../../../protocol/obex/service.js';
import { FOLDER_BROWSING_TARGET } from '../../../protocol/obex/targets.js';

function pseudoRandom(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/** `data` cut into pieces whose sizes cycle through `sizes`. */
function split(data: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0, i = 0; o < data.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    out.push(data.subarray(o, o + n));
    o += n;
  }
  return out;
}

/** A sink that keeps copies of its pieces. */
function collector(): BodySink & { pieces: Uint8Array[] } {
  const pieces: Uint8Array[] = [];
  return { pieces, write: (p) => void pieces.push(p.slice()) };
}

interface Events {
  log: string[];
  stored: Map<string, Uint8Array>;
}

/** A streaming service: PUT pieces are collected per name, GET serves `objects[name]`. */
function streamingService(
  objects: Map<string, readonly Uint8Array[]>,
  overrides: Partial<ObexService> = {},
): ObexService & Events {
  const log: string[] = [];
  const stored = new Map<string, Uint8Array>();
  return {
    target: FOLDER_BROWSING_TARGET,
    log,
    stored,
    openPut(name, _type, _ctx, info): ObexPutSink {
      log.push(`open-put ${name} ${info.length}`);
      const pieces: Uint8Array[] = [];
      return {
        write: (p) => void pieces.push(p.slice()),
        close: () => {
          log.push(`close ${name}`);
          stored.set(name ?? '', join(pieces));
        },
        abort: (reason) => void log.push(`abort ${name} ${reason.name}`),
      };
    },
    openGet(name) {
      const pieces = objects.get(name ?? '');
      if (!pieces) throw new ObexRefusal(ObexResponse.NotFound);
      const length = pieces.reduce((n, p) => n + p.length, 0);
      return {
        length,
        body: (async function* () {
          try {
            yield* pieces;
            log.push(`source-done ${name}`);
          } finally {
            log.push(`source-closed ${name}`);
          }
        })(),
      };
    },
    onTransferError: (e, t) => void log.push(`transfer-error ${t.operation} ${e.name}`),
    ...overrides,
  };
}

async function setup(
  service: ObexService,
  opts: {
    link?: LinkPairOptions;
    max?: number;
    readAhead?: number;
    /** Single Response Mode offered by the client and accepted by the server. */
    srm?: { client: boolean; server: boolean };
  } = {},
): Promise<{ client: ObexClient; served: Promise<void>; a: MemoryLink; b: MemoryLink }> {
  const [a, b] = createLinkPair(opts.link);
  await a.open();
  await b.open();
  const served = new ObexServer(b, {
    services: [service],
    maxPacketLength: opts.max,
    readAheadBytes: opts.readAhead,
    singleResponseMode: opts.srm?.server,
  }).serve();
  served.catch(() => undefined);
  const client = new ObexClient(a, {
    maxPacketLength: opts.max,
    singleResponseMode: opts.srm?.client,
  });
  await client.connect({ target: FOLDER_BROWSING_TARGET });
  return { client, served, a, b };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

describe('streaming bodies', () => {
  for (const sizes of [[1], [2], [1, 2]]) {
    it(`moves an object given and taken in ${sizes.join('/')}-byte pieces over a link that splits the same way`, async () => {
      const data = pseudoRandom(3000, sizes.length + sizes[0]!);
      const svc = streamingService(new Map([['src', split(data, sizes)]]));
      const { client, a } = await setup(svc, {
        link: { chunkSize: sizes[sizes.length - 1] },
        max: 255,
      });
      const progress: number[] = [];
      await client.putFrom('up', 'x/y', split(data, sizes), {
        length: data.length,
        onProgress: (d) => progress.push(d),
      });
      expect(same(svc.stored.get('up') ?? new Uint8Array(0), data)).toBe(true);
      expect(svc.log.slice(0, 2)).toEqual([`open-put up ${data.length}`, 'close up']);
      expect(progress.at(-1)).toBe(data.length);
      const sink = collector();
      const got = await client.getTo('src', undefined, sink);
      expect(got).toMatchObject({ size: data.length, length: data.length });
      expect(same(join(sink.pieces), data)).toBe(true);
      // One piece per packet, each filled to 255 bytes (the first also carries Length).
      expect(sink.pieces.length).toBe(1 + Math.ceil((data.length - 244) / 249));
      await a.close();
    });
  }

  it('takes a source in pieces larger than a packet and an empty source', async () => {
    const data = pseudoRandom(200_000, 7);
    const svc = streamingService(new Map([['empty', []]]));
    const { client, a } = await setup(svc);
    await client.putFrom('big', undefined, [data.subarray(0, 150_000), data.subarray(150_000)]);
    expect(same(svc.stored.get('big') ?? new Uint8Array(0), data)).toBe(true);
    await client.putFrom('zero', undefined, (async function* () {})());
    expect(svc.stored.get('zero')?.length).toBe(0);
    const sink = collector();
    expect((await client.getTo('empty', undefined, sink)).size).toBe(0);
    await a.close();
  });

  it('keeps the whole-object API working over the streaming one, both ways', async () => {
    const data = pseudoRandom(100_000, 3);
    const svc = streamingService(new Map([['w', [data.subarray(0, 10), data.subarray(10)]]]));
    const { client, a } = await setup(svc);
    await client.put('whole', undefined, data);
    expect(same(svc.stored.get('whole') ?? new Uint8Array(0), data)).toBe(true);
    expect(same(await client.get('w', undefined), data)).toBe(true);
    await a.close();
  });

  it('aborts a streamed PUT mid-body: the sink discards, the next request works', async () => {
    const svc = streamingService(new Map());
    const { client, a } = await setup(svc, { max: 255 });
    const data = pseudoRandom(50_000);
    // In-memory links never yield to timers: abort from the progress callback, mid-body.
    let aborted: Promise<void> | undefined;
    const put = client.putFrom('cut', undefined, [data], {
      onProgress: (d) => {
        if (d > 1000) aborted ??= client.abort();
      },
    });
    put.catch(() => undefined);
    await expect(put).rejects.toBeInstanceOf(ObexAbortedError);
    await aborted;
    expect(svc.stored.has('cut')).toBe(false);
    expect(svc.log).toContain('abort cut ObexAbortedError');
    expect(svc.log).toContain('transfer-error put ObexAbortedError');
    await client.putFrom('next', undefined, [data.subarray(0, 10)]);
    expect(svc.stored.get('next')?.length).toBe(10);
    await a.close();
  });

  it('aborts a streamed GET mid-body: the source is closed, the next request works', async () => {
    const data = pseudoRandom(50_000);
    const svc = streamingService(new Map([['src', split(data, [1000])]]));
    const { client, a } = await setup(svc, { max: 255 });
    const sink = collector();
    let aborted: Promise<void> | undefined;
    const get = client.getTo('src', undefined, sink, {
      onProgress: (d) => {
        if (d > 1000) aborted ??= client.abort();
      },
    });
    get.catch(() => undefined);
    await expect(get).rejects.toBeInstanceOf(ObexAbortedError);
    await aborted;
    expect(join(sink.pieces).length).toBeLessThan(data.length);
    await until(() => svc.log.includes('source-closed src'));
    expect(svc.log).not.toContain('source-done src');
    expect(svc.log).toContain('transfer-error get ObexAbortedError');
    const again = collector();
    await client.getTo('src', undefined, again);
    expect(same(join(again.pieces), data)).toBe(true);
    await a.close();
  });

  it('gives both ends a typed disconnect when the peer vanishes mid-PUT and mid-GET', async () => {
    const data = pseudoRandom(100_000);
    for (const op of ['put', 'get'] as const) {
      const svc = streamingService(new Map([['src', split(data, [700])]]));
      const { client, served, a } = await setup(svc, { max: 255 });
      const onProgress = (d: number): void => {
        if (d > 2000 && a.isOpen) a.simulateDisconnect();
      };
      const transfer =
        op === 'put'
          ? client.putFrom('up', undefined, split(data, [333]), { onProgress })
          : client.getTo('src', undefined, collector(), { onProgress });
      transfer.catch(() => undefined);
      const e: unknown = await transfer.catch((x: unknown) => x);
      expect(isLinkDisconnected(e)).toBe(true);
      const s: unknown = await served.catch((x: unknown) => x);
      expect(isLinkDisconnected(s)).toBe(true);
      if (op === 'put') {
        expect(svc.log).toContain('abort up LinkDisconnectedError');
        expect(svc.stored.has('up')).toBe(false);
      } else {
        await until(() => svc.log.includes('source-closed src'));
      }
      expect(svc.log).toContain(`transfer-error ${op} LinkDisconnectedError`);
    }
  });

  it("respects a slow sink's backpressure on GET: one write at a time, bounded read-ahead", async () => {
    const data = pseudoRandom(20_000);
    let requests = 0;
    const svc = streamingService(new Map([['src', [data]]]));
    // Packet by packet (a peer without Single Response Mode): the memory link has no
    // backpressure of its own, so this is OBEX's.
    const noSrm = { client: false, server: false };
    const { client, a } = await setup(svc, { max: 255, srm: noSrm });
    // Count the GET requests the client sends (each is one packet written to its link).
    const write = a.write.bind(a);
    a.write = (d: Uint8Array) => {
      if (d[0] === 0x83) requests++;
      return write(d);
    };
    let inFlight = 0;
    let maxInFlight = 0;
    const release: (() => void)[] = [];
    const got: Uint8Array[] = [];
    const sink: BodySink = {
      write: (p) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        got.push(p.slice());
        return new Promise<void>((resolve) =>
          release.push(() => {
            inFlight--;
            resolve();
          }),
        );
      },
    };
    const get = client.getTo('src', undefined, sink, { readAheadBytes: 1000 });
    await until(() => release.length === 1);
    // Held at the first write: the client asks for packets (244–249 body bytes each) only
    // until more than 1000 bytes wait for the sink, i.e. for the first 5 of 83.
    await tick();
    await tick();
    expect(got.length).toBe(1);
    expect(requests).toBe(5);
    while (!(await Promise.race([get.then(() => true), tick().then(() => false)]))) {
      release.shift()?.();
    }
    expect(maxInFlight).toBe(1);
    expect(same(join(got), data)).toBe(true);
    await a.close();
  });

  it("respects a slow sink's backpressure on PUT: the client waits for the server's sink", async () => {
    const data = pseudoRandom(20_000);
    const release: (() => void)[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const pieces: Uint8Array[] = [];
    const svc = streamingService(new Map(), {
      openPut: () => ({
        write: (p) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          pieces.push(p.slice());
          return new Promise<void>((resolve) =>
            release.push(() => {
              inFlight--;
              resolve();
            }),
          );
        },
        close: () => undefined,
      }),
    });
    const noSrm = { client: false, server: false };
    const { client, a } = await setup(svc, { max: 255, readAhead: 1000, srm: noSrm });
    let sent = 0;
    const put = client.putFrom('up', undefined, [data], { onProgress: (d) => (sent = d) });
    await until(() => release.length === 1);
    await tick();
    await tick();
    // The sink holds its first piece; the server answers packets only while at most 1000
    // bytes wait for it, so the client is stopped after a handful of 249-byte packets.
    expect(pieces.length).toBe(1);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(1000 + 249);
    while (!(await Promise.race([put.then(() => true), tick().then(() => false)]))) {
      release.shift()?.();
    }
    expect(maxInFlight).toBe(1);
    expect(same(join(pieces), data)).toBe(true);
    await a.close();
  });

  it('sends Abort and rejects with the error when the source fails mid-PUT', async () => {
    const svc = streamingService(new Map());
    const { client, a } = await setup(svc, { max: 255 });
    const boom = new Error('disk read failed');
    const source = (async function* () {
      yield pseudoRandom(5000);
      throw boom;
    })();
    await expect(client.putFrom('up', undefined, source)).rejects.toBe(boom);
    await until(() => svc.log.includes('abort up ObexAbortedError'));
    expect(svc.stored.has('up')).toBe(false);
    expect(client.state).toBe('ready');
    await a.close();
  });

  it('sends Abort and rejects with the error when the sink fails mid-GET', async () => {
    const data = pseudoRandom(20_000);
    const svc = streamingService(new Map([['src', split(data, [500])]]));
    const { client, a } = await setup(svc, { max: 255 });
    const boom = new Error('disk full');
    let writes = 0;
    const sink: BodySink = {
      write: () => {
        if (++writes === 3) throw boom;
      },
    };
    await expect(client.getTo('src', undefined, sink)).rejects.toBe(boom);
    expect(writes).toBe(3);
    await until(() => svc.log.includes('source-closed src'));
    expect(svc.log).toContain('transfer-error get ObexAbortedError');
    expect(client.state).toBe('ready');
    await a.close();
  });

  it("answers a sink's refusal with its code, a source's failure with 0xD0", async () => {
    const svc = streamingService(new Map(), {
      openPut: () => ({
        write: () => {
          throw new ObexRefusal(ObexResponse.DatabaseFull, 'no room');
        },
        close: () => undefined,
      }),
      openGet: () => ({
        body: (async function* () {
          yield new Uint8Array(300);
          throw new Error('read failed');
        })(),
      }),
    });
    const { client, a } = await setup(svc, { max: 255 });
    const e1: unknown = await client
      .putFrom('x', undefined, [pseudoRandom(2000)])
      .catch((x: unknown) => x);
    expect(isObexError(e1) && e1.code).toBe(0xe0);
    const e2: unknown = await client.getTo('y', undefined, collector()).catch((x: unknown) => x);
    expect(isObexError(e2) && e2.code).toBe(0xd0);
    expect(client.state).toBe('ready');
    await a.close();
  });
});
