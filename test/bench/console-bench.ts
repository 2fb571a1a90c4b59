/**
 * Console benchmark (issue 6): reference handsets retrieved and wiped concurrently by
 * ONE console process — the `cimo` CLI, as a technician's script would run it:
 * `cimo retrieve --all` then `cimo wipe --all` (OBEX over TCP loopback, one
 * `cimo-handset start` process holding the handsets).
 *
 * Measured in the same run:
 * - the reference: one handset alone, `cimo retrieve H` then `cimo wipe H` (wall time of
 *   both commands, start-up and identification included);
 * - 16 handsets at once: the same two commands with `--all` (target ≤ 1.5× the reference);
 * - both in `CIMO_BENCH_ROUNDS` rounds (default 3), alternating, each on a fresh fleet: the
 *   round with the median wall time is shown, so one slow moment does not make the ratio;
 * - the console process's event-loop delay p99 during the commands (hidden `--stats`
 *   flag; target ≤ 50 ms) and its peak resident memory (VmHWM), with 32 handsets
 *   attached, retrieved and wiped (target ≤ 400 MB);
 * - one alone and 16 again with the simulated handsets on worker threads, and again with
 *   each handset behind a link paced like a phone's USB cable.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createKeyFile } from '../../main/services/vault/index.js';
import { SettingsStore } from '../../main/services/settings/index.js';
import { readHandsetAccount } from '../support/handset-console.js';
import { fmt } from './measure.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface Handset {
  readonly imei: string;
  readonly at: string;
  readonly dir: string;
}

interface Stats {
  readonly eventLoopP99Ms: number;
  readonly eventLoopMaxMs: number;
  readonly peakRssMiB: number;
  readonly cpuMs: number;
}

interface Run {
  readonly ms: number;
  readonly stats: Stats;
  /** CPU time the handset process(es) used during the command, ms. */
  readonly handsetCpuMs: number;
}

/** User + system CPU time of process `pid` so far (Linux `/proc/PID/stat`), ms. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** `cimo-handset start` flags for a link like a phone's USB cable (see `runConsoleBench`). */
const CABLE = ['--pace-baud', '8000000', '--latency', '1'] as const;

/**
 * How the simulated handsets run: their threads (`--threads`), and optionally links shaped
 * like a cable (`--pace-baud`, `--latency`).
 */
interface FleetShape {
  readonly threads: string;
  readonly link?: readonly string[];
}

async function startFleet(
  count: number,
  dir: string,
  shape: FleetShape = { threads: '1' },
): Promise<{ child: ChildProcess; handsets: Handset[] }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/cimo-handset.js'),
      'start',
      '--count',
      String(count),
      '--obex-tcp',
      '0',
      '--data',
      dir,
      '--threads',
      shape.threads,
      ...(shape.link ?? []),
      '--json',
      '--quiet',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Sixteen phones shred their own storage side by side; here their fsyncs and unlinks
      // share one process's thread pool, whose default of 4 threads queued them (a
      // 16-handset wipe took ~790 ms on the handsets' side with 4 threads, ~550 with 16).
      env: { ...process.env, UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '16' },
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cimo-handset exited with ${code}`)));
  });
  const rows = (JSON.parse(line) as { handsets: { imei: string; reach: string[]; dir: string }[] })
    .handsets;
  const handsets = rows.map((h) => {
    const reach = h.reach.find((r) => r.startsWith('obex tcp ')) ?? '';
    return { imei: h.imei, at: reach.slice('obex tcp '.length), dir: h.dir };
  });
  return { child, handsets };
}

async function stopFleet(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** The console's settings for `handsets`: each one's DM account, by link. */
function configure(data: string, handsets: readonly Handset[]): void {
  mkdirSync(data, { recursive: true });
  const settings = SettingsStore.open(data);
  settings.update((s) => ({
    ...s,
    credentials: [
      ...s.credentials,
      ...handsets.map((h) => {
        const a = readHandsetAccount(h.dir);
        return {
          link: `tcp ${h.at}`,
          credentials: {
            serverId: a.serverId,
            serverPassword: a.serverPassword,
            clientUsername: a.clientAccount.username,
            clientPassword: a.clientAccount.password,
            authType: a.clientAccount.type,
          },
        };
      }),
    ],
  }));
}

/** One `cimo …` with `--stats`; its wall time and the stats line it printed at exit. */
function cimo(args: readonly string[], handsetPid: number | undefined): Promise<Run> {
  const t0 = performance.now();
  const cpu0 = processCpuMs(handsetPid);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cimo.js'), ...args, '--stats'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const statsLine = err.trim().split('\n').pop() ?? '';
      if (code !== 0)
        return reject(new Error(`cimo ${args[0] ?? ''} exited ${code}: ${err}\n${out}`));
      const handsetCpuMs = processCpuMs(handsetPid) - cpu0;
      resolve({ ms, stats: JSON.parse(statsLine) as Stats, handsetCpuMs });
    });
  });
}

/** `cimo retrieve` then `cimo wipe` on `targets` (handset links, or `--all`). */
async function retrieveThenWipe(
  data: string,
  key: string,
  targets: readonly string[],
  links: readonly Handset[],
  handsetPid: number | undefined,
): Promise<Run[]> {
  const common = [
    '--data',
    data,
    '--vault-key-file',
    key,
    '--no-scan',
    '--json',
    '--wait',
    '120',
    ...links.flatMap((h) => ['--tcp', h.at]),
  ];
  const retrieve = await cimo(['retrieve', ...targets, ...common], handsetPid);
  const wipe = await cimo(['wipe', ...targets, '--yes', ...common], handsetPid);
  return [retrieve, wipe];
}

const total = (runs: readonly Run[]): number => runs.reduce((a, r) => a + r.ms, 0);
const cpuSum = (runs: readonly Run[], f: (r: Run) => number): number =>
  runs.reduce((a, r) => a + f(r), 0);
const worst = (runs: readonly Run[], k: keyof Stats): number =>
  Math.max(...runs.map((r) => r.stats[k]));

/** A fleet of 17 shaped `shape`: handset 1 retrieved and wiped alone, then the other 16 at once. */
async function aloneThenSixteen(
  work: string,
  key: string,
  name: string,
  shape: FleetShape,
): Promise<[Run[], Run[]]> {
  const fleet = await startFleet(17, join(work, `fleet-${name}`), shape);
  try {
    const data = join(work, `console-${name}`);
    configure(data, fleet.handsets);
    const [ref, ...bench] = fleet.handsets as [Handset, ...Handset[]];
    const alone = await retrieveThenWipe(data, key, [`tcp:${ref.at}`], [ref], fleet.child.pid);
    const sixteen = await retrieveThenWipe(data, key, ['--all'], bench, fleet.child.pid);
    return [alone, sixteen];
  } finally {
    await stopFleet(fleet.child);
  }
}

/**
 * {@link aloneThenSixteen} `rounds` times, each on a fresh fleet (a wipe empties the
 * handsets): one alone and 16 alternate, so a drift of the machine's speed hits both.
 */
async function rounds(
  work: string,
  key: string,
  name: string,
  shape: FleetShape,
  n: number,
): Promise<[Run[][], Run[][]]> {
  const alone: Run[][] = [];
  const sixteen: Run[][] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = await aloneThenSixteen(work, key, `${name}${i}`, shape);
    alone.push(a);
    sixteen.push(b);
  }
  return [alone, sixteen];
}

/** The round with the median wall time (the lower middle one for an even count). */
function medianRound(rs: readonly Run[][]): Run[] {
  const sorted = [...rs].sort((a, b) => total(a) - total(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? [];
}

export async function runConsoleBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cimo-console-bench-'));
  try {
    const key = join(work, 'vault.key');
    createKeyFile(key);
    // Handset 1 of each fleet is the reference; handsets 2–17 the bench of 16.
    const n = Math.max(1, Math.floor(Number(process.env['CIMO_BENCH_ROUNDS'] ?? 3)) || 3);
    const [alone, sixteen] = await rounds(work, key, 'a', { threads: '1' }, n);
    const b = await startFleet(32, join(work, 'fleet-b'));
    let thirtyTwo: Run[];
    try {
      const dataB = join(work, 'console-b');
      configure(dataB, b.handsets);
      thirtyTwo = await retrieveThenWipe(dataB, key, ['--all'], b.handsets, b.child.pid);
    } finally {
      await stopFleet(b.child);
    }
    // The same again with the simulated handsets spread over worker threads
    // (`cimo-handset start --threads auto`): each stands for a phone with its own
    // processor, and on one thread they queue behind one core.
    const [aloneSpread, sixteenSpread] = await rounds(work, key, 'c', { threads: 'auto' }, n);
    // And with every handset behind a link shaped like a USB cable to a phone: 800 kB/s
    // each way (`--pace-baud 8000000`, 10 bits a byte; full-speed USB, 12 Mbit/s, carries
    // at most ~1.2 MB/s of bulk data) and 1 ms per chunk (a USB frame). Each handset then
    // brings its own transfer time, as a phone does on a bench, and the ratio shows whether
    // the console overlaps 16 of them or queues them.
    const [aloneCable, sixteenCable] = await rounds(
      work,
      key,
      'd',
      { threads: '1', link: CABLE },
      n,
    );
    /** Wall times of every round, in seconds, in the order run. */
    const spread = (rs: readonly Run[][]): string =>
      rs.length < 2 ? '' : ` (${rs.map((r) => fmt(total(r) / 1000, 2)).join(', ')} s)`;
    const row = (label: string, rs: readonly Run[][], ref: readonly Run[][] = alone): string => {
      const runs = medianRound(rs);
      return `\n| ${label} | ${fmt(runs[0]?.ms ?? 0, 0)} + ${fmt(runs[1]?.ms ?? 0, 0)} = ${fmt(total(runs), 0)} ms${spread(rs)} | ${fmt(total(runs) / total(medianRound(ref)), 2)}× | ${fmt(worst(runs, 'eventLoopP99Ms'), 1)} ms (max ${fmt(worst(runs, 'eventLoopMaxMs'), 0)}) | ${fmt(worst(runs, 'peakRssMiB'), 0)} MiB | ${fmt(cpuSum(runs, (r) => r.stats.cpuMs) / 1000, 2)} s | ${fmt(cpuSum(runs, (r) => r.handsetCpuMs) / 1000, 2)} s |`;
    };
    console.log(
      '\n## Console: retrieve then wipe, the `cimo` CLI against reference handsets (OBEX over TCP)',
    );
    console.log(
      'Wall time of `cimo retrieve` + `cimo wipe` (process start, identification, operation, read-back; default handset profile), ' +
        `the round with the median wall time of ${n} (each on a fresh set of handsets, one alone and 16 alternating; every round's time in brackets), ` +
        "the console process's event-loop delay p99 (worst of the two commands) and its peak RSS (VmHWM), " +
        'and the CPU time (user + system) of the console process and of the handset process(es) during the two commands. ' +
        'Targets: 16 handsets ≤ 1.5× one alone, p99 ≤ 50 ms, RSS ≤ 400 MB with 32 attached. ' +
        'The simulated handsets run in one process (with 16 thread-pool threads for their file I/O), on one thread, except in the last two rows ' +
        '(`cimo-handset start --threads auto`: spread over one worker thread per core), and each handset on a cable-like link in the last two ' +
        `(\`${CABLE.join(' ')}\`: 800 kB/s each way and 1 ms a chunk, like a phone on full-speed USB).`,
    );
    console.log(
      '\n| run | retrieve + wipe | vs one alone | event-loop p99 | peak RSS | console CPU | handsets CPU |\n|---|---:|---:|---:|---:|---:|---:|' +
        row('one handset alone (reference)', alone) +
        row('16 handsets, `--all`', sixteen) +
        row('32 handsets, `--all`', [thirtyTwo]) +
        row('one handset alone, fleet on worker threads (reference)', aloneSpread, aloneSpread) +
        row('16 handsets, `--all`, fleet on worker threads', sixteenSpread, aloneSpread) +
        row('one handset alone, cable-like links (reference)', aloneCable, aloneCable) +
        row('16 handsets, `--all`, cable-like links', sixteenCable, aloneCable),
    );
    // Event-loop delay includes time the process waits for a CPU: say how loaded it was.
    console.log(
      `\nLoad average at the end (1/5 min): ${loadavg()
        .slice(0, 2)
        .map((x) => fmt(x, 2))
        .join(' / ')} on ${availableParallelism()} CPUs.`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
