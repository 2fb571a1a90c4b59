/**
 * Running the built `cimo-handset` CLI as a child process, as a lab would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const HANDSET_BIN = fileURLToPath(new URL('../../../bin/cimo-handset.js', import.meta.url));

/** One row of `start --json`. */
export interface StartedRow {
  readonly index: number;
  readonly imei: string;
  readonly persona: string;
  readonly reach: readonly string[];
  readonly dir: string;
}

export interface RunningFleet {
  readonly child: ChildProcess;
  readonly rows: readonly StartedRow[];
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code / signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait (the handsets save their state). */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** SIGKILLs whatever is still running (afterEach). */
export async function killFleets(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
  live.clear();
}

/** `cimo-handset start --json … args`; resolves once the table is printed. */
export async function startFleet(args: readonly string[]): Promise<RunningFleet> {
  const child = spawn(process.execPath, [HANDSET_BIN, 'start', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    void exited.then((e) =>
      reject(new Error(`cimo-handset exited (${e.code ?? e.signal}) before its table: ${err}`)),
    );
  });
  const rows = (JSON.parse(line) as { handsets: StartedRow[] }).handsets;
  return {
    child,
    rows,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The port of a row's `obex tcp 127.0.0.1:PORT`. */
export function tcpPort(row: StartedRow): number {
  const r = row.reach.find((x) => x.startsWith('obex tcp '));
  const port = Number(/:(\d+)$/.exec(r ?? '')?.[1]);
  if (!Number.isInteger(port)) throw new Error(`no OBEX TCP port in ${row.reach.join('; ')}`);
  return port;
}

/** The console end of a row's pty pair. */
export function ptyPath(row: StartedRow): string {
  const r = row.reach.find((x) => x.startsWith('obex serial '));
  if (r === undefined) throw new Error(`no serial link in ${row.reach.join('; ')}`);
  return r.slice('obex serial '.length);
}

/** Runs `cimo-handset …args` to completion. */
export function runCli(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HANDSET_BIN, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
