import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Why a pseudo-terminal pair could not be made. */
export class PtyPairError extends Error {
  override readonly name = 'PtyPairError';
  readonly ptyPair = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Options of {@link startPtyPair}. */
export interface PtyPairOptions {
  /** Folder for the two symlinks (the handset's own directory). */
  readonly dir: string;
  /** Name of the handset's end (default `handset.pty`). */
  readonly handsetName?: string;
  /** Name of the end a console opens (default `console.pty`). */
  readonly consoleName?: string;
  /** How long to wait for socat to create the links (default 5 s). */
  readonly timeoutMs?: number;
  /** One line per event (socat restarted, …). */
  readonly log?: (line: string) => void;
}

/** A live pty pair: `consolePath` is what a console opens with `--serial`. */
export interface PtyPair {
  readonly handsetPath: string;
  readonly consolePath: string;
  /** Stops socat for good and removes the links. */
  close(): Promise<void>;
}

/**
 * A pseudo-terminal pair made by Debian's `socat` (Node has no openpty of its own), kept
 * alive: socat exits when a side closes its end (a console that disconnects), so it is
 * started again with the same link names, and the handset reopens its end — to the
 * console this looks like a serial cable that stays plugged in.
 */
export async function startPtyPair(options: PtyPairOptions): Promise<PtyPair> {
  const handsetPath = join(options.dir, options.handsetName ?? 'handset.pty');
  const consolePath = join(options.dir, options.consoleName ?? 'console.pty');
  const timeoutMs = options.timeoutMs ?? 5000;
  let child: ChildProcess | undefined;
  let closed = false;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (): Promise<void> => {
    for (const p of [handsetPath, consolePath]) rmSync(p, { force: true });
    const proc = spawn(
      'socat',
      [`pty,raw,echo=0,link=${handsetPath}`, `pty,raw,echo=0,link=${consolePath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let failed: Error | undefined;
    exited = new Promise<void>((resolve) => {
      proc.once('error', (e) => {
        failed = e;
        resolve();
      });
      proc.once('exit', () => resolve());
    });
    void exited.then(() => {
      if (closed || failed !== undefined) return;
      options.log?.(`pty pair ended (console closed its end); recreating ${consolePath}`);
      setTimeout(() => {
        if (!closed) launch().catch((e: unknown) => options.log?.(`pty pair: ${String(e)}`));
      }, 100);
    });
    const until = Date.now() + timeoutMs;
    while (!(existsSync(handsetPath) && existsSync(consolePath))) {
      if (failed !== undefined) {
        throw new PtyPairError(
          `cannot start socat (install Debian package socat): ${failed.message}`,
          {
            cause: failed,
          },
        );
      }
      if (proc.exitCode !== null) {
        throw new PtyPairError(`socat exited with ${proc.exitCode}: ${stderr.trim()}`);
      }
      if (Date.now() > until) throw new PtyPairError(`socat made no pty links in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  await launch();
  return {
    handsetPath,
    consolePath,
    close: async () => {
      closed = true;
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
      for (const p of [handsetPath, consolePath]) rmSync(p, { force: true });
    },
  };
}
