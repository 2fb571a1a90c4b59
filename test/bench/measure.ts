/**
 * Small measuring helpers shared by the benchmarks: in-process timing and whole-process
 * timing with peak resident memory (GNU time's %M), so that every number we report is a
 * ratio against a reference measured in the same run on the same machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Runs `fn` repeatedly (at least `minRuns` times and at least `minMs` in total, after one
 * warm-up) and returns the median time of one run in milliseconds.
 */
export function timeIt(fn: () => unknown, minRuns = 3, minMs = 500): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 50) break;
  }
  return median(times);
}

/**
 * Like {@link timeIt}, but the process CPU time (user + system, from `process.cpuUsage`) of
 * one run: the median over at least `minRuns` runs and `minMs` of wall time.
 *
 * Why both: on a shared, loaded machine wall time mostly measures how often we were
 * scheduled, while CPU time counts only the work done for us — including the garbage
 * collector's helper threads, which is the cost a large decode adds — and so compares
 * codecs between runs far more steadily.
 */
export function cpuTimeIt(fn: () => unknown, minRuns = 3, minMs = 500): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
    if (times.length >= 50) break;
  }
  return median(times);
}

export interface ProcessRun {
  /** Median wall time in milliseconds. */
  readonly ms: number;
  /** Largest peak resident set size over the runs, in KiB. */
  readonly maxRssKiB: number;
  readonly status: number | null;
  /** True when a run hit `timeoutSec`; `ms` is then a lower bound. */
  readonly timedOut: boolean;
}

/**
 * Runs a command `runs` times under `/usr/bin/time -f %M`, stdout to `stdoutFile` (or
 * /dev/null), and reports the median wall time and peak RSS.
 */
export function runProcess(
  cmd: string,
  args: readonly string[],
  opts: {
    runs?: number;
    stdoutFile?: string;
    cwd?: string;
    timeoutSec?: number;
    env?: NodeJS.ProcessEnv;
  } = {},
): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-bench-'));
  const rssFile = join(dir, 'rss');
  const times: number[] = [];
  let maxRss = 0;
  let status: number | null = 0;
  let timedOut = false;
  // coreutils `timeout` runs under GNU time, so time still reports the child's peak RSS
  // (its rusage covers waited-for descendants) and a killed run leaves no orphan behind.
  const argv =
    opts.timeoutSec === undefined
      ? [cmd, ...args]
      : ['timeout', String(opts.timeoutSec), cmd, ...args];
  try {
    for (let i = 0; i < (opts.runs ?? 3); i++) {
      const out = openSync(opts.stdoutFile ?? '/dev/null', 'w');
      const t0 = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...argv], {
        stdio: ['ignore', out, 'pipe'],
        cwd: opts.cwd,
        env: opts.env,
        maxBuffer: 64 * 1024 * 1024,
      });
      times.push(performance.now() - t0);
      closeSync(out);
      status = r.status;
      if (opts.timeoutSec !== undefined && r.status === 124) {
        timedOut = true;
        break;
      }
      const rss = Number.parseInt(
        readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '0',
        10,
      );
      if (Number.isFinite(rss)) maxRss = Math.max(maxRss, rss);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms: median(times), maxRssKiB: maxRss, status, timedOut };
}

/** Formats a number with a fixed number of decimals. */
export function fmt(x: number, decimals = 1): string {
  return x.toFixed(decimals);
}
