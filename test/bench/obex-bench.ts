/**
 * OBEX benchmark (issue 3). For each link — TCP loopback and a socat pty pair — and each
 * kind of destination, it measures in the same run, interleaved:
 *
 * - raw: the object's bytes written through the same `Link` implementation, each piece
 *   as the source has it (64 KiB) and each write awaited, no OBEX; the receiving end hands
 *   every chunk the link delivers to the sink, awaiting each write;
 * - PUT and GET of the same object through our OBEX client and server (Folder Browsing
 *   target, packets negotiated to 0xFFFF, Single Response Mode as both ends default to:
 *   on; `CIMO_BENCH_SRM=0` measures the packet-by-packet exchange instead) into the same
 *   kind of sink;
 *
 * and reports each OBEX throughput as a ratio to raw (target ≥ 0.8). Sinks (the same on
 * both sides of the comparison; a timing includes opening and closing them):
 *
 * - `discard`: the object comes from memory and the receiver only counts its bytes — the
 *   protocol's own cost (streaming API: `putFrom` / `openPut`, `openGet` / `getTo`);
 * - `file`: a file read in 64 KiB pieces to a file written piece by piece through a
 *   temporary file renamed at the end — the real use (`FsFileStore` on the handset side,
 *   `openFileReader` / `openFileWriter` on the console side, as `cimo obex get/put`);
 * - `memory`: from memory into one fresh buffer of the object's size — the whole-object
 *   API (`put` / `onPut`, `onGet` / `get`); raw copies the chunks into such a buffer too.
 *
 * Then a transfer over TCP loopback with the client's link paced to 115200 baud by
 * `PacedLink` (both directions at 11520 B/s, 10 bits per byte), reported as a ratio to
 * that line rate (target ≥ 0.9). Every link pair is fresh per measurement (a link's
 * `chunks()` is iterated once). `CIMO_BENCH_PACED_KB` changes the paced size (default
 * 256); `CIMO_BENCH_SINKS` picks sinks (default `discard,file,memory`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileReader, openFileWriter } from '../../native-bridge/fs-file-io.js';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { BITS_PER_BYTE, PacedLink } from '../../native-bridge/links/paced-link.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { connectTcp, listenTcp } from '../../native-bridge/links/tcp-link.js';
import type { Link } from '../../protocol/link/link.js';
import type { BodySink, BodySource } from '../../protocol/obex/body.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { FolderBrowsingService } from '../../protocol/obex/folder-service.js';
import { ObjectBuffer } from '../../protocol/obex/object-buffer.js';
import { ObexServer } from '../../protocol/obex/server.js';
import type { ObexService } from '../../protocol/obex/service.js';
import { FOLDER_BROWSING_TARGET } from '../../protocol/obex/targets.js';
import { fmt, median } from './measure.js';

const MiB = 1024 * 1024;
const SIZES = [5 * MiB, 50 * MiB];
const BAUD = 115_200;
const WRITE_SIZE = 0xffff;
/**
 * A request unanswered this long is a stall. SerialLink once lost a write wake-up on ptys
 * (test/interop/serial-pty-stall.test.ts); stalls are retried and counted, not hidden.
 */
const REQUEST_TIMEOUT_MS = 5000;
/** A raw transfer still running after this long is a stall. */
const RAW_TIMEOUT_MS = 30_000;
/** Attempts per measurement before it is reported as stalled. */
const ATTEMPTS = 3;

/** Two connected, open links and how to tear them down. */
interface Pair {
  readonly client: Link;
  readonly server: Link;
  dispose(): Promise<void>;
}

type PairFactory = () => Promise<Pair>;

async function tcpPair(): Promise<Pair> {
  const listener = await listenTcp({ port: 0 });
  const [server, client] = await Promise.all([
    listener.accept(),
    connectTcp('127.0.0.1', listener.port),
  ]);
  return {
    client,
    server,
    dispose: async () => {
      await client.close();
      await server.close();
      await listener.close();
    },
  };
}

async function ptyPair(): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-obex-bench-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 5000;
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair');
    await new Promise((r) => setTimeout(r, 20));
  }
  const client = new SerialLink({ path: a });
  const server = new SerialLink({ path: b });
  await client.open();
  await server.open();
  return {
    client,
    server,
    dispose: async () => {
      await client.close();
      await server.close();
      socat.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Progress lines on stderr when CIMO_BENCH_DEBUG is set. */
function debug(text: string): void {
  if (process.env['CIMO_BENCH_DEBUG']) process.stderr.write(`obex-bench: ${text}\n`);
}

function payload(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >>> 11)) & 0xff;
  return out;
}

/** Kinds of destination (see the header). */
type SinkKind = 'discard' | 'file' | 'memory';
const SINK_KINDS: readonly SinkKind[] = ['discard', 'file', 'memory'];

/** One measurement's object and where files go. */
interface BenchCase {
  readonly kind: SinkKind;
  readonly data: Uint8Array;
  /** Working folder; `handset/bench.bin` holds the object for file-mode sources. */
  readonly dir: string;
}

const handsetDir = (c: BenchCase): string => join(c.dir, 'handset');
const sourceFile = (c: BenchCase): string => join(handsetDir(c), 'bench.bin');

/** The object as a source of pieces, with its size. */
async function openSource(c: BenchCase): Promise<{ size: number; body: BodySource }> {
  if (c.kind !== 'file') return { size: c.data.length, body: pieces(c.data) };
  return openFileReader(sourceFile(c));
}

function* pieces(data: Uint8Array): Iterable<Uint8Array> {
  for (let o = 0; o < data.length; o += WRITE_SIZE)
    yield data.subarray(o, Math.min(data.length, o + WRITE_SIZE));
}

/** A sink of the case's kind; `finish` closes it and returns the bytes it got. */
interface BenchSink extends BodySink {
  finish(): Promise<number>;
}

async function openSink(c: BenchCase, name: string): Promise<BenchSink> {
  if (c.kind === 'file') {
    const writer = await openFileWriter(join(c.dir, name));
    let got = 0;
    return {
      write: async (piece) => {
        got += piece.length;
        await writer.write(piece);
      },
      finish: async () => {
        await writer.close();
        return got;
      },
    };
  }
  if (c.kind === 'memory') {
    const object = new ObjectBuffer(c.data.length, c.data.length);
    return { write: (piece) => object.append(piece), finish: async () => object.finish().length };
  }
  let got = 0;
  return {
    write: (piece) => {
      got += piece.length;
    },
    finish: async () => got,
  };
}

/** Milliseconds to move the object from client to server through the bare links. */
async function rawMs(make: PairFactory, c: BenchCase): Promise<number> {
  const pair = await make();
  let timer: NodeJS.Timeout | undefined;
  try {
    const t0 = performance.now();
    const size = c.data.length;
    const received = (async () => {
      const sink = await openSink(c, 'raw.bin');
      let got = 0;
      for await (const chunk of pair.server.chunks()) {
        await sink.write(chunk);
        got += chunk.length;
        if (got >= size) {
          if ((await sink.finish()) !== size) throw new Error('raw: sink did not get it all');
          return;
        }
      }
      throw new Error(`raw: link ended after ${got} of ${size} bytes`);
    })();
    const sent = (async () => {
      const source = await openSource(c);
      for await (const piece of source.body) await pair.client.write(piece);
    })();
    // A stalled write (see serial-pty-stall.test.ts) must not hang the whole run.
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('raw: stalled')), RAW_TIMEOUT_MS);
    });
    await Promise.race([Promise.all([sent, received]), stalled]);
    return performance.now() - t0;
  } finally {
    clearTimeout(timer);
    await pair.dispose();
  }
}

/** Runs `fn` up to ATTEMPTS times; a failure (a stalled request) is retried. */
async function attempt(fn: () => Promise<number>): Promise<{ ms?: number; failures: number }> {
  let failures = 0;
  for (let i = 0; i < ATTEMPTS; i++) {
    try {
      return { ms: await fn(), failures };
    } catch (e) {
      failures++;
      debug(`attempt failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { failures };
}

/**
 * The handset side for a case: a Folder Browsing service on an `FsFileStore` (file),
 * a streaming service that counts what is PUT and serves the object from memory
 * (discard), or a whole-object service (memory). `received` reports what a PUT stored.
 */
function handsetService(c: BenchCase): { service: ObexService; received(): Promise<number> } {
  if (c.kind === 'file') {
    return {
      service: new FolderBrowsingService(new FsFileStore(handsetDir(c))),
      received: async () => (await stat(join(handsetDir(c), 'put.bin'))).size,
    };
  }
  let got = 0;
  const base = { target: FOLDER_BROWSING_TARGET };
  if (c.kind === 'memory') {
    return {
      service: {
        ...base,
        onPut: (_name, _type, body) => {
          got = body.length;
        },
        onGet: () => c.data,
      },
      received: async () => got,
    };
  }
  return {
    service: {
      ...base,
      openPut: () => ({
        write: (piece) => {
          got += piece.length;
        },
        close: () => undefined,
      }),
      openGet: () => ({ length: c.data.length, body: pieces(c.data) }),
    },
    received: async () => got,
  };
}

/** Milliseconds for one OBEX PUT or GET of the case's object (connect excluded). */
async function obexMs(
  make: PairFactory,
  c: BenchCase,
  op: 'put' | 'get',
  wrapClient: (l: Link) => Link = (l) => l,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<number> {
  const pair = await make();
  const handset = handsetService(c);
  const srm = process.env['CIMO_BENCH_SRM'] !== '0';
  const server = new ObexServer(pair.server, {
    services: [handset.service],
    singleResponseMode: srm,
  });
  const serving = server.serve().catch(() => undefined);
  const size = c.data.length;
  try {
    const client = new ObexClient(wrapClient(pair.client), {
      timeoutMs,
      singleResponseMode: srm,
    });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    const t0 = performance.now();
    if (op === 'put') {
      if (c.kind === 'memory') {
        await client.put('put.bin', undefined, c.data);
      } else {
        const source = await openSource(c);
        await client.putFrom('put.bin', undefined, source.body, { length: source.size });
      }
      if ((await handset.received()) !== size) throw new Error('put: object not received whole');
    } else if (c.kind === 'memory') {
      const got = await client.get('bench.bin', undefined);
      if (got.length !== size) throw new Error('get: object not received whole');
    } else {
      const sink = await openSink(c, 'got.bin');
      await client.getTo('bench.bin', undefined, sink);
      if ((await sink.finish()) !== size) throw new Error('get: object not received whole');
    }
    const ms = performance.now() - t0;
    await client.disconnect();
    return ms;
  } finally {
    await pair.dispose();
    await serving;
  }
}

/** One row of the link table. */
export interface ObexLinkRow {
  readonly link: string;
  readonly sink: SinkKind;
  readonly bytes: number;
  /** Undefined when every attempt stalled. */
  readonly rawMBs: number | undefined;
  readonly putMBs: number | undefined;
  readonly getMBs: number | undefined;
  readonly putRatio: number | undefined;
  readonly getRatio: number | undefined;
  /** Attempts that stalled and were retried (the pty write stall). */
  readonly stalls: number;
}

/** One row of the paced table. */
export interface ObexPacedRow {
  readonly op: 'put' | 'get';
  readonly bytes: number;
  readonly seconds: number;
  readonly bytesPerSecond: number;
  readonly ratio: number;
}

/** A comma-separated environment list, filtered to known values. */
function envList<T extends string>(name: string, all: readonly T[]): readonly T[] {
  const text = process.env[name];
  if (text === undefined || text === '') return all;
  return all.filter((x) => text.split(',').includes(x));
}

/** Runs the OBEX benchmark and prints its tables. */
export async function runObexBench(): Promise<{ links: ObexLinkRow[]; paced: ObexPacedRow[] }> {
  const links: ObexLinkRow[] = [];
  const factories: [string, PairFactory][] = [];
  const wanted = envList('CIMO_BENCH_LINKS', ['tcp', 'pty'] as const);
  if (wanted.includes('tcp')) factories.push(['TCP loopback', tcpPair]);
  if (wanted.includes('pty')) factories.push(['pty pair (socat)', ptyPair]);
  const kinds = envList('CIMO_BENCH_SINKS', SINK_KINDS);
  const sizes = process.env['CIMO_BENCH_SIZES_MIB']
    ? process.env['CIMO_BENCH_SIZES_MIB'].split(',').map((x) => Number(x) * MiB)
    : SIZES;
  const root = mkdtempSync(join(tmpdir(), 'cimo-obex-bench-'));
  const newCase = (kind: SinkKind, data: Uint8Array): BenchCase => {
    const dir = mkdtempSync(join(root, `${kind}-`));
    mkdirSync(join(dir, 'handset'));
    const c = { kind, data, dir };
    if (kind === 'file') writeFileSync(sourceFile(c), data);
    return c;
  };
  try {
    // Warm-up, not measured: both sides' code paths optimised by the JIT and the heap grown
    // to steady state, so that neither side of a ratio pays for it.
    for (const kind of kinds) {
      const c = newCase(kind, payload(5 * MiB));
      for (let i = 0; i < 3; i++) {
        await rawMs(tcpPair, c);
        await obexMs(tcpPair, c, 'put');
        await obexMs(tcpPair, c, 'get');
      }
      rmSync(c.dir, { recursive: true, force: true });
    }
    for (const [name, make] of factories) {
      for (const size of sizes) {
        const data = payload(size);
        for (const kind of kinds) {
          const c = newCase(kind, data);
          // Short transfers are noisy on a shared machine: more runs where they are cheap
          // (a 5 MiB transfer on TCP takes ~20 ms, less than a scheduling hiccup on a loaded
          // machine).
          const runs = name.startsWith('TCP')
            ? size <= 5 * MiB
              ? 15
              : 5
            : size <= 5 * MiB
              ? 5
              : 3;
          const raw: number[] = [];
          const put: number[] = [];
          const get: number[] = [];
          let stalls = 0;
          // Interleaved so that a burst of load elsewhere hits all three alike; a run whose
          // raw transfer stalled is dropped whole, so the lists stay paired.
          for (let i = 0; i < runs; i++) {
            const before = [raw.length, put.length, get.length] as const;
            for (const [list, what, fn] of [
              [raw, 'raw', () => rawMs(make, c)],
              [put, 'put', () => obexMs(make, c, 'put')],
              [get, 'get', () => obexMs(make, c, 'get')],
            ] as const) {
              const { ms, failures } = await attempt(fn);
              stalls += failures;
              if (ms !== undefined) list.push(ms);
              debug(
                `${name} ${size} ${kind} ${what} ${ms === undefined ? 'stalled' : `${fmt(ms, 0)} ms`}`,
              );
            }
            if (raw.length === before[0] || put.length === before[1] || get.length === before[2]) {
              raw.length = before[0];
              put.length = before[1];
              get.length = before[2];
            }
          }
          rmSync(c.dir, { recursive: true, force: true });
          const mbs = (list: number[]): number | undefined =>
            list.length === 0 ? undefined : size / MiB / (median(list) / 1000);
          const rawMBs = mbs(raw);
          const putMBs = mbs(put);
          const getMBs = mbs(get);
          // Each run's OBEX time against the raw time measured just before it, then the
          // median: load that drifts between runs cancels out of every pair.
          const ratio = (list: number[]): number | undefined => {
            const pairs = list.flatMap((ms, i) => {
              const r = raw[i];
              return r === undefined ? [] : [r / ms];
            });
            return pairs.length === 0 ? undefined : median(pairs);
          };
          links.push({
            link: name,
            sink: kind,
            bytes: size,
            rawMBs,
            putMBs,
            getMBs,
            putRatio: ratio(put),
            getRatio: ratio(get),
            stalls,
          });
        }
      }
    }

    const lineRate = BAUD / BITS_PER_BYTE;
    const pacedBytes = Number(process.env['CIMO_BENCH_PACED_KB'] ?? 256) * 1024;
    const paced: ObexPacedRow[] = [];
    if (pacedBytes > 0) {
      const c = newCase('memory', payload(pacedBytes));
      for (const op of ['put', 'get'] as const) {
        // A full 64 KiB packet takes 5.7 s at this rate: allow a minute per request.
        const ms = await obexMs(tcpPair, c, op, (l) => new PacedLink(l, { baud: BAUD }), 60_000);
        debug(`paced ${op} ${fmt(ms, 0)} ms`);
        const bytesPerSecond = pacedBytes / (ms / 1000);
        paced.push({
          op,
          bytes: pacedBytes,
          seconds: ms / 1000,
          bytesPerSecond,
          ratio: bytesPerSecond / lineRate,
        });
      }
    }
    print(links, paced, lineRate);
    return { links, paced };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function print(links: ObexLinkRow[], paced: ObexPacedRow[], lineRate: number): void {
  console.log(
    '\n## OBEX throughput against the raw link (MB/s: median; ratio: median of back-to-back OBEX / raw pairs; target ≥ 0.8)',
  );
  console.log(
    [
      '',
      'Both sides of each ratio move the same object over the same kind of link into the same',
      'kind of sink, timed from opening source and sink to closing them:',
      '- raw: the sender writes the pieces its source has (64 KiB) to the bare `Link`, each',
      '  write awaited; the receiver writes each chunk the link delivers to the sink, awaited.',
      `- PUT / GET: our OBEX client and server, Folder Browsing target, 0xFFFF-byte packets,`,
      `  Single Response Mode ${process.env['CIMO_BENCH_SRM'] === '0' ? 'off (CIMO_BENCH_SRM=0)' : 'on'}.`,
      '- sink `discard`: source in memory, the receiver counts bytes (streaming API).',
      '- sink `file`: source a file read in 64 KiB pieces, sink a file written piece by piece',
      '  and renamed into place (FsFileStore on the handset, openFileWriter on the console).',
      '- sink `memory`: source in memory, sink one fresh buffer of the object size (PUT/GET',
      '  via the whole-object API; raw copies its chunks into such a buffer).',
      '',
    ].join('\n'),
  );
  console.log(
    '| link | object | sink | raw MB/s | PUT MB/s | PUT / raw | GET MB/s | GET / raw | stalled attempts |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  const num = (x: number | undefined, d = 1): string => (x === undefined ? 'stalled' : fmt(x, d));
  const mark = (x: number | undefined): string => (x !== undefined && x < 0.8 ? ' (below)' : '');
  for (const r of links) {
    console.log(
      `| ${r.link} | ${fmt(r.bytes / MiB, 0)} MiB | ${r.sink} | ${num(r.rawMBs)} | ${num(r.putMBs)} | ${num(r.putRatio, 2)}${mark(r.putRatio)} | ${num(r.getMBs)} | ${num(r.getRatio, 2)}${mark(r.getRatio)} | ${r.stalls} |`,
    );
  }
  if (links.some((r) => r.stalls > 0)) {
    console.log(
      `\nStalled attempts were retried (up to ${ATTEMPTS}); see test/interop/serial-pty-stall.test.ts.`,
    );
  }
  console.log(
    `\n## OBEX over TCP loopback paced to ${BAUD} baud (line rate ${fmt(lineRate, 0)} B/s; target ≥ 0.9)`,
  );
  console.log('| op | object | seconds | B/s | ratio to line rate |');
  console.log('|---|---:|---:|---:|---:|');
  for (const p of paced) {
    console.log(
      `| ${p.op.toUpperCase()} | ${fmt(p.bytes / 1024, 0)} KiB | ${fmt(p.seconds, 2)} | ${fmt(p.bytesPerSecond, 0)} | ${fmt(p.ratio, 3)}${p.ratio >= 0.9 ? '' : ' (below)'} |`,
    );
  }
}
