/** Runs the built `cimo` CLI as a child process, the way a user or script would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root and the shared vectors folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const VECTORS = fileURLToPath(new URL('../../../../shared/vectors/', import.meta.url));

/** What a CLI run produced. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** stdout as UTF-8 text. */
  readonly out: string;
}

/** Runs `node bin/cimo.js ...args` with optional stdin. */
export function cimo(args: readonly string[], stdin?: Uint8Array | string): CliRun {
  const r = spawnSync(process.execPath, ['bin/cimo.js', ...args], {
    cwd: ROOT,
    input: stdin ?? '',
    timeout: 20_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr.toString('utf8'),
    out: r.stdout.toString('utf8'),
  };
}

/** True when util-linux `script` can give the CLI a terminal. */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI with stdout and stderr on a pseudo-terminal (via `script`); output merged. */
export function cimoOnTty(args: readonly string[]): { status: number | null; out: string } {
  const quoted = ['node', 'bin/cimo.js', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const r = spawnSync('script', ['-qec', quoted.join(' '), '/dev/null'], {
    cwd: ROOT,
    input: '',
    timeout: 20_000,
  });
  return { status: r.status, out: r.stdout.toString('utf8') };
}
