/**
 * Runs operations for Exec commands (CIMO-MO.md "Operation semantics"): one at a time,
 * asynchronously with a Correlator (202 at once, Generic Alert later) or synchronously
 * without, keeping `LastOperation` and `state.json` up to date as they go.
 */
import type { GenericAlert } from '../../protocol/session/index.js';
import type { HandsetStore } from '../data/types.js';
import type { PersistentAlertQueue } from './alert-queue.js';
import type { DeviceState, StateFile } from './device-state.js';
import { isInjectedCrash } from './errors.js';
import { OPERATIONS } from './operations.js';
import type { OperationContext } from './operations.js';

/** DM Status of an Exec refused because another operation is running: 417 Retry later. */
export const BUSY_STATUS = 417;

/**
 * The DM Status of a synchronous Exec (no Correlator) for a result code: 200 for a 12xx
 * success, 403 when the owner refused (1401), 405 for a system app (1421), 500 for any
 * other failure. The exact result is in `LastOperation/ResultCode`.
 */
export function execStatusFor(code: number): number {
  if (code >= 1200 && code < 1300) return 200;
  if (code === 1401) return 403;
  if (code === 1421) return 405;
  return 500;
}

/** What the runner needs of its handset. */
export interface RunnerHost {
  readonly mo: 'cimo' | 'lawmo';
  readonly alertType: string;
  readonly devId: string;
  readonly store: HandsetStore;
  readonly stateFile: StateFile;
  readonly alerts: PersistentAlertQueue;
  readonly retrieveRoot: string;
  readonly uploadRoot: string;
  readonly crashDuring: string | undefined;
  /** Kills the process (CLI) or throws `InjectedCrash` (tests). */
  readonly crash: (operation: string) => void;
  /** Console-writable tree leaves → state. */
  captureTree(): void;
  /** State → tree (device-owned leaves). */
  applyState(): void;
  /** State → tree, `LastOperation` only (what the runner itself changes). */
  applyLastOperation(): void;
  /** Store counts, sizes and apps → tree. */
  refreshData(): Promise<void>;
  /** The operation met an injected crash: the handset stops as if dead. */
  crashed(operation: string): void;
  ask(question: string): Promise<boolean>;
  show(text: string): void;
  log(line: string): void;
}

/** One Exec as the runner sees it. */
export interface ExecOrder {
  readonly operation: string;
  /** The Exec'd node (Source of the Generic Alert). */
  readonly uri: string;
  readonly correlator?: string | undefined;
  readonly serverId: string;
  /** True when the owner already confirmed (UI alert 1101) in this session. */
  readonly preConsented?: () => boolean;
}

/** Operations that remove data or apps (the others change only state). */
const CHANGES_DATA: ReadonlySet<string> = new Set(['Wipe', 'FactoryReset', 'Uninstall']);

/** Serializes operations and reports them. */
export class OperationRunner {
  private current: { readonly name: string; readonly done: Promise<unknown> } | undefined;
  private generated = 0;

  constructor(private readonly host: RunnerHost) {}

  /** Name of the running operation, if any. */
  get running(): string | undefined {
    return this.current?.name;
  }

  /** Resolves when no operation is running. */
  async idle(): Promise<void> {
    while (this.current !== undefined) await this.current.done.catch(() => undefined);
  }

  /**
   * Starts `order`: 417 while another runs; with a Correlator 202 at once (result by
   * Generic Alert), else the DM Status of the result ({@link execStatusFor}).
   */
  async exec(order: ExecOrder): Promise<number> {
    if (this.current !== undefined || OPERATIONS[order.operation] === undefined) {
      return this.current !== undefined ? BUSY_STATUS : 405;
    }
    const h = this.host;
    const work = this.start(order);
    this.current = { name: order.operation, done: work };
    void work.finally(() => (this.current = undefined)).catch(() => undefined);
    if (order.correlator !== undefined) {
      work.catch((e: unknown) => h.log(`${order.operation}: ${String(e)}`));
      return 202;
    }
    try {
      return execStatusFor(await work);
    } catch {
      return 500;
    }
  }

  private async start(order: ExecOrder): Promise<number> {
    const h = this.host;
    const name = order.operation;
    h.captureTree();
    const correlator = order.correlator ?? `sync-${Date.now().toString(36)}-${++this.generated}`;
    await this.setLast({
      name,
      correlator: order.correlator ?? '',
      status: 'running',
      resultCode: 0,
      progress: 0,
      manifest: '',
    });
    await h.stateFile.flush(); // `running` is on disk before any work is done
    const startState = h.stateFile.current;
    if (startState.config.notifyUser) h.show(`${name} requested by ${order.serverId}`);
    let lastPercent = 0;
    let crashed = false;
    const ctx: OperationContext = {
      operation: name,
      store: h.store,
      mo: h.mo,
      state: startState,
      correlator,
      serverId: order.serverId,
      devId: h.devId,
      retrieveRoot: h.retrieveRoot,
      uploadRoot: h.uploadRoot,
      now: () => new Date(),
      progress: (fraction) => {
        if (h.crashDuring === name && fraction > 0 && !crashed) {
          crashed = true;
          h.crash(name);
        }
        const percent = Math.max(0, Math.min(99, Math.floor(fraction * 100)));
        if (percent > lastPercent) {
          lastPercent = percent;
          this.noteProgress(percent);
        }
      },
      change: (fn) => {
        void h.stateFile.update(fn).catch(() => undefined);
        // Into the tree at once: a session capturing the tree meanwhile must not read
        // back the values this change replaced (e.g. Config before a FactoryReset).
        h.applyState();
      },
      consent: (q) => (order.preConsented?.() === true ? Promise.resolve(true) : h.ask(q)),
      // On disk with the result (finish), or within LAZY_WRITE_MS during an upload.
      setManifest: (xml) => this.noteLast({ manifest: xml }),
      log: (line) => h.log(line),
    };
    let code: number;
    try {
      code = await (OPERATIONS[name] as (c: OperationContext) => Promise<number>)(ctx);
    } catch (e) {
      if (isInjectedCrash(e)) {
        h.crashed(name);
        throw e;
      }
      throw e;
    }
    await this.finish(order, code);
    return code;
  }

  private async finish(order: ExecOrder, code: number): Promise<void> {
    const h = this.host;
    const ok = code >= 1200 && code < 1300;
    // Counts, sizes and apps change only when data went: Retrieve and the locks leave the
    // stores as they were (a listing of every file for nothing, on every such operation).
    if (CHANGES_DATA.has(order.operation))
      await h.refreshData().catch((e: unknown) => h.log(`refresh after ${order.operation}: ${e}`));
    // The result and its Generic Alert go to disk in one write (the alert is queued
    // before the write of the result has started).
    const written = this.setLast({
      status: ok ? 'done' : 'failed',
      resultCode: code,
      ...(ok ? { progress: 100 } : {}),
    });
    const s = h.stateFile.current;
    if (ok && s.state !== 30 && /Lock$/.test(order.operation)) {
      h.show(`locked${s.config.lockMessage === '' ? '' : `: ${s.config.lockMessage}`}`);
    }
    if (order.correlator !== undefined) h.alerts.push(operationAlert(h, order, code));
    h.log(`${order.operation} finished with ${code}`);
    await written;
    await h.stateFile.flush();
  }

  private setLast(change: Partial<DeviceState['lastOperation']>): Promise<void> {
    const p = this.host.stateFile.update((s) => ({
      ...s,
      lastOperation: { ...s.lastOperation, ...change },
    }));
    this.host.applyLastOperation();
    return p;
  }

  /** Progress is in the tree at once and on disk soon (a crash may lose the last steps). */
  private noteProgress(progress: number): void {
    this.noteLast({ progress });
  }

  /** A `LastOperation` change that is in the tree at once and on disk soon. */
  private noteLast(change: Partial<DeviceState['lastOperation']>): void {
    this.host.stateFile.note((s) => ({ ...s, lastOperation: { ...s.lastOperation, ...change } }));
    this.host.applyLastOperation();
  }
}

/** The OperationComplete Generic Alert for a result. */
export function operationAlert(
  host: Pick<RunnerHost, 'alertType'>,
  order: Pick<ExecOrder, 'uri' | 'correlator'>,
  code: number,
): GenericAlert {
  return {
    ...(order.correlator !== undefined ? { correlator: order.correlator } : {}),
    source: order.uri,
    type: host.alertType,
    format: 'int',
    data: String(code),
  };
}
