/** One operation on one handset as the runner tracks it, and its contract summary. */
import type { OperationKind, OperationStatus, OperationSummary } from '../../ipc/contract.js';
import { OperationError } from './errors.js';

/** What the operator asked for one handset. */
export interface OperationRequest {
  readonly operation: OperationKind;
  readonly items?: readonly string[];
  readonly apps?: readonly string[];
  readonly waiver?: { readonly reason: string };
  readonly consent?: 'handset' | 'ui-alert' | 'not-required';
}

/** Mutable state of one operation; `changed` is called after every change. */
export class Operation {
  status: OperationStatus = 'queued';
  progress = 0;
  resultCode: number | undefined;
  resultText: string | undefined;
  error: { step: string; message: string } | undefined;
  verification: string | undefined;
  auditId: number | undefined;
  retrievalId: string | undefined;
  /** True once the Exec may have reached the handset (never send it again then). */
  execSent = false;
  readonly #cancel: { promise: Promise<never>; reject: (e: Error) => void };
  #cancelled = false;

  constructor(
    readonly id: string,
    readonly handsetId: string,
    readonly request: OperationRequest,
    readonly correlator: string,
    private readonly changed: (op: Operation) => void,
  ) {
    let reject: (e: Error) => void = () => undefined;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined);
    this.#cancel = { promise, reject };
  }

  /** Rejects when the operator cancels (for races against waits). */
  get cancelled(): Promise<never> {
    return this.#cancel.promise;
  }

  get isCancelled(): boolean {
    return this.#cancelled;
  }

  /** True when the operation has ended one way or another. */
  get isOver(): boolean {
    return ['done', 'failed', 'cancelled', 'interrupted'].includes(this.status);
  }

  cancel(): void {
    if (this.#cancelled || this.isOver) return;
    this.#cancelled = true;
    this.#cancel.reject(new OperationError('cancelled', `operation ${this.id} cancelled`));
  }

  update(
    change: Partial<
      Pick<
        Operation,
        'status' | 'progress' | 'resultCode' | 'resultText' | 'error' | 'verification'
      >
    >,
  ): void {
    Object.assign(this, change);
    this.changed(this);
  }

  summary(): OperationSummary {
    return {
      id: this.id,
      handsetId: this.handsetId,
      operation: this.request.operation,
      status: this.status,
      progress: this.progress,
      ...(this.resultCode === undefined ? {} : { resultCode: this.resultCode }),
      ...(this.resultText === undefined ? {} : { resultText: this.resultText }),
      ...(this.error === undefined ? {} : { error: this.error }),
      ...(this.verification === undefined ? {} : { verification: this.verification }),
    };
  }
}
