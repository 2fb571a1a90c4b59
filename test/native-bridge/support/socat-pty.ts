import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real pseudo-terminal pair made by `socat`: bytes written to `a` come out of `b`. */
export interface PtyPair {
  readonly dir: string;
  readonly a: string;
  readonly b: string;
  readonly process: ChildProcess;
  /** Kills socat (pulling the plug: both pty masters close) and waits for it to exit. */
  kill(): Promise<void>;
  /** Kills socat if still running and removes the temp dir. */
  dispose(): Promise<void>;
}

/** Waits until `check()` is true, polling every 10 ms, failing after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Spawns `socat -d -d pty,raw,echo=0,link=DIR/a pty,raw,echo=0,link=DIR/b` and waits for
 * both links to exist. `dir` defaults to a fresh temp dir; names can be overridden so a
 * watcher test can make devices appear under a glob.
 */
export async function makePtyPair(
  opts: { dir?: string; a?: string; b?: string } = {},
): Promise<PtyPair> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cimo-pty-'));
  const a = join(dir, opts.a ?? 'a');
  const b = join(dir, opts.b ?? 'b');
  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => existsSync(a) && existsSync(b), 5000, `socat links ${a}, ${b}`);
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return {
    dir,
    a,
    b,
    process: child,
    kill,
    dispose: async () => {
      await kill();
      if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
