/**
 * `cimo lock|partial-lock|unlock|retrieve|wipe|factory-reset|uninstall`: waits for the
 * handsets, asks to confirm what cannot be undone (`--yes` in scripts; see
 * `confirm-irreversible.ts`), starts the operation on all of them at once through the
 * runner (which checks every plan and interlock before queuing anything), shows a
 * progress line per handset on a terminal, and reports each outcome. Ctrl-C cancels what
 * has not finished.
 */
import type { OperationKind, OperationSummary } from '../../ipc/contract.js';
import type { ConsoleServices } from '../../services/console.js';
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import type { OperationRequest } from '../../services/operations/index.js';
import { confirmIrreversible, isIrreversible } from './confirm-irreversible.js';
import { ConsoleCliError, EXIT, worstExit } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { MultiProgress } from './multi-progress.js';
import { openFull } from './open-services.js';
import { commaList, waitMs } from './options.js';
import type { ConsoleFlags } from './options.js';
import { waitForHandsets } from './select-handsets.js';
import { printTable } from './table.js';

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

/** One handset's outcome as printed (`--json`: `results[]`). */
export interface OperationResult {
  readonly handset: {
    readonly id: string;
    readonly imei?: string;
    readonly model?: string;
    readonly link: string;
  };
  readonly operation: OperationKind;
  readonly status: OperationSummary['status'];
  readonly resultCode?: number;
  readonly resultText?: string;
  readonly error?: { readonly step: string; readonly message: string };
  readonly verification?: unknown;
  readonly retrievalId?: string;
  readonly retrievalState?: string;
  readonly exitCode: ExitCode;
}

/** The exit code of one finished operation: 1401 (consent refused) is a refusal. */
export function exitOf(s: OperationSummary): ExitCode {
  if (s.status === 'done') return s.resultCode === 1401 ? EXIT.refused : EXIT.ok;
  return EXIT.failed;
}

function handsetOf(rec: HandsetRecord): OperationResult['handset'] {
  return {
    id: rec.id,
    ...(rec.imei === undefined ? {} : { imei: rec.imei }),
    ...(rec.model === undefined ? {} : { model: rec.model }),
    link: rec.channel.description,
  };
}

function resultOf(c: ConsoleServices, rec: HandsetRecord, s: OperationSummary): OperationResult {
  const retrievalId = c.runner.get(s.id)?.retrievalId;
  let verification: unknown;
  try {
    verification = s.verification === undefined ? undefined : JSON.parse(s.verification);
  } catch {
    verification = s.verification;
  }
  return {
    handset: handsetOf(rec),
    operation: s.operation,
    status: s.status,
    ...(s.resultCode === undefined ? {} : { resultCode: s.resultCode }),
    ...(s.resultText === undefined ? {} : { resultText: s.resultText }),
    ...(s.error === undefined ? {} : { error: s.error }),
    ...(verification === undefined || verification === null ? {} : { verification }),
    ...(retrievalId === undefined
      ? {}
      : { retrievalId, retrievalState: c.vault.retrieval(retrievalId).state }),
    exitCode: exitOf(s),
  };
}

function printResults(results: readonly OperationResult[]): void {
  printTable(
    ['HANDSET', 'MODEL', 'OPERATION', 'RESULT', 'DETAIL'],
    results.map((r) => [
      r.handset.imei ?? r.handset.link,
      r.handset.model ?? '',
      r.operation,
      r.resultCode === undefined ? r.status : `${r.status} ${r.resultCode}`,
      [
        r.resultText ?? '',
        r.error === undefined ? '' : `${r.error.step}: ${r.error.message}`,
        r.retrievalId === undefined ? '' : `retrieval ${r.retrievalId} (${r.retrievalState ?? ''})`,
      ]
        .filter((x) => x !== '')
        .join('; '),
    ]),
  );
}

/** `runner.start`, with the way out added to an interlock refusal. */
function startOrExplain(
  c: ConsoleServices,
  recs: readonly HandsetRecord[],
  request: OperationRequest,
): OperationSummary[] {
  try {
    return c.runner.start(
      recs.map((r) => r.id),
      request,
    );
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'interlock') throw e;
    throw new ConsoleCliError(
      `${(e as Error).message}. Nothing was started. To go ahead without a retrieval, add --waiver "reason" (the waiver is recorded in the audit log)`,
      EXIT.refused,
    );
  }
}

/** The exit code of a request the runner refused for one handset (streamed `--all`). */
function refusalExit(code: unknown): ExitCode {
  if (code === 'bad-selection' || code === 'not-supported') return EXIT.usage;
  if (code === 'interlock') return EXIT.refused;
  return code === 'not-ready' ? EXIT.notFound : EXIT.failed;
}

/** A handset's result when the runner refused to start the operation on it. */
function refusedResult(rec: HandsetRecord, kind: OperationKind, e: unknown): OperationResult {
  const code = (e as { code?: unknown }).code;
  return {
    handset: handsetOf(rec),
    operation: kind,
    status: 'failed',
    error: { step: typeof code === 'string' ? code : 'start', message: (e as Error).message },
    exitCode: refusalExit(code),
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
    const items = commaList(flags.items);
    const apps = commaList(flags.apps);
    const request: OperationRequest = {
      operation: kind,
      ...(items === undefined ? {} : { items }),
      ...(apps === undefined ? {} : { apps }),
      ...(flags.waiver === undefined ? {} : { waiver: { reason: flags.waiver } }),
      ...(flags.consent === undefined ? {} : { consent: flags.consent }),
    };
    const progress = new MultiProgress(process.stderr);
    const started: OperationSummary[] = [];
    const refused: OperationResult[] = [];
    const recs = new Map<string, HandsetRecord>();
    const label = (id: string): string => `${c.registry.find(id)?.imei ?? id} ${kind}`;
    let cancelled = false;
    const onSigint = (): void => {
      process.stderr.write('\ncancelling (Ctrl-C again to quit at once)\n');
      cancelled = true;
      for (const s of started) c.runner.cancel(s.id);
      process.once('SIGINT', () => process.exit(130));
    };
    const ticker = progress.active
      ? setInterval(() => {
          for (const s of started) {
            const op = c.runner.get(s.id);
            if (op !== undefined)
              progress.update(s.id, {
                label: label(s.handsetId),
                percent: op.progress,
                status: op.status,
              });
          }
        }, 100)
      : undefined;
    const begin = (summaries: readonly OperationSummary[]): void => {
      if (started.length === 0 && summaries.length > 0) process.once('SIGINT', onSigint);
      started.push(...summaries);
    };
    // What can be undone starts on each handset of `--all` the moment it is ready; what
    // cannot is confirmed for, and checked on, the whole selection first.
    const streamed = flags.all === true && !isIrreversible(kind);
    const startOne = (rec: HandsetRecord): void => {
      if (cancelled) return;
      recs.set(rec.id, rec);
      try {
        begin(c.runner.start([rec.id], request));
      } catch (e) {
        refused.push(refusedResult(rec, kind, e));
      }
    };
    let finished: OperationSummary[];
    try {
      const chosen = await waitForHandsets(
        c.registry,
        flags.all === true ? { all: true } : { refs },
        waitMs(flags),
        undefined,
        streamed ? startOne : undefined,
      );
      if (!streamed) {
        await confirmIrreversible(kind, chosen, flags.yes === true);
        for (const r of chosen) recs.set(r.id, r);
        begin(startOrExplain(c, chosen, request));
      }
      finished = await Promise.all(started.map((s) => c.runner.settled(s.id)));
    } catch (e) {
      // The selection failed after some handsets started: they are cancelled, not orphaned.
      for (const s of started) c.runner.cancel(s.id);
      await Promise.all(started.map((s) => c.runner.settled(s.id)));
      throw e;
    } finally {
      if (ticker !== undefined) clearInterval(ticker);
      process.off('SIGINT', onSigint);
    }
    for (const s of finished)
      progress.update(s.id, { label: label(s.handsetId), percent: s.progress, status: s.status });
    progress.finish();
    const results = [
      ...finished.map((s) => resultOf(c, recs.get(s.handsetId) as HandsetRecord, s)),
      ...refused,
    ];
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
