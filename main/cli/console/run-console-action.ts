/**
 * Runs a console command's action and turns its outcome into an exit status scripts can
 * rely on ({@link EXIT}): the action returns its code; typed errors from the services
 * become one line on stderr and their code (`interlock` → 3, `not-found` → 4, bad
 * settings or selection → 2, a data folder another console holds → 5). Anything else is a bug and keeps its stack (exit 1).
 */
import { ConsoleCliError, EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { startStats } from './stats.js';

const BY_CODE: Readonly<Record<string, ExitCode>> = {
  interlock: EXIT.refused,
  'not-found': EXIT.notFound,
  'not-ready': EXIT.notFound,
  detached: EXIT.notFound,
  'bad-selection': EXIT.usage,
  'settings-invalid': EXIT.usage,
  'not-supported': EXIT.failed,
  timeout: EXIT.failed,
  cancelled: EXIT.failed,
  'data-folder-busy': EXIT.busy,
  'head-key-needed': EXIT.usage,
};

/** The exit code of a thrown error, or undefined when it is not one of ours. */
export function exitCodeOf(e: unknown): ExitCode | undefined {
  if (e instanceof ConsoleCliError) return e.exitCode;
  const code = (e as { code?: unknown } | null)?.code;
  const name = (e as { name?: unknown } | null)?.name;
  if (typeof code === 'string' && BY_CODE[code] !== undefined) return BY_CODE[code];
  // The vault's key errors (wrong passphrase, missing key file) are the operator's input.
  if (name === 'VaultKeyError' || name === 'VaultStateError') return EXIT.usage;
  if (name === 'VaultExportError') return EXIT.failed;
  return undefined;
}

/** Wraps `action` (see the module comment). `--stats` is honoured for every command. */
export function runConsoleAction<A extends unknown[]>(
  command: string,
  action: (...args: A) => Promise<ExitCode>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const opts = args.find(
      (a): a is { stats?: boolean } => typeof a === 'object' && a !== null && 'stats' in a,
    );
    if (opts?.stats === true) startStats();
    try {
      process.exitCode = await action(...args);
    } catch (e) {
      const code = exitCodeOf(e);
      if (code === undefined) throw e;
      process.stderr.write(`cimo ${command}: ${(e as Error).message}\n`);
      process.exitCode = code;
    }
  };
}
