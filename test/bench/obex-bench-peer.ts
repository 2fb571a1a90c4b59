/**
 * The handset side of the OBEX benchmark (`obex-bench.ts`): what the far end of a link does
 * for one measurement — receive raw bytes into a sink, send raw bytes from a source, or
 * serve OBEX — and the sinks and sources both sides use. A handset and the console are
 * separate processes in real use, so the benchmark runs this side in a child process
 * (`fork` of this file with `--obex-bench-peer`); `CIMO_BENCH_PEER=inproc` runs it in the
 * benchmark's own process instead, as earlier versions did.
 *
 * Raw and OBEX are handled alike on both ends: a receiver opens its sink when the first
 * bytes arrive (the OBEX server can do no better: the name comes in the first packet) and
 * writes through the same `SinkQueue` the OBEX layer uses (one write at a time, pieces that
 * wait handed over in one `writev` when the sink has it, up to 1 MiB read ahead); a sender
 * opens its source when asked.
 */
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileReader, openFileWriter } from '../../native-bridge/fs-file-io.js';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { SerialLink } from '../../native-bridge/links/serial-link.js';
import { listenTcp } from '../../native-bridge/links/tcp-link.js';
import type { TcpLinkServer } from '../../native-bridge/links/tcp-link.js';
import type { Link } from '../../protocol/link/link.js';
import type { BodySink, BodySource } from '../../protocol/obex/body.js';
import { FolderBrowsingService } from '../../protocol/obex/folder-service.js';
import { ObjectBuffer } from '../../protocol/obex/object-buffer.js';
import { ObexServer } from '../../protocol/obex/server.js';
import type { ObexService } from '../../protocol/obex/service.js';
import { DEFAULT_READ_AHEAD_BYTES, SinkQueue } from '../../protocol/obex/sink-queue.js';
import { FOLDER_BROWSING_TARGET } from '../../protocol/obex/targets.js';

/** Size of the pieces an object in memory is handed out in (about one packet). */
export const WRITE_SIZE = 0xffff;
/** The byte a raw receiver answers with once its sink is closed (the end of a raw timing). */
export const RAW_DONE = 0x06;
/** The byte that asks a raw sender to start. */
export const RAW_GO = 0x05;

/** Kinds of destination (see `obex-bench.ts`). */
export type SinkKind = 'discard' | 'file' | 'memory';
export const SINK_KINDS: readonly SinkKind[] = ['discard', 'file', 'memory'];

/** One measurement's object and where files go (plain data: it crosses to the child). */
export interface BenchCase {
  readonly kind: SinkKind;
  readonly size: number;
  /** Working folder; `handset/bench.bin` holds the object for file-mode sources. */
  readonly dir: string;
}

export const handsetDir = (c: BenchCase): string => join(c.dir, 'handset');
export const sourceFile = (c: BenchCase): string => join(handsetDir(c), 'bench.bin');

const payloads = new Map<number, Uint8Array>();

/** The object of `size` bytes (the same bytes in every process; made once per size). */
export function payload(size: number): Uint8Array {
  let out = payloads.get(size);
  if (out === undefined) {
    out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >>> 11)) & 0xff;
    payloads.set(size, out);
  }
  return out;
}

export function* pieces(data: Uint8Array): Iterable<Uint8Array> {
  for (let o = 0; o < data.length; o += WRITE_SIZE)
    yield data.subarray(o, Math.min(data.length, o + WRITE_SIZE));
}

/**
 * The object as a source of pieces, with its size. Raw and OBEX senders both read from
 * here: a file is read by `openFileReader` — what `cimo obex put` and `FsFileStore` use —
 * in 64 KiB pieces read ahead of the sender, so both sides of a ratio read alike.
 */
export async function openSource(c: BenchCase): Promise<{ size: number; body: BodySource }> {
  if (c.kind !== 'file') return { size: c.size, body: pieces(payload(c.size)) };
  return openFileReader(sourceFile(c));
}

/** A sink of the case's kind; `finish` closes it and returns the bytes it got. */
export interface BenchSink extends BodySink {
  finish(): Promise<number>;
}

export async function openSink(c: BenchCase, name: string): Promise<BenchSink> {
  if (c.kind === 'file') {
    const writer = await openFileWriter(join(c.dir, name));
    let got = 0;
    return {
      write: async (piece) => {
        got += piece.length;
        await writer.write(piece);
      },
      writev: async (list) => {
        for (const p of list) got += p.length;
        await writer.writev?.(list);
      },
      finish: async () => {
        await writer.close();
        return got;
      },
    };
  }
  if (c.kind === 'memory') {
    const object = new ObjectBuffer(c.size, c.size);
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

/**
 * Raw receive: every chunk the link delivers goes to a sink of the case's kind, opened
 * when the first chunk arrives, through a `SinkQueue` as an OBEX transfer's pieces do.
 * Resolves with the bytes the sink got once it is closed.
 */
export async function rawReceive(
  link: Link,
  c: BenchCase,
  name: string,
  opened?: BenchSink,
): Promise<number> {
  let sink = opened;
  let queue: SinkQueue | undefined;
  let got = 0;
  for await (const chunk of link.chunks()) {
    sink ??= await openSink(c, name);
    queue ??= new SinkQueue(sink, DEFAULT_READ_AHEAD_BYTES);
    queue.push([chunk]);
    got += chunk.length;
    if (got >= c.size) {
      await queue.flush();
      return sink.finish();
    }
    await queue.ready();
  }
  throw new Error(`raw: link ended after ${got} of ${c.size} bytes`);
}

/** Raw send: the object's pieces written to the link, each write awaited. */
export async function rawSend(link: Link, c: BenchCase): Promise<void> {
  const source = await openSource(c);
  for await (const piece of source.body) await link.write(piece);
}

/**
 * The handset side for a case: a Folder Browsing service on an `FsFileStore` (file),
 * a streaming service that counts what is PUT and serves the object from memory
 * (discard), or a whole-object service (memory). `received` reports what a PUT stored.
 */
export function handsetService(c: BenchCase): {
  service: ObexService;
  received(): Promise<number>;
} {
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
        onGet: () => payload(c.size),
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
      openGet: () => ({ length: c.size, body: pieces(payload(c.size)) }),
    },
    received: async () => got,
  };
}

/** What the handset side does in one measurement. */
export type PeerMode = 'raw-in' | 'raw-out' | 'obex';

/** One measurement's job for the handset side. */
export interface PeerJob {
  readonly id: number;
  readonly mode: PeerMode;
  readonly case: BenchCase;
  readonly srm: boolean;
}

/**
 * Runs one job on the handset's end of the link. `ready` is called once the end is set up
 * (the timing starts after it). Resolves with the bytes received (raw-in) or 0, and for
 * OBEX with the size of what a PUT stored (0 after a GET) once the link ends.
 */
export async function runPeerJob(job: PeerJob, link: Link, ready: () => void): Promise<number> {
  const c = job.case;
  if (job.mode === 'raw-in') {
    const received = rawReceive(link, c, 'raw.bin');
    ready();
    const got = await received;
    await link.write(Uint8Array.of(RAW_DONE));
    return got;
  }
  if (job.mode === 'raw-out') {
    const it = link.chunks()[Symbol.asyncIterator]();
    ready();
    const go = await it.next();
    if (go.done === true) throw new Error('raw-out: link ended before the request');
    await rawSend(link, c);
    return 0;
  }
  const handset = handsetService(c);
  const server = new ObexServer(link, { services: [handset.service], singleResponseMode: job.srm });
  const serving = server.serve();
  ready();
  await serving.catch(() => undefined);
  return handset.received().catch(() => 0);
}

/** How the bench tells the peer which link end to use. */
export type PeerLink = { readonly tcp: true } | { readonly pty: string };

/** Messages between the benchmark and its child. */
export type ToPeer =
  | { readonly type: 'job'; readonly job: PeerJob; readonly link: PeerLink }
  | { readonly type: 'exit' };
export type FromPeer =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'ready'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly bytes: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: string };

/** The child's main loop: one TCP listener, jobs one after another as the bench sends them. */
async function childMain(): Promise<void> {
  const send = (m: FromPeer): void => void process.send?.(m);
  const listener: TcpLinkServer = await listenTcp({ port: 0 });
  process.on('message', (m: ToPeer) => {
    if (m.type === 'exit') {
      void listener.close().finally(() => process.exit(0));
      return;
    }
    const { job } = m;
    void (async () => {
      let link: Link;
      if ('tcp' in m.link) {
        link = await listener.accept();
      } else {
        link = new SerialLink({ path: m.link.pty });
        await link.open();
      }
      try {
        if (job.case.kind === 'file') mkdirSync(handsetDir(job.case), { recursive: true });
        const bytes = await runPeerJob(job, link, () => send({ type: 'ready', id: job.id }));
        send({ type: 'done', id: job.id, bytes });
      } finally {
        await link.close();
      }
    })().catch((e: unknown) =>
      send({ type: 'failed', id: job.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  send({ type: 'listening', port: listener.port });
}

if (process.argv.includes('--obex-bench-peer')) await childMain();
