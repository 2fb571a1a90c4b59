/**
 * What an operation command reports per handset (`--json`: `results[]`; a table
 * otherwise), and its exit code: an operation's outcome, or the runner's refusal to start
 * it on that handset.
 */
import type { OperationKind, OperationSummary } from '../../ipc/contract.js';
import type { ConsoleServices } from '../../services/console.js';
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { printTable } from './table.js';

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

/** The handset part of a result. */
function handsetOf(rec: HandsetRecord): OperationResult['handset'] {
  return {
    id: rec.id,
    ...(rec.imei === undefined ? {} : { imei: rec.imei }),
    ...(rec.model === undefined ? {} : { model: rec.model }),
    link: rec.channel.description,
  };
}

/** The result of a finished operation. */
export function resultOf(
  c: ConsoleServices,
  rec: HandsetRecord,
  s: OperationSummary,
): OperationResult {
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

/** The exit code of a request the runner refused for one handset (streamed `--all`). */
function refusalExit(code: unknown): ExitCode {
  if (code === 'bad-selection' || code === 'not-supported') return EXIT.usage;
  if (code === 'interlock') return EXIT.refused;
  return code === 'not-ready' ? EXIT.notFound : EXIT.failed;
}

/** A handset's result when the runner refused to start the operation on it. */
export function refusedResult(
  rec: HandsetRecord,
  kind: OperationKind,
  e: unknown,
): OperationResult {
  const code = (e as { code?: unknown }).code;
  return {
    handset: handsetOf(rec),
    operation: kind,
    status: 'failed',
    error: { step: typeof code === 'string' ? code : 'start', message: (e as Error).message },
    exitCode: refusalExit(code),
  };
}

/** The results as a table (for people). */
export function printResults(results: readonly OperationResult[]): void {
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
