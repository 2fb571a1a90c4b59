/**
 * The handset's changing state (`<dir>/state.json`): what the console set (ToBe* flags,
 * Config), what operations did (State, Locked, LastOperation), the Generic Alerts still
 * to send and the DM nonces. Every change is written atomically, so a restart — even
 * after SIGKILL — finds the last complete state.
 */
import type { GenericAlert } from '../../protocol/session/index.js';
import { readJson, writeFileAtomic } from './atomic-file.js';
import { HandsetDirError } from './errors.js';

/** `LastOperation/Status`. */
export type OperationStatus = 'idle' | 'running' | 'done' | 'failed';

/** `LastOperation/*` (also kept for LAWMO handsets, whose tree has no such node). */
export interface LastOperationState {
  readonly name: string;
  readonly correlator: string;
  readonly status: OperationStatus;
  /** 0 until the operation ends. */
  readonly resultCode: number;
  /** 0..100. */
  readonly progress: number;
  /** Retrieve only: the manifest XML. */
  readonly manifest: string;
}

/** Selection flags of one information item. */
export interface ItemSelectors {
  readonly toBeLocked: boolean;
  readonly toBeWiped: boolean;
  readonly toBeRetrieved: boolean;
}

/** `Config/*` (LAWMO: only `notifyUser`). */
export interface ConfigState {
  readonly notifyUser: boolean;
  readonly lockMessage: string;
  readonly consentRequired: boolean;
  readonly retrieveTarget: string;
}

/** The content of `state.json`. */
export interface DeviceState {
  readonly version: 1;
  /** `State`: 10 fully locked, 20 partially locked, 30 unlocked. */
  readonly state: 10 | 20 | 30;
  /** Ids of the items whose `Locked` is true. */
  readonly locked: readonly string[];
  readonly items: Readonly<Record<string, ItemSelectors>>;
  /** `AppList/<id>/ToBeUninstalled`. */
  readonly apps: Readonly<Record<string, boolean>>;
  readonly config: ConfigState;
  readonly lastOperation: LastOperationState;
  /** Generic Alerts not yet accepted by the console, oldest first. */
  readonly alerts: readonly GenericAlert[];
  /** Base64: the nonce the console gave us (CLCRED) and the one we gave it (SRVCRED). */
  readonly nonces: { readonly client: string; readonly server: string };
}

/** Config of a new (or factory-reset) handset. */
export const DEFAULT_CONFIG: ConfigState = {
  notifyUser: true,
  lockMessage: '',
  consentRequired: false,
  retrieveTarget: 'local',
};

/** The state of a new handset: unlocked, nothing selected, no operation yet. */
export function initialState(): DeviceState {
  return {
    version: 1,
    state: 30,
    locked: [],
    items: {},
    apps: {},
    config: DEFAULT_CONFIG,
    lastOperation: {
      name: '',
      correlator: '',
      status: 'idle',
      resultCode: 0,
      progress: 0,
      manifest: '',
    },
    alerts: [],
    nonces: { client: '', server: '' },
  };
}

/** Reads and checks `state.json` (shape, not every value). */
export async function loadState(path: string): Promise<DeviceState> {
  const raw = await readJson(path);
  const o = raw as Partial<Record<keyof DeviceState, unknown>> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    o.version === 1 &&
    (o.state === 10 || o.state === 20 || o.state === 30) &&
    Array.isArray(o.locked) &&
    typeof o.items === 'object' &&
    typeof o.apps === 'object' &&
    typeof o.config === 'object' &&
    typeof o.lastOperation === 'object' &&
    Array.isArray(o.alerts) &&
    typeof o.nonces === 'object';
  if (!ok) throw new HandsetDirError(path, 'malformed', 'not a handset state file');
  const base = initialState();
  const s = raw as DeviceState;
  // Fields added later default to their initial values.
  return {
    ...base,
    ...s,
    config: { ...base.config, ...s.config },
    lastOperation: { ...base.lastOperation, ...s.lastOperation },
  };
}

/** At the latest this long after {@link StateFile.note}, the noted change is on disk. */
export const LAZY_WRITE_MS = 1000;

/**
 * The state in memory and on disk. `update` changes the in-memory state at once and
 * schedules a write; writes are serialized and coalesced (a burst of updates costs at
 * most two writes), and `flush` waits until what is in memory is on disk. After
 * `stop()` (close, or an injected crash) nothing more is written.
 */
export class StateFile {
  private value: DeviceState;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private stopped = false;
  private lazy: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly path: string,
    initial: DeviceState,
  ) {
    this.value = initial;
  }

  /** The current state (an immutable snapshot). */
  get current(): DeviceState {
    return this.value;
  }

  /** Applies `change` and schedules the write; resolves when it is on disk. */
  update(change: (s: DeviceState) => DeviceState): Promise<void> {
    this.value = change(this.value);
    return this.schedule();
  }

  /**
   * Applies a change that need not be on disk at once (an operation's progress): it is
   * written with the next {@link update} or {@link flush}, or within
   * {@link LAZY_WRITE_MS} at the latest. A handset reports progress up to 100 times per
   * operation; writing (and fsyncing) the state file for each cost a bench of 16
   * simulated handsets more CPU than all their DM sessions.
   */
  note(change: (s: DeviceState) => DeviceState): void {
    this.value = change(this.value);
    if (this.stopped || this.dirty || this.lazy !== undefined) return;
    this.lazy = setTimeout(() => {
      this.lazy = undefined;
      void this.schedule().catch(() => undefined);
    }, LAZY_WRITE_MS);
    this.lazy.unref();
  }

  /** Resolves once everything updated so far is on disk. */
  flush(): Promise<void> {
    return this.dirty || this.lazy !== undefined ? this.schedule() : this.writing;
  }

  /** Stops writing: later updates change only memory. */
  stop(): void {
    this.stopped = true;
    this.cancelLazy();
  }

  private cancelLazy(): void {
    if (this.lazy === undefined) return;
    clearTimeout(this.lazy);
    this.lazy = undefined;
  }

  private schedule(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.cancelLazy(); // the write below takes the noted changes along
    if (this.dirty) return this.writing;
    this.dirty = true;
    // A failed write must not block later ones: chain on the settled previous write.
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        this.dirty = false;
        if (this.stopped) return;
        await writeFileAtomic(this.path, JSON.stringify(this.value, null, 1) + '\n');
      });
    return this.writing;
  }
}
