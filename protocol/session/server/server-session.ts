/**
 * The DM server role (console): a queue of commands the caller fills and awaits one by
 * one; each message from the handset is turned into the next server message (pure:
 * package in, package out). `run` drives it over a {@link DmTransport}.
 */
import type { RandomBytes } from '../../auth/nonce.js';
import { systemClock } from '../../clock.js';
import type { Clock } from '../../clock.js';
import type { SyncMLEncoding } from '../../syncml/codec.js';
import type { Command, SyncMLMessage } from '../../syncml/model.js';
import { DmStatusError } from '../../tree/dm-status-error.js';
import type { DmAccount } from '../auth-state.js';
import { sessionHeader } from '../header.js';
import { DmAuthError, DmProtocolError, asSessionError } from '../errors.js';
import { transmittedSize } from '../chunker.js';
import type { Outgoing } from '../message-builder.js';
import { DEFAULT_MAX_MSG_SIZE, DEFAULT_MAX_OBJ_SIZE, SessionCore } from '../session-core.js';
import { defaultRandom } from '../random.js';
import type { DmPackage, DmTransport } from '../transport.js';
import { specToCommand } from './command-queue.js';
import type { CommandOutcome, ContainerOutcome, DmCommandSpec } from './command-queue.js';
import { Inbox } from './inbox.js';
import type { ServerSessionEvent } from './inbox.js';
import { Pending } from './pending.js';
import { runServerLoop } from './run-loop.js';
import { ServerAuth } from './server-auth.js';

export type { ServerSessionEvent } from './inbox.js';

/** Options of a {@link ServerSession}. */
export interface ServerSessionOptions {
  /** Our server id (SyncHdr Source of our messages). */
  readonly serverId: string;
  readonly clock?: Clock;
  /** Encoding we send; default: the encoding of the client's package 1. */
  readonly encoding?: SyncMLEncoding;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  /** Longest wait for each reply (default 30 s). */
  readonly replyTimeoutMs?: number;
  /** What the client must present (nonce = the one we gave it last). */
  readonly clientAccount?: DmAccount;
  /** Our credentials towards the client (basic/MD5; nonce = the client's last). */
  readonly credentials?: DmAccount;
  readonly random?: RandomBytes;
  readonly onEvent?: (event: ServerSessionEvent) => void;
}

/** The console's side of one DM session. */
export class ServerSession {
  readonly core: SessionCore;
  /** Settles when the session ends: resolves on a normal end, rejects with its error. */
  readonly done: Promise<void>;
  /** Client DevInfo values from package 1, by URI. */
  readonly devInfo = new Map<string, string>();
  private readonly opts: ServerSessionOptions;
  private readonly clock: Clock;
  private readonly queue: Outgoing[] = [];
  private readonly pending: Pending;
  private readonly inbox: Inbox;
  private clientId = '';
  private first = true;
  private ended = false;
  private closing = false;
  private ending = false;
  /** True while {@link run} drives the session (it ends it after the last exchange). */
  private driven = false;
  private readonly auth: ServerAuth;
  private lastSent: Outgoing[] = [];
  private wake: (() => void) | undefined;
  private settle!: { resolve: () => void; reject: (e: Error) => void };

  constructor(options: ServerSessionOptions) {
    this.opts = options;
    this.clock = options.clock ?? systemClock;
    this.core = new SessionCore(options.encoding ?? 'xml', {
      maxMsgSize: options.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE,
      maxObjSize: options.maxObjSize ?? DEFAULT_MAX_OBJ_SIZE,
    });
    this.auth = new ServerAuth(
      options.clientAccount,
      options.credentials,
      options.random ?? defaultRandom,
      (e) => options.onEvent?.(e),
    );
    this.pending = new Pending(this.core);
    this.inbox = new Inbox(this.core, this.pending, this.devInfo, (e) => this.opts.onEvent?.(e));
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  /** True once the session has ended (normally or not). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Get: resolves with the Results items; rejects with `DmStatusError` for a 4xx/5xx. */
  get(uri: string): Promise<CommandOutcome> {
    return this.command({ kind: 'Get', uri });
  }
  replace(
    uri: string,
    data: string | Uint8Array,
    meta: { format?: string; type?: string } = {},
  ): Promise<CommandOutcome> {
    return this.command({ kind: 'Replace', uri, data, ...meta });
  }
  add(
    uri: string,
    data?: string | Uint8Array,
    meta: { format?: string; type?: string } = {},
  ): Promise<CommandOutcome> {
    return this.command({ kind: 'Add', uri, ...(data !== undefined ? { data } : {}), ...meta });
  }
  delete(uri: string): Promise<CommandOutcome> {
    return this.command({ kind: 'Delete', uri });
  }
  exec(uri: string, opts: { correlator?: string; data?: string } = {}): Promise<CommandOutcome> {
    return this.command({ kind: 'Exec', uri, ...opts });
  }
  /** A UI alert (1100–1104); 304 (no) and 214 (cancel) resolve, 4xx/5xx reject. */
  alert(spec: Omit<Extract<DmCommandSpec, { kind: 'Alert' }>, 'kind'>): Promise<CommandOutcome> {
    return this.command({ kind: 'Alert', ...spec });
  }

  /**
   * Queues any command spec. An Add/Replace whose data exceeds the client's MaxObjSize
   * (as advertised so far; 4 MiB before it said) rejects at once with
   * `DmStatusError(413)` and nothing is queued or sent (PROTOCOL-FACTS §1.7).
   */
  command(spec: DmCommandSpec): Promise<CommandOutcome> {
    const command = specToCommand(spec);
    const over = tooLarge(command, this.core);
    if (over !== undefined) return Promise.reject(over);
    const { outgoing, promise } = this.pending.single(spec, command);
    this.enqueue(outgoing);
    return promise;
  }

  /**
   * Atomic: resolves with the Atomic's Status (200 or 507) and every inner outcome.
   * Like {@link command}, rejects at once with `DmStatusError(413)` (nothing sent) when
   * an inner Add/Replace is over the client's MaxObjSize; so does {@link sequence}.
   */
  atomic(specs: readonly DmCommandSpec[]): Promise<ContainerOutcome> {
    return this.container('Atomic', specs);
  }
  /** Sequence: resolves with 200 and each inner outcome (215 after a UI abort). */
  sequence(specs: readonly DmCommandSpec[]): Promise<ContainerOutcome> {
    return this.container('Sequence', specs);
  }

  private container(
    kind: 'Atomic' | 'Sequence',
    specs: readonly DmCommandSpec[],
  ): Promise<ContainerOutcome> {
    for (const spec of specs) {
      const over = tooLarge(specToCommand(spec), this.core);
      if (over !== undefined) return Promise.reject(over);
    }
    const { outgoing, promise } = this.pending.container(kind, specs);
    this.enqueue(outgoing);
    return promise;
  }

  /** Ends the session once everything queued has been answered. */
  close(): Promise<void> {
    this.closing = true;
    this.poke();
    return this.done;
  }

  /** Aborts: the next message carries Alert 1223 and ends the session. */
  abort(): Promise<void> {
    this.queue.length = 0;
    this.queue.push({ command: { kind: 'Alert', cmdId: '', code: 1223, items: [] } });
    this.closing = true;
    this.poke();
    return this.done.catch(() => undefined);
  }

  private enqueue(o: Outgoing): void {
    if (this.ended) throw new DmProtocolError('closed', 'the session has ended');
    this.queue.push(o);
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    if (w !== undefined) void Promise.resolve().then(w);
  }

  /**
   * Drives the session over `transport`: sends `trigger` (a package #0, or the first
   * package of a transport where the server speaks first) and answers every reply until
   * the session ends. Each reply must arrive within `replyTimeoutMs`.
   */
  async run(transport: DmTransport, trigger: DmPackage): Promise<void> {
    this.driven = true;
    await runServerLoop(
      {
        handle: (p) => this.handle(p),
        ending: () => this.ending,
        end: (e) => this.end(e),
      },
      transport,
      trigger,
      this.clock,
      this.opts.replyTimeoutMs ?? 30_000,
    );
    return this.done;
  }

  /**
   * Turns one client package into our next message (waits for commands or `close`).
   * Outside {@link run} (an endpoint answering a client-initiated session), the session
   * ends normally once its closing package is built: no reply to it is awaited.
   */
  async handle(pkg: DmPackage): Promise<DmPackage | undefined> {
    if (this.ended) throw new DmProtocolError('closed', 'the session has ended');
    try {
      const out = await this.process(this.core.decode(pkg), pkg);
      if (this.ending && !this.driven) this.end();
      return out;
    } catch (e) {
      const err = asSessionError(e);
      this.end(err);
      throw err;
    }
  }

  private async process(msg: SyncMLMessage, pkg: DmPackage): Promise<DmPackage | undefined> {
    const h = msg.header;
    const core = this.core;
    if (this.first) {
      this.first = false;
      core.sessionId = h.sessionId;
      this.clientId = h.source.locURI;
      if (this.opts.encoding !== undefined) core.encoding = this.opts.encoding;
    } else if (h.sessionId !== core.sessionId) {
      throw new DmProtocolError(
        'unexpected-package',
        `SessionID ${h.sessionId}, expected ${core.sessionId}`,
      );
    }
    const { code: hdrCode, chal } = this.auth.checkClient(msg, pkg);
    const hdrStatus = core.headerStatus(h, hdrCode, chal);
    // Statuses first: a refused SyncHdr means the whole message must be sent again.
    let refused: string | undefined;
    for (const c of msg.commands) {
      if (c.kind !== 'Status') continue;
      const rec = core.route(c);
      if (rec === 'header') refused = this.auth.onHeaderStatus(c) ? c.msgRef : refused;
      else if (c.msgRef !== refused) rec.onStatus?.(c);
    }
    const failed = hdrCode === 401 || hdrCode === 407;
    const { wantsMore } = this.inbox.receive(msg, failed ? hdrCode : undefined);
    // A 1222 while we have more of our own asks for our next message: ours goes first
    // (the client's further responses ride along), else the two packages wait on
    // each other, each side answering the other's 1222 with its own.
    if (msg.final || (wantsMore && core.hasOwnCommands())) this.inbox.peerPackageComplete = true;
    else if (!wantsMore) this.inbox.peerPackageComplete = false;
    if (failed && this.auth.clientFailures > 1) {
      this.ending = true;
      const out = this.send([hdrStatus], () => true);
      this.end(new DmAuthError(hdrCode, true, 'the client could not authenticate'));
      return out;
    }
    if (refused !== undefined) {
      for (const o of this.lastSent.reverse()) core.outbox.unshift(o);
      this.lastSent = [];
    }
    if (!this.inbox.peerPackageComplete) {
      // Next-Message reply (PROTOCOL-FACTS §1.6): Statuses and 1222, no Final, none of
      // our own commands — they would start a package of ours inside the client's.
      const next: Command = { kind: 'Alert', cmdId: '', code: 1222, items: [] };
      return core.statusesOnly(() => this.send([hdrStatus, next], () => false));
    }
    if (msg.final) this.pending.settleAnswered();
    // Our next commands go out with this message — also when the client refused our
    // credentials: the message carries new ones (made with its fresh nonce), after what it
    // refused. Waiting for the script only when there is nothing of ours to send: a final
    // package with no command would end the session before the script's first one (both
    // sides' nonces out of step: the client refused us while we were still refusing it).
    if (!failed && !(wantsMore && core.hasOwnCommands())) {
      if (!core.hasOwnCommands()) {
        while (this.queue.length === 0 && !this.closing)
          await new Promise<void>((r) => (this.wake = r));
      }
      core.outbox.push(...this.queue.splice(0));
    }
    if (core.outbox.some((o) => o.command.kind === 'Alert' && o.command.code === 1223)) {
      this.ending = true;
      const out = this.send([hdrStatus], () => true);
      this.end(new DmProtocolError('session-aborted', 'the console aborted the session (1223)'));
      return out;
    }
    if (!core.hasOwnCommands() && !failed) this.ending = true;
    return this.send([hdrStatus], (empty) => empty);
  }

  private send(fixed: readonly Command[], final: (empty: boolean) => boolean): DmPackage {
    const header = sessionHeader({
      sessionId: this.core.sessionId,
      target: this.clientId,
      source: this.opts.serverId,
      username: this.auth.username,
      cred: this.auth.cred(),
      meta: this.core.headerMeta(),
    });
    const before = [...this.core.outbox];
    const { pkg } = this.core.send(header, fixed, final);
    const left = new Set(this.core.outbox);
    this.lastSent = before.filter((o) => !left.has(o) && o.command.kind !== 'Status');
    return pkg;
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    const err = error ?? new DmProtocolError('closed', 'the session ended before an answer');
    this.pending.rejectAll(err);
    this.queue.length = 0;
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  }
}

/** A `DmStatusError(413)` when an item of `c` is over the peer's MaxObjSize. */
function tooLarge(c: Command, core: SessionCore): DmStatusError | undefined {
  if (c.kind !== 'Add' && c.kind !== 'Replace') return undefined;
  for (const i of c.items) {
    if (i.data === undefined) continue;
    const size = transmittedSize(i.data, core.encoding);
    if (size > core.peerMaxObjSize) {
      return new DmStatusError(
        413,
        `object of ${size} bytes over the client's MaxObjSize ${core.peerMaxObjSize}`,
        i.target?.locURI ?? '',
      );
    }
  }
  return undefined;
}

export { DmStatusError };
