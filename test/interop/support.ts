/**
 * Helpers for the interop tests with Debian's OBEX tools: tracked child processes (all
 * killed in afterEach), a private network namespace for tools that insist on TCP port
 * 650, socat pty pairs, and the built `cimo` CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI entry. */
export const CIMO = join(ROOT, 'bin/cimo.js');

/** True when `/usr/bin/<name>` (or `/usr/sbin/<name>`) exists. */
export function have(name: string): boolean {
  return existsSync(`/usr/bin/${name}`) || existsSync(`/usr/sbin/${name}`);
}

const live = new Set<ChildProcess>();

/** Spawns a child that `killAll()` will reap. */
export function track(
  cmd: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'pipe', ...options });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running and waits for them to exit. */
export async function killAll(): Promise<void> {
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

/** What a finished child printed. */
export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (SIGKILL after `timeoutMs`). */
export function run(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = track(cmd, args, { cwd: options.cwd ?? ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * A private network namespace (own loopback, own port 650) held open by a sleeping
 * child; `prefix` turns any command into one that runs inside it. OpenOBEX's servers
 * bind port 650 without SO_REUSEADDR, so a TIME_WAIT left by an earlier session (or a
 * parallel test) makes them fail with EADDRINUSE; a fresh namespace per test avoids both.
 * Where namespaces are not permitted (not root), `prefix` is empty and the host's
 * loopback is used.
 */
export interface NetNs {
  /** Command prefix, e.g. `['nsenter', '-t', '123', '-n']`, or `[]`. */
  readonly prefix: readonly string[];
  /** `/proc/<pid>/net` of the namespace (or of this process). */
  readonly procNet: string;
}

/** Creates a namespace (see {@link NetNs}). */
export async function netns(): Promise<NetNs> {
  const ok =
    have('unshare') &&
    have('nsenter') &&
    spawnSync('unshare', ['-n', 'true']).status === 0 &&
    have('ip');
  if (!ok) return { prefix: [], procNet: '/proc/self/net' };
  const holder = track('unshare', ['-n', 'sleep', '600']);
  await new Promise((r) => setTimeout(r, 100));
  const pid = String(holder.pid);
  const prefix = ['nsenter', '-t', pid, '-n'];
  const up = spawnSync(prefix[0] as string, [...prefix.slice(1), 'ip', 'link', 'set', 'lo', 'up']);
  if (up.status !== 0) throw new Error(`cannot bring lo up: ${up.stderr.toString()}`);
  return { prefix, procNet: `/proc/${pid}/net` };
}

/** Runs `[...ns.prefix, cmd, ...args]`. */
export function inNs(ns: NetNs, cmd: string, args: readonly string[]): [string, string[]] {
  const all = [...ns.prefix, cmd, ...args];
  return [all[0] as string, all.slice(1)];
}

/**
 * True when something in the namespace listens on TCP `port` — read from
 * `/proc/.../net/tcp{,6}` rather than by connecting, because the OpenOBEX test server
 * accepts exactly one connection and a probe would use it up.
 */
export function listening(ns: NetNs, port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const file of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(join(ns.procNet, file), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(hex) && cols[3] === '0A') return true;
    }
  }
  return false;
}

/** Polls until `check()` is true (rejects after `timeoutMs`). */
export async function until(
  check: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A socat pseudo-terminal pair: `a` and `b` are symlinks to the two slave ends. */
export interface PtyPair {
  readonly a: string;
  readonly b: string;
  readonly socat: ChildProcess;
}

/** Starts `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and waits for both links. */
export async function ptyPair(dir: string): Promise<PtyPair> {
  const a = join(dir, 'tty-a');
  const b = join(dir, 'tty-b');
  const socat = track('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`]);
  await until(() => existsSync(a) && existsSync(b), 5000, 'socat ptys');
  return { a, b, socat };
}

/** A deterministic byte pattern of length `n`. */
export function pattern(n: number, seed = 1): Uint8Array {
  return new Uint8Array(n).map((_, i) => (i * 131 + seed * 7 + (i >> 9)) & 0xff);
}
