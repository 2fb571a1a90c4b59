/**
 * OBEX benchmark (issue 3). For each link — TCP loopback and a socat pty pair — and each
 * kind of destination, it measures in the same run, interleaved:
 *
 * - raw →: the object's bytes written through the same `Link` implementation from the
 *   console's end to the handset's, each piece as the source has it (64 KiB) and each
 *   write awaited, no OBEX; the handset's end hands every chunk the link delivers to the
 *   sink and answers one byte once the sink is closed (the end of the timing);
 * - raw ←: the same the other way: the console's end asks with one byte, the handset's
 *   end writes the object, the console's end writes it to its sink;
 * - PUT (against raw →) and GET (against raw ←) of the same object through our OBEX client
 *   and server (Folder Browsing target, packets negotiated to 0xFFFF, Single Response Mode
 *   as both ends default to: on; `CIMO_BENCH_SRM=0` measures the packet-by-packet exchange
 *   instead) into the same kind of sink;
 *
 * and reports each OBEX throughput as a ratio to raw (target ≥ 0.8). Both receivers, raw
 * and OBEX, open their sink at the same point and write through the same `SinkQueue`
 * (see `obex-bench-peer.ts`). Sinks (the same on both sides of the comparison; a timing
 * includes opening and closing them):
 *
 * - `discard`: the object comes from memory and the receiver only counts its bytes — the
 *   protocol's own cost (streaming API: `putFrom` / `openPut`, `openGet` / `getTo`);
 * - `file`: a file read in 64 KiB pieces, read ahead (`openFileReader`, the same reader
 *   for raw and OBEX), to a file written piece by piece through a temporary file renamed
 *   at the end — the real use (`FsFileStore` on the handset side,
 *   `openFileReader` / `openFileWriter` on the console side, as `cimo obex get/put`);
 * - `memory`: from memory into one fresh buffer of the object's size — the whole-object
 *   API (`put` / `onPut`, `onGet` / `get`); raw copies the chunks into such a buffer too.
 *
 * The handset's end (OBEX server, raw receiver and sender) runs in a child process, as a
 * handset and the console are separate processes in real use; `CIMO_BENCH_PEER=inproc`
 * runs it in this process instead (both ends on one thread, as earlier versions measured).
 *
 * Then a transfer over TCP loopback with the client's link paced to 115200 baud by
 * `PacedLink` (both directions at 11520 B/s, 10 bits per byte), reported as a ratio to
 * that line rate (target ≥ 0.9). Every link pair is fresh per measurement (a link's
 * `chunks()` is iterated once). `CIMO_BENCH_PACED_KB` changes the paced size (default
 * 256, 0 skips it); `CIMO_BENCH_SINKS` picks sinks (default `discard,file,memory`),
 * `CIMO_BENCH_LINKS` links (`tcp,pty`), `CIMO_BENCH_SIZES_MIB` sizes (`5,50`).
 *
 * Last, with TCP among the links, the same 5 MiB moved between two Node processes with
 * none of our code (`loopback-jitter.ts`): how far this machine spreads such a transfer
 * on its own (`CIMO_BENCH_JITTER=0` skips it).
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BITS_PER_BYTE, PacedLink } from '../../native-bridge/links/paced-link.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { connectTcp, listenTcp } from '../../native-bridge/links/tcp-link.js';
import type { Link } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { FOLDER_BROWSING_TARGET } from '../../protocol/obex/targets.js';
import { printLoopbackJitter, runLoopbackJitter } from './loopback-jitter.js';
import type { JitterRow } from './loopback-jitter.js';
import { fmt, median } from './measure.js';
import {
  openSink,
  openSource,
  payload,
  RAW_GO,
  rawReceive,
  rawSend,
  runPeerJob,
  SINK_KINDS,
  sourceFile,
} from './obex-bench-peer.js';
import type {
  BenchCase,
  FromPeer,
  PeerJob,
  PeerLink,
  SinkKind,
  ToPeer,
} from './obex-bench-peer.js';

const MiB = 1024 * 1024;
const SIZES = [5 * MiB, 50 * MiB];
const BAUD = 115_200;
/**
 * A request unanswered this long is a stall. SerialLink once lost a write wake-up on ptys
 * (test/interop/serial-pty-stall.test.ts); stalls are retried and counted, not hidden.
 */
const REQUEST_TIMEOUT_MS = 5000;
/** A raw transfer still running after this long is a stall. */
const RAW_TIMEOUT_MS = 30_000;
/** Attempts per measurement before it is reported as stalled. */
const ATTEMPTS = 3;

type LinkKind = 'tcp' | 'pty';

/** The console's end of a fresh link whose handset end runs a job. */
interface Session {
  readonly link: Link;
  /** The job's outcome on the handset side (bytes received, or what a PUT stored). */
  readonly finished: Promise<number>;
  /** Closes the console's end (the handset's end follows) and waits for the job to end. */
  dispose(): Promise<void>;
}

/** Where the handset side of every measurement runs. */
interface Peer {
  start(job: Omit<PeerJob, 'id'>, kind: LinkKind): Promise<Session>;
  close(): Promise<void>;
}

/** A socat pty pair: two paths, and how to remove it. */
async function ptyPair(): Promise<{ a: string; b: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-obex-bench-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 5000;
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    dispose: () => {
      socat.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for `p`, at most `ms` (then resolves undefined). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The handset side in this process: both ends on one thread. */
function inProcessPeer(): Peer {
  let nextId = 1;
  return {
    start: async (spec, kind) => {
      const job: PeerJob = { ...spec, id: nextId++ };
      let client: Link;
      let server: Link;
      let teardown: () => Promise<void>;
      if (kind === 'tcp') {
        const listener = await listenTcp({ port: 0 });
        [server, client] = await Promise.all([
          listener.accept(),
          connectTcp('127.0.0.1', listener.port),
        ]);
        teardown = () => listener.close();
      } else {
        const pty = await ptyPair();
        client = new SerialLink({ path: pty.a });
        server = new SerialLink({ path: pty.b });
        await client.open();
        await server.open();
        teardown = async () => pty.dispose();
      }
      let ready!: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      const finished = runPeerJob(job, server, ready);
      finished.catch(() => undefined);
      await isReady;
      return {
        link: client,
        finished,
        dispose: async () => {
          await client.close();
          await server.close();
          await teardown();
          await within(
            finished.catch(() => undefined),
            2000,
          );
        },
      };
    },
    close: async () => undefined,
  };
}

/** The handset side in a child process (`obex-bench-peer.ts`). */
async function childPeer(): Promise<Peer> {
  const script = fileURLToPath(new URL('./obex-bench-peer.js', import.meta.url));
  const child = fork(script, ['--obex-bench-peer'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (m: FromPeer) => void>();
  let listening: (port: number) => void;
  const port = new Promise<number>((r) => (listening = r));
  child.on('message', (m: FromPeer) => {
    if (m.type === 'listening') listening(m.port);
    else waiting.get(m.id)?.(m);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const tcpPort = await Promise.race([
    port,
    exited.then(() => {
      throw new Error('obex bench peer exited at start');
    }),
  ]);
  let nextId = 1;
  const tell = (m: ToPeer): void => void child.send(m);
  return {
    start: async (spec, kind) => {
      const job: PeerJob = { ...spec, id: nextId++ };
      let ready!: () => void;
      let fail!: (e: Error) => void;
      const isReady = new Promise<void>((resolve, reject) => {
        ready = resolve;
        fail = reject;
      });
      let settle!: (m: FromPeer) => void;
      const finished = new Promise<number>((resolve, reject) => {
        settle = (m) => {
          if (m.type === 'done') resolve(m.bytes);
          else if (m.type === 'failed') reject(new Error(`peer: ${m.error}`));
        };
      });
      finished.catch((e: unknown) => fail(e as Error));
      waiting.set(job.id, (m) => (m.type === 'ready' ? ready() : settle(m)));
      let client: Link;
      let teardown: () => Promise<void> = async () => undefined;
      let link: PeerLink;
      if (kind === 'tcp') {
        link = { tcp: true };
        tell({ type: 'job', job, link });
        client = await connectTcp('127.0.0.1', tcpPort);
      } else {
        const pty = await ptyPair();
        link = { pty: pty.b };
        client = new SerialLink({ path: pty.a });
        await client.open();
        tell({ type: 'job', job, link });
        teardown = async () => pty.dispose();
      }
      try {
        await isReady;
      } catch (e) {
        await client.close();
        await teardown();
        throw e;
      }
      return {
        link: client,
        finished,
        dispose: async () => {
          await client.close();
          await teardown();
          await within(
            finished.catch(() => undefined),
            2000,
          );
          waiting.delete(job.id);
        },
      };
    },
    close: async () => {
      tell({ type: 'exit' });
      if ((await within(exited, 2000)) === undefined) child.kill('SIGKILL');
    },
  };
}

/** Progress lines on stderr when CIMO_BENCH_DEBUG is set. */
function debug(text: string): void {
  if (process.env['CIMO_BENCH_DEBUG']) process.stderr.write(`obex-bench: ${text}\n`);
}

/** Rejects after `ms` (a stalled raw transfer must not hang the run). */
function stallAfter(ms: number, what: string): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: stalled`)), ms);
  });
  promise.catch(() => undefined);
  return { promise, clear: () => clearTimeout(timer) };
}

/** Milliseconds to move the object from the console's end to the handset's, bare link. */
async function rawUpMs(peer: Peer, kind: LinkKind, c: BenchCase): Promise<number> {
  const s = await peer.start({ mode: 'raw-in', case: c, srm: false }, kind);
  const stall = stallAfter(RAW_TIMEOUT_MS, 'raw up');
  try {
    const answer = s.link.chunks()[Symbol.asyncIterator]();
    const t0 = performance.now();
    const done = answer.next();
    done.catch(() => undefined);
    await Promise.race([rawSend(s.link, c), stall.promise]);
    const r = await Promise.race([done, stall.promise]);
    const ms = performance.now() - t0;
    if (r.done === true) throw new Error('raw up: link ended before the answer');
    if ((await s.finished) !== c.size) throw new Error('raw up: sink did not get it all');
    return ms;
  } finally {
    stall.clear();
    await s.dispose();
  }
}

/** Milliseconds to move the object from the handset's end to the console's, bare link. */
async function rawDownMs(peer: Peer, kind: LinkKind, c: BenchCase): Promise<number> {
  const s = await peer.start({ mode: 'raw-out', case: c, srm: false }, kind);
  const stall = stallAfter(RAW_TIMEOUT_MS, 'raw down');
  try {
    const t0 = performance.now();
    const sink = await openSink(c, 'raw-got.bin');
    const received = rawReceive(s.link, c, 'raw-got.bin', sink);
    received.catch(() => undefined);
    await s.link.write(Uint8Array.of(RAW_GO));
    const got = await Promise.race([received, stall.promise]);
    const ms = performance.now() - t0;
    if (got !== c.size) throw new Error('raw down: sink did not get it all');
    return ms;
  } finally {
    stall.clear();
    await s.dispose();
  }
}

/** Milliseconds for one OBEX PUT or GET of the case's object (connect excluded). */
async function obexMs(
  peer: Peer,
  kind: LinkKind,
  c: BenchCase,
  op: 'put' | 'get',
  wrapClient: (l: Link) => Link = (l) => l,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<number> {
  const srm = process.env['CIMO_BENCH_SRM'] !== '0';
  const s = await peer.start({ mode: 'obex', case: c, srm }, kind);
  let ms: number;
  try {
    const client = new ObexClient(wrapClient(s.link), { timeoutMs, singleResponseMode: srm });
    await client.connect({ target: FOLDER_BROWSING_TARGET });
    const t0 = performance.now();
    if (op === 'put') {
      if (c.kind === 'memory') {
        await client.put('put.bin', undefined, payload(c.size));
      } else {
        const source = await openSource(c);
        await client.putFrom('put.bin', undefined, source.body, { length: source.size });
      }
    } else if (c.kind === 'memory') {
      const got = await client.get('bench.bin', undefined);
      if (got.length !== c.size) throw new Error('get: object not received whole');
    } else {
      const sink = await openSink(c, 'got.bin');
      await client.getTo('bench.bin', undefined, sink);
      if ((await sink.finish()) !== c.size) throw new Error('get: object not received whole');
    }
    ms = performance.now() - t0;
    await client.disconnect();
  } finally {
    await s.dispose();
  }
  if (op === 'put' && (await s.finished) !== c.size)
    throw new Error('put: object not received whole');
  return ms;
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

/** One row of the link table. */
export interface ObexLinkRow {
  readonly link: string;
  readonly sink: SinkKind;
  readonly bytes: number;
  /** Undefined when every attempt stalled. */
  readonly rawUpMBs: number | undefined;
  readonly rawDownMBs: number | undefined;
  readonly putMBs: number | undefined;
  readonly getMBs: number | undefined;
  /** PUT against raw →, GET against raw ←. */
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
export async function runObexBench(): Promise<{
  links: ObexLinkRow[];
  paced: ObexPacedRow[];
  jitter: JitterRow[];
}> {
  const links: ObexLinkRow[] = [];
  const wanted = envList('CIMO_BENCH_LINKS', ['tcp', 'pty'] as const);
  const names: Record<LinkKind, string> = { tcp: 'TCP loopback', pty: 'pty pair (socat)' };
  const kinds = envList('CIMO_BENCH_SINKS', SINK_KINDS);
  const sizes = process.env['CIMO_BENCH_SIZES_MIB']
    ? process.env['CIMO_BENCH_SIZES_MIB'].split(',').map((x) => Number(x) * MiB)
    : SIZES;
  const inProcess = process.env['CIMO_BENCH_PEER'] === 'inproc';
  const peer = inProcess ? inProcessPeer() : await childPeer();
  const root = mkdtempSync(join(tmpdir(), 'cimo-obex-bench-'));
  const newCase = (kind: SinkKind, size: number): BenchCase => {
    const dir = mkdtempSync(join(root, `${kind}-`));
    mkdirSync(join(dir, 'handset'));
    const c = { kind, size, dir };
    if (kind === 'file') writeFileSync(sourceFile(c), payload(size));
    return c;
  };
  try {
    // Warm-up, not measured: both processes' code paths optimised by the JIT and the heaps
    // grown to steady state, so that neither side of a ratio pays for it.
    for (const kind of kinds) {
      const c = newCase(kind, 5 * MiB);
      for (let i = 0; i < 3; i++) {
        await rawUpMs(peer, 'tcp', c);
        await obexMs(peer, 'tcp', c, 'put');
        await rawDownMs(peer, 'tcp', c);
        await obexMs(peer, 'tcp', c, 'get');
      }
      rmSync(c.dir, { recursive: true, force: true });
    }
    for (const link of wanted) {
      const name = names[link];
      for (const size of sizes) {
        for (const kind of kinds) {
          const c = newCase(kind, size);
          // Short transfers are noisy on a shared machine: more runs where they are cheap
          // (a 5 MiB transfer on TCP takes 4–10 ms, less than a scheduling hiccup on a loaded
          // machine, and each of its measurements waits on the other process several times).
          // A pty pair's raw rate varied 12–22 MB/s within one run: 9 pairs at 5 MiB (~0.3 s
          // a transfer), where 5 let one slow pair move the median.
          const runs = link === 'tcp' ? (size <= 5 * MiB ? 25 : 5) : size <= 5 * MiB ? 9 : 3;
          const up: number[] = [];
          const put: number[] = [];
          const down: number[] = [];
          const get: number[] = [];
          const lists = [up, put, down, get];
          let stalls = 0;
          // Interleaved so that a burst of load elsewhere hits all four alike; a run with a
          // measurement that stalled is dropped whole, so the lists stay paired. Every
          // other run measures OBEX first: a transfer leaves work behind in both processes
          // (garbage to collect, a socket buffer to drain), and whichever goes second in a
          // pair would otherwise always pay for it.
          for (let i = 0; i < runs; i++) {
            const before = lists.map((l) => l.length);
            const order = [
              [up, 'raw →', () => rawUpMs(peer, link, c)],
              [put, 'put', () => obexMs(peer, link, c, 'put')],
              [down, 'raw ←', () => rawDownMs(peer, link, c)],
              [get, 'get', () => obexMs(peer, link, c, 'get')],
            ] as const;
            const swapped = [order[1], order[0], order[3], order[2]] as const;
            for (const [list, what, fn] of i % 2 === 0 ? order : swapped) {
              const { ms, failures } = await attempt(fn);
              stalls += failures;
              if (ms !== undefined) list.push(ms);
              debug(
                `${name} ${size} ${kind} ${what} ${ms === undefined ? 'stalled' : `${fmt(ms, 1)} ms`}`,
              );
            }
            if (lists.some((l, k) => l.length === before[k])) {
              lists.forEach((l, k) => (l.length = before[k] as number));
            }
          }
          rmSync(c.dir, { recursive: true, force: true });
          const mbs = (list: number[]): number | undefined =>
            list.length === 0 ? undefined : size / MiB / (median(list) / 1000);
          // Each run's OBEX time against the raw time of the same direction measured next to
          // it, then the median: load that drifts between runs cancels out of every pair.
          const ratio = (list: number[], raw: number[]): number | undefined => {
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
            rawUpMBs: mbs(up),
            rawDownMBs: mbs(down),
            putMBs: mbs(put),
            getMBs: mbs(get),
            putRatio: ratio(put, up),
            getRatio: ratio(get, down),
            stalls,
          });
        }
      }
    }

    const lineRate = BAUD / BITS_PER_BYTE;
    const pacedBytes = Number(process.env['CIMO_BENCH_PACED_KB'] ?? 256) * 1024;
    const paced: ObexPacedRow[] = [];
    if (pacedBytes > 0) {
      const c = newCase('memory', pacedBytes);
      for (const op of ['put', 'get'] as const) {
        // A full 64 KiB packet takes 5.7 s at this rate: allow a minute per request.
        const pace = (l: Link): Link => new PacedLink(l, { baud: BAUD });
        const ms = await obexMs(peer, 'tcp', c, op, pace, 60_000);
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
    // The machine's own spread on the same kind of link, for reading the 5 MiB TCP cells.
    const jitter =
      wanted.includes('tcp') && process.env['CIMO_BENCH_JITTER'] !== '0'
        ? await runLoopbackJitter()
        : [];
    print(links, paced, lineRate, inProcess);
    if (jitter.length > 0) printLoopbackJitter(jitter);
    return { links, paced, jitter };
  } finally {
    await peer.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function print(
  links: ObexLinkRow[],
  paced: ObexPacedRow[],
  lineRate: number,
  inProcess: boolean,
): void {
  console.log(
    '\n## OBEX throughput against the raw link (MB/s: median; ratio: median of back-to-back OBEX / raw pairs; target ≥ 0.8)',
  );
  console.log(
    [
      '',
      'Both sides of each ratio move the same object over the same kind of link into the same',
      'kind of sink, timed from opening source and sink to closing them; the handset end',
      `(OBEX server, raw peer) runs ${inProcess ? 'in the same process (CIMO_BENCH_PEER=inproc)' : 'in a child process'}:`,
      '- raw → (console to handset, against PUT): the sender writes the pieces its source has',
      '  (64 KiB) to the bare `Link`, each write awaited; the receiver opens its sink at the first',
      '  chunk and writes what arrives through the same queue OBEX uses; one byte answers the end.',
      '- raw ← (handset to console, against GET): the same the other way, after a one-byte request.',
      `- PUT / GET: our OBEX client and server, Folder Browsing target, 0xFFFF-byte packets,`,
      `  Single Response Mode ${process.env['CIMO_BENCH_SRM'] === '0' ? 'off (CIMO_BENCH_SRM=0)' : 'on'}.`,
      '- sink `discard`: source in memory, the receiver counts bytes (streaming API).',
      '- sink `file`: source a file read in 64 KiB pieces, two reads ahead (the same reader for',
      '  raw and OBEX), sink a file written piece by piece and renamed into place (FsFileStore',
      '  on the handset, openFileWriter on the console).',
      '- sink `memory`: source in memory, sink one fresh buffer of the object size (PUT/GET',
      '  via the whole-object API; raw copies its chunks into such a buffer).',
      '',
    ].join('\n'),
  );
  console.log(
    '| link | object | sink | raw → MB/s | PUT MB/s | PUT / raw → | raw ← MB/s | GET MB/s | GET / raw ← | stalled attempts |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const num = (x: number | undefined, d = 1): string => (x === undefined ? 'stalled' : fmt(x, d));
  const mark = (x: number | undefined): string => (x !== undefined && x < 0.8 ? ' (below)' : '');
  for (const r of links) {
    console.log(
      `| ${r.link} | ${fmt(r.bytes / MiB, 0)} MiB | ${r.sink} | ${num(r.rawUpMBs)} | ${num(r.putMBs)} | ${num(r.putRatio, 2)}${mark(r.putRatio)} | ${num(r.rawDownMBs)} | ${num(r.getMBs)} | ${num(r.getRatio, 2)}${mark(r.getRatio)} | ${r.stalls} |`,
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
