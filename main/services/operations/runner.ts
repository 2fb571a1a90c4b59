/**
 * The operation runner: a queue per handset (one operation at a time on a handset, as
 * the handset itself allows), handsets in parallel up to a limit, progress events,
 * cancel and timeouts. Plans and interlocks are checked for every handset before any
 * operation is queued, so a refused request leaves nothing half-started.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { OperationSummary } from '../../ipc/contract.js';
import type { AuditLog } from '../audit/index.js';
import type { HandsetRegistry } from '../handsets/registry.js';
import { SerialQueue } from '../handsets/serial-queue.js';
import type { SettingsStore } from '../settings/index.js';
import type { Vault } from '../vault/index.js';
import { OperationError } from './errors.js';
import { checkInterlock } from './interlock.js';
import { Operation } from './operation.js';
import type { OperationRequest } from './operation.js';
import { planOperation } from './plan.js';
import type { OperationPlan } from './plan.js';
import { runOperation } from './run-operation.js';
import type { RunContext } from './run-operation.js';
import type { UploadReceiver } from './upload-receiver.js';

/** Options of {@link OperationRunner}. */
export interface RunnerOptions {
  readonly registry: HandsetRegistry;
  readonly audit: AuditLog;
  readonly vault: Vault;
  readonly settings: SettingsStore;
  readonly uploads?: UploadReceiver;
  /** Operations running at once across handsets; default 24. */
  readonly concurrency?: number;
  /** LastOperation poll period over OBEX; default 500 ms. */
  readonly pollMs?: number;
  /** Longest wait for an operation's result; default 10 min. */
  readonly timeoutMs?: number;
  /** Progress of every operation (the gateway's `operations:progress`). */
  readonly onProgress?: (op: OperationSummary) => void;
}

/** See the module comment. */
export class OperationRunner {
  readonly #opts: RunnerOptions;
  readonly #ops = new Map<string, Operation>();
  readonly #queues = new Map<string, SerialQueue>();
  readonly #ctx: RunContext;
  #running = 0;
  readonly #slots: (() => void)[] = [];
  /** Resolves when the latest operation to start may start (see {@link #turn}). */
  #startGate: Promise<void> = Promise.resolve();

  constructor(options: RunnerOptions) {
    this.#opts = options;
    this.#ctx = {
      registry: options.registry,
      audit: options.audit,
      vault: options.vault,
      settings: options.settings,
      uploads: options.uploads,
      pollMs: options.pollMs ?? 500,
      timeoutMs: options.timeoutMs ?? 600_000,
    };
  }

  /**
   * Queues `request` on every handset of `handsetIds` and returns their summaries at
   * once. Throws before queuing anything: `not-found` (unknown handset), `not-ready`
   * (not identified yet), `bad-selection`, `not-supported`, `interlock` (a wipe or factory
   * reset without a verified retrieval and without a waiver).
   */
  start(handsetIds: readonly string[], request: OperationRequest): OperationSummary[] {
    const { registry, settings, vault, audit } = this.#opts;
    const planned: { id: string; plan: OperationPlan }[] = [];
    for (const ref of new Set(handsetIds)) {
      const rec = registry.get(ref);
      if (rec.view === undefined)
        throw new OperationError(
          'not-ready',
          `${ref} is not identified yet (${rec.connection.state})`,
        );
      planned.push({ id: rec.id, plan: planOperation(request.operation, rec.view, request) });
    }
    for (const { id, plan } of planned) {
      checkInterlock(
        {
          vault,
          audit,
          operator: settings.value.operator,
          required: settings.value.requireRetrievalBeforeWipe,
          waiver: request.waiver,
        },
        registry.get(id),
        plan,
      );
    }
    return planned.map(({ id, plan }) => {
      const op = new Operation(
        randomUUID(),
        id,
        request,
        `cimo-${randomBytes(6).toString('hex')}`,
        (o) => this.#changed(o),
      );
      this.#ops.set(op.id, op);
      let q = this.#queues.get(id);
      if (q === undefined) this.#queues.set(id, (q = new SerialQueue()));
      void q.run(() => this.#run(op, plan));
      this.#changed(op);
      return op.summary();
    });
  }

  /** Cancels an operation: a queued one never starts; a running one stops waiting. */
  cancel(operationId: string): boolean {
    const op = this.#ops.get(operationId);
    if (op === undefined) throw new OperationError('not-found', `no operation ${operationId}`);
    if (op.isOver) return false;
    op.cancel();
    if (op.status === 'queued') op.update({ status: 'cancelled' });
    return true;
  }

  /** Operations, oldest first; with `handsetId`, only that handset's. */
  list(handsetId?: string): OperationSummary[] {
    return [...this.#ops.values()]
      .filter((o) => handsetId === undefined || o.handsetId === handsetId)
      .map((o) => o.summary());
  }

  /** One operation (tests, CLI). */
  get(operationId: string): Operation | undefined {
    return this.#ops.get(operationId);
  }

  /** Resolves when `operationId` is over, with its summary. */
  async settled(operationId: string): Promise<OperationSummary> {
    const op = this.#ops.get(operationId);
    if (op === undefined) throw new OperationError('not-found', `no operation ${operationId}`);
    while (!op.isOver) await new Promise((r) => setTimeout(r, 50));
    return op.summary();
  }

  async #run(op: Operation, plan: OperationPlan): Promise<void> {
    if (op.isCancelled || op.isOver) return;
    await this.#acquire();
    try {
      await this.#turn();
      if (op.isCancelled) {
        op.update({ status: 'cancelled' });
        return;
      }
      this.#opts.registry.setActiveOperation(op.handsetId, op.summary());
      await runOperation(op, plan, this.#ctx);
    } finally {
      this.#opts.registry.setActiveOperation(op.handsetId, undefined);
      this.#release();
    }
  }

  async #acquire(): Promise<void> {
    const max = this.#opts.concurrency ?? 24;
    if (this.#running < max) {
      this.#running++;
      return;
    }
    await new Promise<void>((r) => this.#slots.push(r));
  }

  /**
   * Spreads the starts of operations queued together over turns of the event loop, one
   * each. An operation's start is synchronous work — the audit `begin`, committed and
   * fsynced before anything is sent — and `--all` over 16 handsets used to run all 16 in
   * one go, blocking timers and sockets for the whole burst. Each start still writes its
   * own durable row before its handset is contacted; only the order of turns changes.
   */
  #turn(): Promise<void> {
    const mine = this.#startGate.then(() => new Promise<void>((r) => setImmediate(r)));
    this.#startGate = mine;
    return mine;
  }

  #release(): void {
    const next = this.#slots.shift();
    if (next !== undefined) next();
    else this.#running--;
  }

  #changed(op: Operation): void {
    const s = op.summary();
    if (!op.isOver && op.status !== 'queued')
      this.#opts.registry.setActiveOperation(op.handsetId, s);
    this.#opts.onProgress?.(s);
  }
}
