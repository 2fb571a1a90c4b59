/**
 * `cimo lock|partial-lock|unlock|retrieve|wipe|factory-reset|uninstall`: waits for the
 * handsets, asks to confirm what cannot be undone (`--yes` in scripts; see
 * `confirm-irreversible.ts`), starts the operation through the runner, shows a progress
 * line per handset on a terminal, and reports each outcome. Ctrl-C cancels what has not
 * finished.
 *
 * What cannot be undone starts on the whole selection at once, after the confirmation,
 * and the runner checks every plan and interlock before queuing anything. What can be
 * undone starts, with `--all`, on each handset the moment it is identified: a device that
 * never answers holds nobody.
 */
import type { OperationKind } from '../../ipc/contract.js';
import type { OperationRequest } from '../../services/operations/index.js';
import { confirmIrreversible, isIrreversible } from './confirm-irreversible.js';
import { ConsoleCliError, EXIT, worstExit } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { OperationBatch } from './operation-batch.js';
import { printResults } from './operation-results.js';
import type { OperationResult } from './operation-results.js';
import { openFull } from './open-services.js';
import { commaList, waitMs } from './options.js';
import type { ConsoleFlags } from './options.js';
import { waitForHandsets } from './select-handsets.js';

/** Flags of the operation commands. */
export interface OperationFlags extends ConsoleFlags {
  readonly all?: boolean;
  readonly items?: string;
  readonly apps?: string;
  readonly waiver?: string;
  readonly consent?: 'handset' | 'ui-alert' | 'not-required';
  readonly vaultKeyFile?: string;
  /** Longest wait for one operation's result, seconds. */
  readonly timeout?: string;
  /** Confirms an irreversible operation up front (scripts). */
  readonly yes?: boolean;
}

/** The runner's request from the command line. */
function requestOf(kind: OperationKind, flags: OperationFlags): OperationRequest {
  const items = commaList(flags.items);
  const apps = commaList(flags.apps);
  return {
    operation: kind,
    ...(items === undefined ? {} : { items }),
    ...(apps === undefined ? {} : { apps }),
    ...(flags.waiver === undefined ? {} : { waiver: { reason: flags.waiver } }),
    ...(flags.consent === undefined ? {} : { consent: flags.consent }),
  };
}

/** Runs `kind` on the handsets named by `refs` (or `--all`); returns the exit code. */
export async function runOperations(
  kind: OperationKind,
  refs: readonly string[],
  flags: OperationFlags,
): Promise<ExitCode> {
  if (flags.all === true && refs.length > 0)
    throw new ConsoleCliError('name handsets or give --all, not both', EXIT.usage);
  if (flags.all !== true && refs.length === 0)
    throw new ConsoleCliError(
      'name at least one handset (IMEI, last digits of it, /dev/tty…, tcp:HOST:PORT) or give --all',
      EXIT.usage,
    );
  const timeoutS = flags.timeout === undefined ? undefined : Number(flags.timeout);
  const c = await openFull(
    flags,
    refs,
    timeoutS === undefined ? {} : { timeoutMs: timeoutS * 1000 },
  );
  try {
    const request = requestOf(kind, flags);
    const batch = new OperationBatch(c, kind, request);
    const streamed = flags.all === true && !isIrreversible(kind);
    let results: OperationResult[];
    try {
      try {
        const chosen = await waitForHandsets(
          c.registry,
          flags.all === true ? { all: true } : { refs },
          waitMs(flags),
          undefined,
          streamed ? (rec) => batch.startOne(rec) : undefined,
        );
        if (!streamed) {
          await confirmIrreversible(kind, chosen, flags.yes === true);
          batch.startAll(chosen);
        }
      } catch (e) {
        // The selection failed after some handsets started: they are cancelled, not orphaned.
        await batch.abandon();
        throw e;
      }
      results = await batch.results();
    } finally {
      batch.dispose();
    }
    const code = worstExit(results.map((r) => r.exitCode));
    if (flags.json === true)
      process.stdout.write(
        `${JSON.stringify({ operation: kind, results, exitCode: code }, null, 2)}\n`,
      );
    else printResults(results);
    return code;
  } finally {
    await c.close();
  }
}
