/**
 * How steady this machine moves 5 MiB over TCP loopback between two Node processes, with
 * none of our code involved: the reference against which the OBEX benchmark's 5 MiB TCP
 * cells have to be read. A child process sends the object (64 KiB writes, as the raw
 * sender does) each time a connection asks with one byte; another child process receives
 * it on a bare `net.Socket`, either
 *
 * - `fresh`: the `data` event, which gives every read a newly allocated buffer — Node's
 *   default, and what `TcpLink` (so both sides of every ratio) receives with;
 * - `reused`: `onread` into one 64 KiB buffer read over and over. No link can do that
 *   (the chunks it hands out must stay valid), so this row only shows how much of the
 *   spread comes from producing fresh memory for every read.
 *
 * Each transfer is timed from the request byte to the last byte received, in a child
 * process per receiver and round (see {@link runLoopbackJitter}).
 */
import { fork } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { fmt } from './measure.js';

const SIZE = 5 * 1024 * 1024;
const PIECE = 64 * 1024;
const SENDER_FLAG = '--loopback-jitter-sender';
const RECEIVER_FLAG = '--loopback-jitter-receiver';
/** Transfers per receiver process. */
const ROUND = 20;

/** One receiver's times. */
export interface JitterRow {
  readonly receiver: 'fresh' | 'reused';
  /** Milliseconds per transfer, sorted. */
  readonly ms: readonly number[];
}

/** The sender: one object per connection, after its one-byte request. */
function senderMain(): void {
  const object = new Uint8Array(SIZE).fill(0x5a);
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      void (async () => {
        for (let o = 0; o < SIZE; o += PIECE) {
          if (!socket.write(object.subarray(o, o + PIECE)))
            await new Promise((r) => socket.once('drain', r));
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
  process.on('disconnect', () => process.exit(0));
}

/** The one buffer the `reused` receiver reads into, transfer after transfer. */
const reused = new Uint8Array(PIECE);

/** Milliseconds to receive one object from the sender at `port`. */
async function receiveOnce(port: number, receiver: JitterRow['receiver']): Promise<number> {
  let got = 0;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const count = (n: number): void => {
    got += n;
    if (got >= SIZE) finish();
  };
  const socket: Socket =
    receiver === 'reused'
      ? createConnection({
          port,
          host: '127.0.0.1',
          onread: {
            buffer: reused,
            callback: (n) => {
              count(n);
              return true; // keep reading
            },
          },
        })
      : createConnection({ port, host: '127.0.0.1' });
  if (receiver === 'fresh') socket.on('data', (d: Buffer) => count(d.length));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  const t0 = performance.now();
  socket.write(Uint8Array.of(1));
  await done;
  const ms = performance.now() - t0;
  socket.destroy();
  return ms;
}

/** A receiver's child process: `runs` transfers after two unmeasured, times sent back. */
async function receiverMain(receiver: JitterRow['receiver'], port: number, runs: number) {
  for (let i = 0; i < 2; i++) await receiveOnce(port, receiver);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await receiveOnce(port, receiver));
  process.send?.(ms, () => process.exit(0));
}

/** Runs one receiver child for `runs` transfers from the sender at `port`. */
async function receiverRun(
  receiver: JitterRow['receiver'],
  port: number,
  runs: number,
): Promise<number[]> {
  const child = fork(
    fileURLToPath(import.meta.url),
    [RECEIVER_FLAG, receiver, String(port), String(runs)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise<number[]>((resolve, reject) => {
    child.once('message', (m) => resolve(m as number[]));
    child.once('exit', (code) => reject(new Error(`loopback jitter receiver exited (${code})`)));
  });
}

/**
 * Measures both receivers, `runs` transfers each. Each receiver runs in a fresh child
 * process of its own (a heap with nothing else in it, not the benchmark's), in rounds of
 * twenty transfers that alternate between the two, so that load drifting over the run falls
 * on both.
 */
export async function runLoopbackJitter(runs = 40): Promise<JitterRow[]> {
  const sender = fork(fileURLToPath(import.meta.url), [SENDER_FLAG], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      sender.once('message', (m) => resolve(Number(m)));
      sender.once('exit', () => reject(new Error('loopback jitter sender exited at start')));
    });
    const fresh: number[] = [];
    const reused: number[] = [];
    for (let done = 0; done < runs; done += ROUND) {
      const n = Math.min(ROUND, runs - done);
      fresh.push(...(await receiverRun('fresh', port, n)));
      reused.push(...(await receiverRun('reused', port, n)));
    }
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    return [
      { receiver: 'fresh', ms: sorted(fresh) },
      { receiver: 'reused', ms: sorted(reused) },
    ];
  } finally {
    sender.disconnect();
  }
}

/** The value below which a share `p` of the sorted list lies (nearest rank). */
function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Prints the table the OBEX benchmark shows under its TCP cells. */
export function printLoopbackJitter(rows: readonly JitterRow[]): void {
  const n = rows[0]?.ms.length ?? 0;
  console.log(
    `\n## 5 MiB over TCP loopback with no OBEX and none of our code (bare Node sockets, ${n} transfers each, alternated)`,
  );
  console.log(
    [
      '',
      'A child process sends 5 MiB in 64 KiB writes; another child process receives it with',
      "a fresh buffer for every read (Node's `data` event, as TcpLink and so both sides of",
      'every ratio above) or into one reused buffer (`onread`, which no link can use: its',
      'chunks must stay valid), 20 transfers per receiver process. When the first row has a',
      'p90 several times its median, one 5 MiB transfer can take several times as long as the',
      'next, and a 5 MiB ratio moves with it.',
      '',
    ].join('\n'),
  );
  console.log('| receiver | p10 ms | median ms | p90 ms | max ms | p90 / median |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const names = { fresh: 'fresh buffer per read', reused: 'one reused buffer' };
  for (const r of rows) {
    const [p10, p50, p90] = [0.1, 0.5, 0.9].map((p) => quantile(r.ms, p)) as [
      number,
      number,
      number,
    ];
    console.log(
      `| ${names[r.receiver]} | ${fmt(p10, 2)} | ${fmt(p50, 2)} | ${fmt(p90, 2)} | ${fmt(r.ms.at(-1) ?? NaN, 2)} | ${fmt(p90 / p50, 1)} |`,
    );
  }
}

if (process.argv.includes(SENDER_FLAG)) senderMain();
const receiverAt = process.argv.indexOf(RECEIVER_FLAG);
if (receiverAt >= 0) {
  const [mode, port, runs] = process.argv.slice(receiverAt + 1);
  await receiverMain(mode === 'reused' ? 'reused' : 'fresh', Number(port), Number(runs));
}
