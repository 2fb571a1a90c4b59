/**
 * The handset registry: every handset the console can reach — from the device watcher
 * (serial, USB, configured OBEX-over-TCP endpoints) and from HTTP DM clients calling in
 * — with its connection state machine:
 *
 *   attached → connecting → identifying → ready ⇄ busy → detached
 *                   └──────────┴────────────┴──→ failed (step, message, hint)
 *
 * A failed handset is retried by the next use (an operation, a refresh, `connect`).
 * Sessions go through {@link HandsetRegistry.session}, which builds the account from the
 * settings, keeps the state current and reports Generic Alerts to listeners.
 */
import { EventEmitter } from 'node:events';
import type { CandidateDevice } from '../../../native-bridge/watch/candidate.js';
import type { DeviceWatcher } from '../../../native-bridge/watch/device-watcher.js';
import type {
  AlertItem,
  ServerSession,
  ServerSessionEvent,
} from '../../../protocol/session/index.js';
import type {
  HandsetDetail,
  HandsetSummary,
  LinkKind,
  OperationSummary,
  PackedTree,
} from '../../ipc/contract.js';
import { ServiceError } from '../../ipc/gateway.js';
import type { NonceStore, SettingsStore } from '../settings/index.js';
import type { SessionAuth, SessionScript } from './channel.js';
import { classifyFailure } from './failure.js';
import { HandsetRecord } from './handset-record.js';
import type { VerifiedLookup } from './handset-record.js';
import { HttpChannel } from './http-channel.js';
import { locateMo, readIdentity, readMo } from './identify.js';
import type { MoView } from './mo-view.js';
import { fetchTree } from './tree-read.js';
import type { FetchedTree } from './tree-read.js';
import { keepTree } from './tree-snapshot.js';
import type { KeptTree } from './tree-snapshot.js';
import { ObexChannel } from './obex-channel.js';
import { openLink } from './open-link.js';
import { sessionAuth } from './session-auth.js';
import type { TraceStore } from './trace-store.js';

/** A Generic Alert a handset delivered, with the handset it came from. */
export interface HandsetAlert {
  readonly handsetId: string;
  readonly correlator?: string;
  readonly items: readonly AlertItem[];
}

/** Events of the registry. */
export interface RegistryEvents {
  /** Anything in the list changed (state, identity, counts). */
  changed: [];
  /** A Generic Alert arrived (operation results). */
  alert: [alert: HandsetAlert];
  /** A handset finished identification (first time or after a reconnect). */
  identified: [handset: HandsetRecord];
}

/** Options of {@link HandsetRegistry}. */
export interface RegistryOptions {
  readonly settings: SettingsStore;
  readonly nonces: NonceStore;
  readonly trace: TraceStore;
  /** Newest verified retrieval of an item, for the detail view (the vault). */
  readonly verified?: VerifiedLookup;
  /** Wait for each DM reply; default 120 s (handsets may be paced and busy). */
  readonly replyTimeoutMs?: number;
  /** How long a script waits for an HTTP handset to call in; default 60 s. */
  readonly callInTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Pack each MO subtree read for the tree browser soon after reading it (off the
   * session's path), so its first open finds it ready. Default true; the CLI, which
   * shows no tree, turns it off.
   */
  readonly prepackTrees?: boolean;
  /**
   * Keep the session that identified a handset open this long for what comes next (see
   * `SessionEnd`). Default 0; the CLI, which acts on a handset right after identifying
   * it, sets it so that a command costs the handset one DM session instead of two.
   */
  readonly identifyLingerMs?: number;
}

const LINK_OF: Readonly<Record<CandidateDevice['kind'], LinkKind>> = {
  'usb-cdc-obex': 'usb',
  'usb-acm-modem': 'usb',
  serial: 'serial',
  rfcomm: 'rfcomm',
  tcp: 'tcp',
};

/** See the module comment. */
export class HandsetRegistry extends EventEmitter<RegistryEvents> {
  readonly #records = new Map<string, HandsetRecord>();
  readonly #opts: RegistryOptions;
  readonly #replyMs: number;

  constructor(options: RegistryOptions) {
    super();
    this.#opts = options;
    this.#replyMs = options.replyTimeoutMs ?? 120_000;
  }

  /** Every handset, in the order they appeared. */
  list(): HandsetSummary[] {
    return [...this.#records.values()].map((r) => r.summary());
  }

  /** The record `ref` names (id, IMEI, DevId or link), else undefined. */
  find(ref: string): HandsetRecord | undefined {
    const direct = this.#records.get(ref) ?? this.#records.get(`http:${ref}`);
    if (direct !== undefined) return direct;
    return [...this.#records.values()].find((r) => r.matches(ref));
  }

  /** The record `ref` names; `ServiceError('not-found')` otherwise. */
  get(ref: string): HandsetRecord {
    const r = this.find(ref);
    if (r === undefined) throw new ServiceError('not-found', `no handset ${ref}`);
    return r;
  }

  detail(ref: string): HandsetDetail {
    return this.get(ref).detail(this.#opts.verified);
  }

  /** Follows `watcher`: attach → add and connect, detach → detach. Returns the unsubscribe. */
  follow(watcher: DeviceWatcher): () => void {
    // A serial port with no USB identity that nobody configured is a built-in UART
    // (ttyS0…), not a handset: probing it would only show a confusing failure.
    const wanted = (d: CandidateDevice): boolean =>
      !(d.kind === 'serial' && d.reason === 'serial port (no USB identity)');
    const onAttach = (d: CandidateDevice): void => {
      if (wanted(d)) void this.addDevice(d);
    };
    const onDetach = (d: CandidateDevice): void => void this.detach(d.key);
    watcher.on('attach', onAttach);
    watcher.on('detach', onDetach);
    for (const d of watcher.devices()) if (wanted(d)) void this.addDevice(d);
    return () => {
      watcher.off('attach', onAttach);
      watcher.off('detach', onDetach);
    };
  }

  /**
   * Adds a device the watcher reported and connects to it (link, then identification in
   * a DM session). Resolves when it is ready or failed; never rejects.
   */
  async addDevice(d: CandidateDevice): Promise<HandsetRecord> {
    const old = this.#records.get(d.key);
    if (old !== undefined && !old.detached) return old;
    const channel = new ObexChannel({
      open: () => openLink(d),
      description: d.kind === 'tcp' ? `tcp ${d.label}` : `${d.kind} ${d.path ?? d.label}`,
      trace: this.#opts.trace,
    });
    const rec = new HandsetRecord(d.key, LINK_OF[d.kind], channel);
    if (old !== undefined) {
      rec.identity = old.identity;
      rec.view = old.view;
    }
    this.#records.set(d.key, rec);
    this.#changed();
    await this.connect(rec.id);
    return rec;
  }

  /** The device went away: state `detached`, link closed. Idempotent. */
  async detach(ref: string): Promise<void> {
    const rec = this.find(ref);
    if (rec === undefined || rec.detached) return;
    rec.detached = true;
    rec.tree = undefined;
    rec.connection = { state: 'detached' };
    this.#changed();
    await rec.channel.close();
  }

  /**
   * Connects (opens the link when it is an OBEX handset) and identifies. Resolves with
   * the record in state `ready` or `failed`; never rejects.
   */
  async connect(ref: string): Promise<HandsetRecord> {
    const rec = this.get(ref);
    if (rec.detached) return rec;
    try {
      if (rec.channel instanceof ObexChannel) {
        rec.connection = { state: 'connecting' };
        this.#changed();
        await rec.channel.connect();
      }
      await this.#identify(rec);
    } catch (e) {
      if (!rec.detached) rec.fail(classifyFailure(e));
      this.#changed();
    }
    return rec;
  }

  /**
   * Runs `script` in one DM session with the handset (state `busy` meanwhile). On
   * failure the handset goes to `failed` naming the step, and the error is rethrown.
   * A handset that is not identified yet is identified in the same session first.
   */
  async session<T>(ref: string, script: SessionScript<T>): Promise<T> {
    const rec = this.get(ref);
    if (rec.detached) throw new ServiceError('detached', `${rec.id} is detached`);
    if (rec.identity === undefined || rec.view === undefined) await this.#identify(rec);
    rec.sessions++;
    if (rec.connection.state === 'failed') rec.connection = { state: 'connecting' };
    this.#setState(rec);
    try {
      const out = await rec.channel.session(
        () => this.#auth(rec),
        (...turn: Parameters<SessionScript<T>>) => {
          rec.treeRevision++;
          return script(...turn);
        },
      );
      rec.sessions--;
      if (!rec.detached) rec.connection = { state: 'ready' };
      this.#setState(rec);
      return out;
    } catch (e) {
      rec.sessions--;
      if (!rec.detached) rec.fail(classifyFailure(e));
      this.#changed();
      throw e;
    }
  }

  /** Re-reads the MO (counts, locks, LastOperation); returns the new view. */
  async refresh(ref: string): Promise<MoView> {
    return (await this.session(ref, (s) => this.refreshIn(ref, s))).view;
  }

  /**
   * The handset's tree at `path` (default: its MO's root) for `handset:get-tree`. The
   * subtree read at identification, at the last refresh or by the last call is answered
   * from memory, packed once, while no DM session has started with the handset since
   * (any session may change the tree); `refresh` reads it again regardless.
   */
  async tree(
    ref: string,
    o: { readonly path?: string; readonly refresh?: boolean; readonly kept?: boolean } = {},
  ): Promise<PackedTree> {
    const rec = this.get(ref);
    const root = o.path ?? rec.view?.root ?? '.';
    const kept = rec.tree;
    if (o.refresh !== true && kept?.root === root && kept.revision === rec.treeRevision)
      return kept.packed;
    if (o.kept === true) {
      throw new ServiceError(
        'not-kept',
        `the console holds no current tree of ${rec.id} at ${root}`,
      );
    }
    let revision = 0;
    const tree = await this.session(ref, (s) => {
      revision = rec.treeRevision;
      return fetchTree(s, root);
    });
    return this.#keep(rec, root, revision, tree)?.packed ?? keepTree(root, revision, tree).packed;
  }

  /** Shows an operation on the handset's row (state `busy` while set). */
  setActiveOperation(ref: string, op: OperationSummary | undefined): void {
    const rec = this.find(ref);
    if (rec === undefined) return;
    rec.activeOperation = op;
    this.#setState(rec);
  }

  /**
   * A session an HTTP handset opened (the endpoint's `onSession`): finds or creates its
   * record by the DevId of package 1, makes the session with its account, identifies or
   * refreshes in it, and lets waiting scripts use it.
   */
  acceptHttp(devId: string, make: (auth: SessionAuth) => ServerSession): ServerSession {
    const r = this.addNetworkHandset(devId);
    const traceId = this.#opts.trace.open(r.id);
    let auth: SessionAuth;
    try {
      auth = sessionAuth({
        settings: this.#opts.settings,
        nonces: this.#opts.nonces,
        query: { devId, link: r.channel.description, model: r.model },
        traceId,
        replyTimeoutMs: this.#replyMs,
        onEvent: (e) => this.#onEvent(r, e),
      });
    } catch (e) {
      // No account: the session runs without one (the handset's authentication fails it)
      // and the row says what is missing.
      r.fail(classifyFailure(e));
      this.#changed();
      const session = make({
        options: { serverId: this.#opts.settings.value.serverId, replyTimeoutMs: this.#replyMs },
        serverPassword: '',
        pkg0Nonce: new Uint8Array(0),
        traceId,
        preferredEncoding: this.#opts.settings.value.defaultEncoding,
      });
      void session.close().catch(() => undefined);
      return session;
    }
    const session = make(auth);
    const channel = r.channel as HttpChannel;
    if (r.identity === undefined) {
      r.connection = { state: 'identifying' };
      this.#changed();
    }
    channel.accept(session, async (s) => {
      try {
        const revision = ++r.treeRevision;
        if (r.identity === undefined) r.identity = await readIdentity(s);
        const where = r.view ?? (await locateMo(s));
        const mo = await readMo(s, where);
        r.view = mo.view;
        this.#keep(r, where.root, revision, mo.tree);
        const first = r.connection.state !== 'ready' && r.connection.state !== 'busy';
        r.connection = { state: r.sessions > 0 ? 'busy' : 'ready' };
        this.#changed();
        if (first) this.emit('identified', r);
      } catch (e) {
        r.fail(classifyFailure(e));
        this.#changed();
      }
    });
    return session;
  }

  /**
   * The record of a network handset (HTTP DM client) by its DevId, created in state
   * `attached` when new: it becomes `ready` when the handset calls in (or is woken by a
   * package #0 when the settings know its address).
   */
  addNetworkHandset(devId: string): HandsetRecord {
    const id = `http:${devId}`;
    const old = this.#records.get(id);
    if (old !== undefined && !old.detached) return old;
    const channel = new HttpChannel({
      devId,
      wake: () => parseHostPort(this.#opts.settings.value.network.wake[devId]),
      ...(this.#opts.callInTimeoutMs === undefined
        ? {}
        : { callInTimeoutMs: this.#opts.callInTimeoutMs }),
    });
    const rec = new HandsetRecord(id, 'network', channel);
    if (old !== undefined) {
      rec.identity = old.identity;
      rec.view = old.view;
    }
    this.#records.set(id, rec);
    this.#changed();
    return rec;
  }

  /** Closes every link. */
  async close(): Promise<void> {
    await Promise.all([...this.#records.values()].map((r) => r.channel.close()));
  }

  async #identify(rec: HandsetRecord): Promise<void> {
    rec.connection = { state: 'identifying' };
    this.#changed();
    const out = await rec.channel.session(
      () => this.#auth(rec),
      async (s) => {
        const revision = ++rec.treeRevision;
        // The MO's first probe goes out in the identity's package (one round trip fewer);
        // a failure to identify is still the one reported.
        const identifying = readIdentity(s);
        const locating = locateMo(s);
        locating.catch(() => undefined);
        const identity = await identifying;
        const where = await locating;
        const { view, tree } = await readMo(s, where);
        return { identity, view, where, revision, tree };
      },
      { lingerMs: this.#opts.identifyLingerMs ?? 0 },
    );
    rec.identity = out.identity;
    rec.view = out.view;
    this.#keep(rec, out.where.root, out.revision, out.tree);
    rec.connection = { state: 'ready' };
    this.#changed();
    this.emit('identified', rec);
  }

  /**
   * Re-reads the MO inside a session already open with the handset — a script's `s` in
   * {@link session} — so reading it after an operation's result costs no session of its
   * own. Returns the new view and the subtree it was built from.
   */
  async refreshIn(
    ref: string,
    s: ServerSession,
  ): Promise<{ readonly view: MoView; readonly tree: FetchedTree }> {
    const rec = this.get(ref);
    const where = rec.view ?? (await locateMo(s));
    const revision = rec.treeRevision;
    const read = await readMo(s, where);
    rec.view = read.view;
    this.#keep(rec, where.root, revision, read.tree);
    this.#changed();
    return read;
  }

  /**
   * Keeps `tree` (read at `root` in session `revision`) packed for `handset:get-tree`
   * unless a later session has started meanwhile; returns what was kept.
   */
  #keep(
    rec: HandsetRecord,
    root: string,
    revision: number,
    tree: FetchedTree,
  ): KeptTree | undefined {
    if (rec.detached || rec.treeRevision !== revision) return undefined;
    const kept = keepTree(root, revision, tree);
    rec.tree = kept;
    if (this.#opts.prepackTrees !== false)
      setTimeout(() => {
        if (rec.tree === kept) void kept.packed;
      }, 0).unref();
    return kept;
  }

  #auth(rec: HandsetRecord): SessionAuth {
    return sessionAuth({
      settings: this.#opts.settings,
      nonces: this.#opts.nonces,
      query: {
        link: rec.channel.description,
        imei: rec.identity?.imei,
        devId: rec.identity?.devId ?? (rec.id.startsWith('http:') ? rec.id.slice(5) : undefined),
        model: rec.model,
      },
      traceId: this.#opts.trace.open(rec.id),
      replyTimeoutMs: this.#replyMs,
      onEvent: (e) => this.#onEvent(rec, e),
    });
  }

  #onEvent(rec: HandsetRecord, e: ServerSessionEvent): void {
    if (e.type !== 'generic-alert') return;
    this.emit('alert', {
      handsetId: rec.id,
      ...(e.correlator === undefined ? {} : { correlator: e.correlator }),
      items: e.items,
    });
  }

  #setState(rec: HandsetRecord): void {
    if (rec.detached || rec.connection.state === 'failed') return this.#changed();
    if (rec.identity !== undefined)
      rec.connection = {
        state: rec.sessions > 0 || rec.activeOperation !== undefined ? 'busy' : 'ready',
      };
    this.#changed();
  }

  #changed(): void {
    this.emit('changed');
  }
}

/** `host:port` → address, or undefined. */
export function parseHostPort(
  s: string | undefined,
): { readonly host: string; readonly port: number } | undefined {
  const m = s === undefined ? null : /^(.+):(\d{1,5})$/.exec(s);
  if (m === null) return undefined;
  return { host: m[1] as string, port: Number(m[2]) };
}
