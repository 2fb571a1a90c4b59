/**
 * A reference handset: its identity, DM tree, persisted state, operations, lock
 * enforcement and the OBEX services it offers — everything but the links, which the
 * `cimo-handset` CLI puts in front of it (see README.md in this folder).
 */
import { mkdir } from 'node:fs/promises';
import { fromBase64, toBase64 } from '../../protocol/bytes/base64.js';
import { clientHandler } from '../../protocol/session/index.js';
import type { ClientSessionEvent, DmAccount } from '../../protocol/session/index.js';
import type { ObexService } from '../../protocol/obex/service.js';
import type { FileStore } from '../../protocol/obex/file-store.js';
import type { DmTree } from '../../protocol/tree/index.js';
import { ObexDmService } from '../../native-bridge/dm/obex-dm-service.js';
import { openHandsetStore } from '../data/index.js';
import type { HandsetStore } from '../data/types.js';
import { PersistentAlertQueue } from './alert-queue.js';
import { Consent } from './consent.js';
import type { AskOwner, ConsentPolicy } from './consent.js';
import { loadState, StateFile } from './device-state.js';
import type { DeviceState, LastOperationState } from './device-state.js';
import { baseTree, bindingFor, DMACC_ACCOUNT } from './device-tree.js';
import { HandsetClosedError, InjectedCrash } from './errors.js';
import { HandsetFileStore, HandsetFolderService } from './folder-view.js';
import type { HandsetSession } from './handset-session.js';
import { accountsOf, createHandsetSession } from './session-factory.js';
import type { NewSessionOptions } from './session-factory.js';
import { loadIdentity } from './identity.js';
import type { HandsetIdentity } from './identity.js';
import type { DataSnapshot, MoBinding } from './mo-binding.js';
import { OperationRunner } from './operation-runner.js';
import { PERSONAS } from './persona.js';
import type { Persona } from './persona.js';
import { handsetPaths } from './paths.js';
import { recoverInterrupted } from './recovery.js';
import { shredPartialRetrievals } from './retrieval.js';

/** Options of {@link Handset.open}. */
export interface HandsetOptions {
  /** The handset directory (made by `createHandset`). */
  readonly dir: string;
  /** The data store; default `openHandsetStore(<dir>/data)`. */
  readonly store?: HandsetStore;
  /** Owner consent policy for destructive operations and UI alert 1101; default `always`. */
  readonly consent?: ConsentPolicy;
  /** Used by the `ask` policy (the CLI: a terminal prompt). Without it, `ask` refuses. */
  readonly askOwner?: AskOwner;
  /** Crash (see `crash`) part-way through this operation (`Wipe`, `FactoryReset`, …). */
  readonly crashDuring?: string;
  /**
   * How to crash: default SIGKILL to this process. Tests may throw `InjectedCrash`: the
   * operation is abandoned and the handset stops writing, as if the process had died.
   */
  readonly crash?: (operation: string) => void;
  /** Diagnostics, one line each. */
  readonly log?: (line: string) => void;
  /** What the owner would see on the screen (notices, lock message); default `log`. */
  readonly show?: (text: string) => void;
}

/** What `status()` reports (for the CLI's `status` and table). */
export interface HandsetStatus {
  readonly dir: string;
  readonly devId: string;
  readonly persona: string;
  /** 10 / 20 / 30. */
  readonly state: number;
  readonly locked: readonly string[];
  /** Shown on the lock screen while State is not 30. */
  readonly lockMessage: string;
  readonly lastOperation: LastOperationState;
  readonly queuedAlerts: number;
  /** The operation running now, if any. */
  readonly running: string | undefined;
}

export type { NewSessionOptions } from './session-factory.js';

/** One reference handset, opened from its directory. */
export class Handset {
  readonly tree: DmTree;
  readonly persona: Persona;
  readonly alerts: PersistentAlertQueue;
  private readonly binding: MoBinding;
  private readonly stateFile: StateFile;
  private readonly runner: OperationRunner;
  private readonly consent: Consent;
  private readonly files: HandsetFileStore;
  private readonly log: (line: string) => void;
  private readonly show: (text: string) => void;
  private data: DataSnapshot = { items: [], stats: new Map(), apps: [] };
  private closed = false;
  /** `tree.changes` when the tree last matched the state (see {@link captureTree}). */
  private seenChanges = -1;

  private constructor(
    readonly dir: string,
    readonly identity: HandsetIdentity,
    readonly store: HandsetStore,
    state: DeviceState,
    options: HandsetOptions,
  ) {
    const paths = handsetPaths(dir);
    this.persona = PERSONAS[identity.persona];
    this.binding = bindingFor(this.persona);
    this.log = options.log ?? (() => undefined);
    this.show = options.show ?? ((t) => this.log(`screen: ${t}`));
    this.stateFile = new StateFile(paths.state, state);
    this.alerts = new PersistentAlertQueue(state.alerts, (alerts, change) => {
      const next = (s: DeviceState): DeviceState => ({ ...s, alerts: [...alerts] });
      // A new result is written at once. An alert the console accepted is written with the
      // next write, within LAZY_WRITE_MS: lost in a crash, it is only sent again.
      if (change === 'remove') this.stateFile.note(next);
      else void this.stateFile.update(next).catch(() => undefined);
    });
    this.tree = baseTree(identity, this.persona, {
      client: fromBase64(state.nonces.client),
      server: fromBase64(state.nonces.server),
    });
    this.consent = new Consent(options.consent ?? 'always', options.askOwner);
    this.files = new HandsetFileStore({
      store,
      retrieveRoot: paths.retrieve,
      isFullyLocked: () => this.stateFile.current.state === 10,
      isItemLocked: (id) => this.stateFile.current.locked.includes(id),
    });
    const crash =
      options.crash ??
      ((op: string) => {
        this.log(`crashing during ${op} (SIGKILL)`);
        process.kill(process.pid, 'SIGKILL');
      });
    this.runner = new OperationRunner({
      mo: this.persona.mo,
      alertType: this.persona.alertType,
      devId: identity.devId,
      store,
      stateFile: this.stateFile,
      alerts: this.alerts,
      retrieveRoot: paths.retrieve,
      uploadRoot: paths.upload,
      crashDuring: options.crashDuring,
      crash,
      captureTree: () => this.captureTree(),
      applyState: () => this.applyState(),
      applyLastOperation: () =>
        this.ownChange(() => this.binding.applyLastOperation(this.tree, this.stateFile.current)),
      refreshData: () => this.refresh(),
      crashed: (op) => this.die(op),
      ask: (q) => this.consent.ask(q),
      show: (t) => this.show(t),
      log: (l) => this.log(l),
    });
  }

  /**
   * Opens the handset in `options.dir`: reads identity and state, opens the store, builds
   * the tree. An operation that was `running` when the handset last stopped (a crash)
   * becomes `failed` with its failure code, and its Generic Alert is queued.
   * `HandsetDirError` when the directory is not a handset.
   */
  static async open(options: HandsetOptions): Promise<Handset> {
    const paths = handsetPaths(options.dir);
    const identity = await loadIdentity(paths.identity);
    const state = recoverInterrupted(
      await loadState(paths.state),
      PERSONAS[identity.persona],
      options.log,
    );
    await mkdir(paths.retrieve, { recursive: true });
    await mkdir(paths.upload, { recursive: true });
    await shredPartialRetrievals(paths.retrieve, paths.upload);
    const store = options.store ?? (await openDefaultStore(paths.data));
    const h = new Handset(paths.dir, identity, store, state, options);
    h.data = await h.snapshot();
    h.binding.build(h.tree, h.data, identity.server.serverId);
    h.applyState();
    await h.stateFile.update((s) => s); // the recovery, if any, is on disk
    return h;
  }

  /** Where the MO sits (`./CIMO` or `./LAWMO`). */
  get moRoot(): string {
    return this.binding.root;
  }

  /** The current persisted state (a snapshot). */
  get state(): DeviceState {
    return this.stateFile.current;
  }

  /** A summary for the CLI. */
  status(): HandsetStatus {
    const s = this.stateFile.current;
    return {
      dir: this.dir,
      devId: this.identity.devId,
      persona: this.persona.name,
      state: s.state,
      locked: s.locked,
      lockMessage: s.state === 30 ? '' : s.config.lockMessage,
      lastOperation: s.lastOperation,
      queuedAlerts: s.alerts.length,
      running: this.runner.running,
    };
  }

  /**
   * A DM client session with this handset's tree, executors, alert queue, credentials and
   * persona limits. Hand it to `clientHandler` (OBEX/in-memory) or `runClient` (HTTP).
   * Each session has its own UI consent: a 1101 the owner confirmed counts as consent
   * for the next destructive Exec of that session.
   */
  newClientSession(options: NewSessionOptions = {}): HandsetSession {
    this.assertOpen();
    return createHandsetSession(
      {
        tree: this.tree,
        identity: this.identity,
        persona: this.persona,
        binding: this.binding,
        alerts: this.alerts,
        consent: this.consent,
        nonces: () => this.stateFile.current.nonces,
        isClosed: () => this.closed,
        exec: (order) => this.runner.exec(order),
        show: (t) => this.show(t),
        onEvent: (e) => this.onSessionEvent(e),
        afterPackage: () => this.captureTree(),
      },
      options,
    );
  }

  /**
   * The accounts a console needs to talk to this handset now (for `ServerSession`
   * options: `clientAccount` = what we present, `credentials` = what we expect), with the
   * nonces in force; undefined for auth type `none`.
   */
  consoleAccounts(): { clientAccount: DmAccount; credentials: DmAccount } | undefined {
    const a = accountsOf(this.identity, this.stateFile.current.nonces);
    return a === undefined ? undefined : { clientAccount: a.client, credentials: a.server };
  }

  /** The lock-aware, read-only Folder Browsing view (for `hostFolderOverTcp` & co). */
  fileStore(): FileStore {
    return this.files;
  }

  /**
   * Fresh OBEX services for one link: Folder Browsing (lock-aware; Connect refused while
   * fully locked) and SYNCML-DM (each session a {@link newClientSession}). Call once per
   * link: the services keep per-connection state.
   */
  obexServices(options: { serverUri?: string; onSessionEnd?: () => void } = {}): ObexService[] {
    return [
      new HandsetFolderService({
        files: this.files,
        isFullyLocked: () => this.stateFile.current.state === 10,
      }),
      new ObexDmService({
        openSession: () =>
          clientHandler(
            this.newClientSession({ serverUri: options.serverUri ?? 'obex:SYNCML-DM' }),
          ),
        log: (l) => this.log(l),
        ...(options.onSessionEnd === undefined ? {} : { onSessionEnd: options.onSessionEnd }),
      }),
    ];
  }

  /**
   * Runs an operation as an Exec from the console would (same rules, consent and
   * reporting); for the CLI and tests. Returns the DM Status the Exec would get.
   */
  execute(
    operation: string,
    options: { correlator?: string; serverId?: string } = {},
  ): Promise<number> {
    this.assertOpen();
    const uri = this.binding.operationUri(operation);
    if (uri === undefined) return Promise.resolve(404);
    return this.runner.exec({
      operation,
      uri,
      correlator: options.correlator,
      serverId: options.serverId ?? this.identity.server.serverId,
    });
  }

  /** Resolves when no operation is running. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Re-reads counts, sizes and apps from the store into the tree. */
  async refresh(): Promise<void> {
    this.data = await this.snapshot();
    this.applyState();
  }

  /** Waits for the running operation to finish and its state to be on disk; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.runner.idle();
    this.captureTree();
    await this.stateFile.flush();
    this.closed = true;
    this.stateFile.stop();
  }

  private onSessionEvent(e: ClientSessionEvent): void {
    const key = e.type === 'client-nonce' ? 'client' : 'server';
    const b64 = toBase64(e.nonce);
    const node = `./DMAcc/${DMACC_ACCOUNT}/AppAuth/${key === 'client' ? 'CLCRED' : 'SRVCRED'}/AAuthData`;
    if (this.tree.has(node)) this.tree.replace(node, b64);
    // Written with the next write, within LAZY_WRITE_MS (not once per DM package: nonces
    // change in nearly every package, and a bench of 16 simulated handsets spent more on
    // those writes than on anything else in a session). Lost in a crash, the nonces are
    // resynchronised by the next session's challenge, as after a restore from a backup.
    this.stateFile.note((s) => ({ ...s, nonces: { ...s.nonces, [key]: b64 } }));
  }

  private async snapshot(): Promise<DataSnapshot> {
    const items = this.store.items();
    const stats = new Map(
      await Promise.all(items.map(async (i) => [i.id, await this.store.stats(i.id)] as const)),
    );
    return { items, stats, apps: await this.store.apps() };
  }

  /**
   * After each DM package (and before an operation starts): the console's changes of the
   * tree (selections, Config) into the state, written at once when there are any — with
   * whatever was noted meanwhile (nonces, accepted alerts).
   */
  private captureTree(): void {
    if (this.closed) return;
    this.captureChanges();
  }

  private captureChanges(): void {
    // Only the console's changes matter here; the handset's own (applyState) are noted
    // as seen below, so a package that changed nothing costs no reading of the leaves.
    if (this.tree.changes === this.seenChanges) return;
    this.seenChanges = this.tree.changes;
    const before = this.stateFile.current;
    const after = this.binding.capture(this.tree, before);
    const key = (s: DeviceState) => JSON.stringify([s.items, s.apps, s.config]);
    if (key(after) !== key(before)) {
      void this.stateFile.update(() => after).catch((e: unknown) => this.log(`state: ${e}`));
    }
  }

  private applyState(): void {
    this.ownChange(() =>
      this.binding.apply(
        this.tree,
        this.data,
        this.stateFile.current,
        this.identity.server.serverId,
      ),
    );
  }

  /** Runs a change of the handset's own; it counts as seen unless a console change waits. */
  private ownChange(change: () => void): void {
    const pending = this.tree.changes !== this.seenChanges;
    change();
    if (!pending) this.seenChanges = this.tree.changes;
  }

  private die(operation: string): void {
    this.log(`${new InjectedCrash(operation).message}: the handset stops here`);
    this.closed = true;
    this.stateFile.stop();
  }

  private assertOpen(): void {
    if (this.closed) throw new HandsetClosedError(this.dir);
  }
}

function openDefaultStore(root: string): Promise<HandsetStore> {
  return openHandsetStore(root);
}
