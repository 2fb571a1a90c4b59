/**
 * Fleet benchmark (issue 5): 32 reference handsets in ONE `cimo-handset start` process
 * (OBEX over TCP), driven by console sessions from this process.
 *
 * Measured, all in the same run:
 * - a light DM session (Get DevId, Get `./CIMO?list=Struct`, Get LastOperation) on one
 *   handset alone — the reference;
 * - the same session on all 32 handsets at once (each handset's session time against
 *   the reference);
 * - fairness, the target: 31 handsets run light sessions in a loop while handset 1 is
 *   kept busy with heavy work (Retrieve of every item, then pulling every retrieved
 *   object over OBEX Folder Browsing, again and again). The light sessions' median and
 *   p95 with the busy handset are compared with the same loop without it: one handset
 *   must not slow the others down by more than 2×;
 * - the handset process's peak resident memory (VmHWM) — target < 500 MB.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectTcp } from '../../native-bridge/links/tcp-link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import {
  connectFolderBrowsing,
  getFile,
  listFolder,
  setPath,
} from '../../protocol/obex/folder-client.js';
import type { ServerSession } from '../../protocol/session/index.js';
import { obexConsoleSession, readHandsetAccount } from '../support/handset-console.js';
import type { HandsetAccount } from '../support/handset-console.js';
import { fmt, median } from './measure.js';

const COUNT = 32;
const PHASE_MS = 15_000;

interface Member {
  readonly index: number;
  readonly port: number;
  readonly account: HandsetAccount;
}

/** One console session with `m` over OBEX on TCP. */
async function session<T>(m: Member, script: (s: ServerSession) => Promise<T>): Promise<T> {
  const link = await connectTcp('127.0.0.1', m.port);
  try {
    return (await obexConsoleSession(link, m.account, script)).result;
  } finally {
    await link.close();
  }
}

async function lightSession(m: Member): Promise<number> {
  const t0 = performance.now();
  await session(m, async (s) => {
    const a = await s.get('./DevInfo/DevId');
    const b = await s.get('./CIMO?list=Struct');
    const c = await s.get('./CIMO/LastOperation/Status');
    if (a.status !== 200 || b.status !== 200 || c.status !== 200) {
      throw new Error(`handset ${m.index}: light session got ${a.status}/${b.status}/${c.status}`);
    }
  });
  return performance.now() - t0;
}

/** Retrieve everything, wait for it, pull every object over Folder Browsing. */
async function heavyRound(m: Member, round: number): Promise<number> {
  const correlator = `bench-${round}`;
  const items = await session(m, async (s) => {
    const list = await s.get('./CIMO/InfoList');
    const ids = new TextDecoder()
      .decode(list.items[0]?.data ?? new Uint8Array(0))
      .split('/')
      .filter((x) => x !== '');
    for (const id of ids) {
      await s.command({
        kind: 'Replace',
        uri: `./CIMO/InfoList/${id}/ToBeRetrieved`,
        data: 'true',
        format: 'bool',
      });
    }
    const r = await s.exec('./CIMO/Operations/Retrieve', { correlator });
    if (r.status !== 202 && r.status !== 200) throw new Error(`Retrieve: ${r.status}`);
    return ids.length;
  });
  for (;;) {
    const status = await session(m, async (s) =>
      new TextDecoder().decode((await s.get('./CIMO/LastOperation/Status')).items[0]?.data),
    );
    if (status === 'done' || status === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const link = await connectTcp('127.0.0.1', m.port);
  let bytes = 0;
  try {
    const client = new ObexClient(link, { timeoutMs: 60_000 });
    await connectFolderBrowsing(client);
    await setPath(client, 'cimo-retrieve');
    await setPath(client, correlator);
    for (const e of (await listFolder(client)).entries) {
      if (e.kind === 'file') bytes += (await getFile(client, e.name)).length;
    }
    await client.disconnect();
  } finally {
    await link.close();
  }
  return items > 0 ? bytes : 0;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Light sessions in a loop on `members` for `ms`; returns every session's time. */
async function lightLoop(members: readonly Member[], ms: number): Promise<number[]> {
  const until = performance.now() + ms;
  const times: number[] = [];
  await Promise.all(
    members.map(async (m) => {
      while (performance.now() < until) times.push(await lightSession(m));
    }),
  );
  return times;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m === null ? NaN : Number(m[1]) / 1024;
}

async function startFleet(dataDir: string): Promise<{ child: ChildProcess; members: Member[] }> {
  const bin = new URL('../../../bin/cimo-handset.js', import.meta.url);
  const child = spawn(
    process.execPath,
    [
      bin.pathname,
      'start',
      '--count',
      String(COUNT),
      '--obex-tcp',
      '0',
      '--profile',
      'typical,small',
      '--data',
      dataDir,
      '--json',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cimo-handset exited with ${code}`)));
  });
  const table = JSON.parse(line) as { handsets: { index: number; reach: string[]; dir: string }[] };
  const members = table.handsets.map((h) => {
    const reach = h.reach.find((r) => r.startsWith('obex tcp '));
    const port = Number(/:(\d+)$/.exec(reach ?? '')?.[1]);
    return { index: h.index, port, account: readHandsetAccount(h.dir) };
  });
  return { child, members };
}

export async function runHandsetFleetBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cimo-fleet-bench-'));
  const t0 = performance.now();
  const { child, members } = await startFleet(dataDir);
  const startMs = performance.now() - t0;
  try {
    const [first, ...others] = members as [Member, ...Member[]];
    // Warm up every handset once (JIT, first OBEX connections).
    await Promise.all(members.map((m) => lightSession(m)));
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) alone.push(await lightSession(first));
    const aloneMs = median(alone);
    const together = await Promise.all(members.map((m) => lightSession(m)));

    const base = await lightLoop(others, PHASE_MS);
    let heavyRounds = 0;
    let heavyBytes = 0;
    let busy = true;
    const heavy = (async () => {
      while (busy) heavyBytes += await heavyRound(first, heavyRounds++);
    })();
    const loaded = await lightLoop(others, PHASE_MS);
    busy = false;
    await heavy;
    const rss = peakRssMiB(child.pid ?? 0);

    console.log(`\n## Reference handsets: ${COUNT} in one process (OBEX over TCP loopback)`);
    console.log(
      `Started and seeded (handset 1 profile typical, the others small) in ${fmt(startMs / 1000, 1)} s.`,
    );
    console.log(
      '\n| measure | value |\n|---|---:|' +
        `\n| light session, one handset alone (median of 5) | ${fmt(aloneMs, 0)} ms |` +
        `\n| same session on all ${COUNT} at once: median / slowest | ${fmt(median(together), 0)} / ${fmt(Math.max(...together), 0)} ms |` +
        `\n| light sessions of ${others.length} handsets in a loop, ${PHASE_MS / 1000} s: count, median, p95 | ${base.length}, ${fmt(median(base), 0)} ms, ${fmt(percentile(base, 95), 0)} ms |` +
        `\n| the same while handset 1 retrieves everything in a loop: count, median, p95 | ${loaded.length}, ${fmt(median(loaded), 0)} ms, ${fmt(percentile(loaded, 95), 0)} ms |` +
        `\n| heavy rounds on handset 1 (retrieve + pull all objects) | ${heavyRounds} (${fmt(heavyBytes / 1048576, 1)} MiB pulled) |` +
        `\n| slow-down of the others by the busy one: median, p95 (target ≤ 2×) | ${fmt(median(loaded) / median(base), 2)}×, ${fmt(percentile(loaded, 95) / percentile(base, 95), 2)}× |` +
        `\n| handset process peak RSS (target < 500 MB) | ${fmt(rss, 0)} MiB |`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
