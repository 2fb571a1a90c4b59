/**
 * Exec on the handset: executors registered by node URI, and the queue of Generic Alerts
 * (1226) that report asynchronous results in a later session (PROTOCOL-FACTS §1.3, §1.8;
 * CIMO-MO.md "Operation semantics").
 */

/** What an Exec asks of an executor. */
export interface ExecRequest {
  /** Canonical URI of the Exec'd node. */
  readonly uri: string;
  /** The Exec item's data, as text (empty when absent). */
  readonly data: string;
  /** The Exec's Correlator, when the server sent one. */
  readonly correlator?: string;
  /** The server that asked. */
  readonly serverId: string;
}

/**
 * A Generic Alert to send: the async result of an Exec. `source` is the Exec'd node,
 * `type` e.g. `urn:oma:at:cimo:1.0:OperationComplete`, `format` e.g. `int`, `data` the
 * result code as text.
 */
export interface GenericAlert {
  readonly correlator?: string;
  readonly source?: string;
  readonly type: string;
  readonly format: string;
  readonly mark?: string;
  readonly data: string;
}

/**
 * An executor answers at once with a Status code: 200 (done), an error code, or 202
 * (accepted) — then it calls `complete` later, which queues the Generic Alert for the
 * next session.
 */
export type Executor = (
  request: ExecRequest,
  complete: (alert: GenericAlert) => void,
) => number | Promise<number>;

/**
 * Generic Alerts waiting to be sent. A handset persists `items` (plain data) and hands
 * the queue to its next session; an alert leaves the queue when the server answers it
 * with a 2xx Status.
 */
export class GenericAlertQueue {
  private readonly list: GenericAlert[];

  constructor(items: readonly GenericAlert[] = []) {
    this.list = [...items];
  }

  /** The waiting alerts, oldest first. */
  get items(): readonly GenericAlert[] {
    return [...this.list];
  }

  push(alert: GenericAlert): void {
    this.list.push(alert);
  }

  /** Removes `alert` (by identity) once the server accepted it. */
  remove(alert: GenericAlert): void {
    const i = this.list.indexOf(alert);
    if (i >= 0) this.list.splice(i, 1);
  }
}

/** Executors by canonical node URI (e.g. `./CIMO/Operations/Wipe`). */
export class ExecutorRegistry {
  private readonly map = new Map<string, Executor>();

  register(uri: string, executor: Executor): this {
    this.map.set(uri, executor);
    return this;
  }

  find(uri: string): Executor | undefined {
    return this.map.get(uri);
  }
}
