/**
 * OBEX benchmark (issue 3). For each link — TCP loopback and a socat pty pair — it
 * measures, in the same run:
 *
 * - raw: the object's bytes written through the same `Link` implementation in 64 KiB
 *   writes (each awaited, as OBEX awaits each packet) and read on the other end, no OBEX;
 * - PUT and GET of the same object through our OBEX client and server (Folder Browsing
 *   target, packets negotiated to 0xFFFF, a service that keeps the object in memory so
 *   disks do not enter the numbers);
 *
 * and reports each OBEX throughput as a ratio to raw (target ≥ 0.8). Then a transfer over
 * TCP loopback with the client's link paced to 115200 baud by `PacedLink` (both
 * directions at 11520 B/s, 10 bits per byte), reported as a ratio to that line rate
 * (target ≥ 0.9). Every link pair is fresh per measurement (a link's `chunks()` is
 * iterated once). `CIMO_BENCH_PACED_KB` changes the paced size (default 256).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BITS_PER_BYTE, PacedLink } from '../../native-bridge/links/paced-link.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { connectTcp, listenTcp } from '../../native-bridge/links/tcp-link.js';
import type { Link } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
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

/** Milliseconds to move `data` from client to server through the bare links. */
async function rawMs(make: PairFactory, data: Uint8Array): Promise<number> {
  const pair = await make();
  let timer: NodeJS.Timeout | undefined;
  try {
    const t0 = performance.now();
    const received = (async () => {
      let got = 0;
      for await (const chunk of pair.server.chunks()) {
        got += chunk.length;
        if (got >= data.length) return;
      }
      throw new Error(`raw: link ended after ${got} of ${data.length} bytes`);
    })();
    const sent = (async () => {
      for (let o = 0; o < data.length; o += WRITE_SIZE) {
        await pair.client.write(data.subarray(o, Math.min(data.length, o + WRITE_SIZE)));
      }
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

/** A service that keeps what is PUT and serves `object` to GET. */
function memoryService(object: Uint8Array): ObexService & { last?: Uint8Array } {
  const service: ObexService & { last?: Uint8Array } = {
    target: FOLDER_BROWSING_TARGET,
    onPut: (_name, _type, body) => {
      service.last = body;
    },
    onGet: () => object,
  };
  return service;
}

/** Milliseconds for one OBEX PUT or GET of `data` (connect excluded). */
async function obexMs(
  make: PairFactory,
  data: Uint8Array,
  op: 'put' | 'get',
  wrapClient: (l: Link) => Link = (l) => l,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<number> {
  const pair = await make();
  const service = memoryService(data);
  const server = new ObexServer(pair.server, { services: [service] });
  const serving = server.serve().catch(() => undefined);
  try {
    const client = new ObexClient(wrapClient(pair.client), { timeoutMs });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    const t0 = performance.now();
    if (op === 'put') {
      await client.put('bench.bin', undefined, data);
      if (service.last?.length !== data.length) throw new Error('put: object not received whole');
    } else {
      const got = await client.get('bench.bin', undefined);
      if (got.length !== data.length) throw new Error('get: object not received whole');
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

/** Runs the OBEX benchmark and prints its tables. */
export async function runObexBench(): Promise<{ links: ObexLinkRow[]; paced: ObexPacedRow[] }> {
  const links: ObexLinkRow[] = [];
  const factories: [string, PairFactory][] = [
    ['TCP loopback', tcpPair],
    ['pty pair (socat)', ptyPair],
  ];
  // Warm-up (JIT, socket buffers), not measured.
  await obexMs(tcpPair, payload(MiB), 'put');
  await obexMs(tcpPair, payload(MiB), 'get');
  for (const [name, make] of factories) {
    for (const size of SIZES) {
      const data = payload(size);
      // Short transfers are noisy on a shared machine: more runs where they are cheap.
      const runs = name.startsWith('TCP') ? (size <= 5 * MiB ? 7 : 3) : size <= 5 * MiB ? 3 : 1;
      const raw: number[] = [];
      const put: number[] = [];
      const get: number[] = [];
      let stalls = 0;
      // Interleaved so that a burst of load elsewhere hits all three alike.
      for (let i = 0; i < runs; i++) {
        for (const [list, what, fn] of [
          [raw, 'raw', () => rawMs(make, data)],
          [put, 'put', () => obexMs(make, data, 'put')],
          [get, 'get', () => obexMs(make, data, 'get')],
        ] as const) {
          const { ms, failures } = await attempt(fn);
          stalls += failures;
          if (ms !== undefined) list.push(ms);
          debug(`${name} ${size} ${what} ${ms === undefined ? 'stalled' : `${fmt(ms, 0)} ms`}`);
        }
      }
      const mbs = (list: number[]): number | undefined =>
        list.length === 0 ? undefined : size / MiB / (median(list) / 1000);
      const rawMBs = mbs(raw);
      const putMBs = mbs(put);
      const getMBs = mbs(get);
      const ratio = (x: number | undefined): number | undefined =>
        x === undefined || rawMBs === undefined ? undefined : x / rawMBs;
      links.push({
        link: name,
        bytes: size,
        rawMBs,
        putMBs,
        getMBs,
        putRatio: ratio(putMBs),
        getRatio: ratio(getMBs),
        stalls,
      });
    }
  }

  const lineRate = BAUD / BITS_PER_BYTE;
  const pacedBytes = Number(process.env['CIMO_BENCH_PACED_KB'] ?? 256) * 1024;
  const paced: ObexPacedRow[] = [];
  for (const op of ['put', 'get'] as const) {
    const data = payload(pacedBytes);
    // A full 64 KiB packet takes 5.7 s at this rate: allow a minute per request.
    const ms = await obexMs(tcpPair, data, op, (l) => new PacedLink(l, { baud: BAUD }), 60_000);
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
  print(links, paced, lineRate);
  return { links, paced };
}

function print(links: ObexLinkRow[], paced: ObexPacedRow[], lineRate: number): void {
  console.log(
    '\n## OBEX throughput against the raw link (median; ratio = OBEX / raw, target ≥ 0.8)',
  );
  console.log(
    '| link | object | raw MB/s | PUT MB/s | PUT / raw | GET MB/s | GET / raw | stalled attempts |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const num = (x: number | undefined, d = 1): string => (x === undefined ? 'stalled' : fmt(x, d));
  const mark = (x: number | undefined): string => (x !== undefined && x < 0.8 ? ' (below)' : '');
  for (const r of links) {
    console.log(
      `| ${r.link} | ${fmt(r.bytes / MiB, 0)} MiB | ${num(r.rawMBs)} | ${num(r.putMBs)} | ${num(r.putRatio, 2)}${mark(r.putRatio)} | ${num(r.getMBs)} | ${num(r.getRatio, 2)}${mark(r.getRatio)} | ${r.stalls} |`,
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
