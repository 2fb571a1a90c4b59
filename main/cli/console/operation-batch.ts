/**
 * The operations one command started, handset by handset: their progress lines on a
 * terminal, Ctrl-C (cancels what has not finished; a second one quits), the runner's
 * refusals per handset, and the results once all are over.
 */
import type { OperationKind, OperationSummary } from '../../ipc/contract.js';
import type { ConsoleServices } from '../../services/console.js';
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import type { OperationRequest } from '../../services/operations/index.js';
import { ConsoleCliError, EXIT } from './exit-codes.js';
import { MultiProgress } from './multi-progress.js';
import { refusedResult, resultOf } from './operation-results.js';
import type { OperationResult } from './operation-results.js';

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

/** See the module comment. */
export class OperationBatch {
  readonly #c: ConsoleServices;
  readonly #kind: OperationKind;
  readonly #request: OperationRequest;
  readonly #progress = new MultiProgress(process.stderr);
  readonly #started: OperationSummary[] = [];
  readonly #refused: OperationResult[] = [];
  readonly #recs = new Map<string, HandsetRecord>();
  readonly #ticker: NodeJS.Timeout | undefined;
  #cancelled = false;

  constructor(c: ConsoleServices, kind: OperationKind, request: OperationRequest) {
    this.#c = c;
    this.#kind = kind;
    this.#request = request;
    this.#ticker = this.#progress.active ? setInterval(() => this.#draw(), 100) : undefined;
  }

  /**
   * Starts the operation on all of `recs` at once: the runner checks every plan and
   * interlock first, and a refusal starts nothing (an interlock's says how to waive it).
   */
  startAll(recs: readonly HandsetRecord[]): void {
    for (const r of recs) this.#recs.set(r.id, r);
    this.#begin(startOrExplain(this.#c, recs, this.#request));
  }

  /** Starts the operation on one handset; the runner's refusal becomes its result. */
  startOne(rec: HandsetRecord): void {
    if (this.#cancelled) return;
    this.#recs.set(rec.id, rec);
    try {
      this.#begin(this.#c.runner.start([rec.id], this.#request));
    } catch (e) {
      this.#refused.push(refusedResult(rec, this.#kind, e));
    }
  }

  /** Every handset's result, once every started operation is over. */
  async results(): Promise<OperationResult[]> {
    const finished = await this.#settled();
    for (const s of finished)
      this.#progress.update(s.id, this.#row(s.handsetId, s.progress, s.status));
    this.#progress.finish();
    return [
      ...finished.map((s) => resultOf(this.#c, this.#recs.get(s.handsetId) as HandsetRecord, s)),
      ...this.#refused,
    ];
  }

  /** Cancels what was started and waits until it is over (the command failed). */
  async abandon(): Promise<void> {
    this.#cancel();
    await this.#settled();
  }

  /** Stops drawing and listening for Ctrl-C. */
  dispose(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    process.off('SIGINT', this.#onSigint);
  }

  #begin(summaries: readonly OperationSummary[]): void {
    if (this.#started.length === 0 && summaries.length > 0) process.once('SIGINT', this.#onSigint);
    this.#started.push(...summaries);
  }

  #settled(): Promise<OperationSummary[]> {
    return Promise.all(this.#started.map((s) => this.#c.runner.settled(s.id)));
  }

  #cancel(): void {
    this.#cancelled = true;
    for (const s of this.#started) this.#c.runner.cancel(s.id);
  }

  readonly #onSigint = (): void => {
    process.stderr.write('\ncancelling (Ctrl-C again to quit at once)\n');
    this.#cancel();
    process.once('SIGINT', () => process.exit(130));
  };

  #row(handsetId: string, percent: number, status: string) {
    const imei = this.#c.registry.find(handsetId)?.imei ?? handsetId;
    return { label: `${imei} ${this.#kind}`, percent, status };
  }

  #draw(): void {
    for (const s of this.#started) {
      const op = this.#c.runner.get(s.id);
      if (op !== undefined)
        this.#progress.update(s.id, this.#row(s.handsetId, op.progress, op.status));
    }
  }
}
