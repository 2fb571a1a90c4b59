/**
 * The DM client role (handset): answers a package #0 with package 1 (Alert 1200, or 1201
 * when it starts the session itself), then turns every server message into its reply —
 * pure: package in, package out, time from the injected clock (PROTOCOL-FACTS §1.5).
 */
import type { RandomBytes } from '../../auth/nonce.js';
import { systemClock } from '../../clock.js';
import type { Clock } from '../../clock.js';
import { decodePkg0 } from '../../pkg0/decode.js';
import { verifyPkg0 } from '../../pkg0/digest.js';
import { sessionIdToHex } from '../../pkg0/session-id.js';
import type { SyncMLEncoding } from '../../syncml/codec.js';
import type { Command, SyncHdr, SyncMLMessage } from '../../syncml/model.js';
import type { DmTree } from '../../tree/dm-tree.js';
import type { DmAccount } from '../auth-state.js';
import { DmAuthError, DmProtocolError, asSessionError } from '../errors.js';
import { sessionHeader } from '../header.js';
import { DEFAULT_MAX_MSG_SIZE, DEFAULT_MAX_OBJ_SIZE, SessionCore } from '../session-core.js';
import { defaultRandom } from '../random.js';
import type { DmPackage } from '../transport.js';
import { ClientAuth } from './client-auth.js';
import { dispatch } from './dispatch.js';
import { ExecutorRegistry, GenericAlertQueue } from './executor.js';
import type { UiHandler } from './ui-alert.js';
import { DEFAULT_DEVINFO_URIS, queuePackageOne } from './package-one.js';
import { receiveCommand } from './receive.js';

/** Events a handset persists or shows. */
export type ClientSessionEvent =
  /** The server gave us this nonce for our next credentials (store it in DMAcc). */
  | { readonly type: 'client-nonce'; readonly nonce: Uint8Array }
  /** We told the server to use this nonce next time (store it). */
  | { readonly type: 'server-nonce'; readonly nonce: Uint8Array };

/** Options of a {@link ClientSession}. */
export interface ClientSessionOptions {
  readonly tree: DmTree;
  /** Our device id (SyncHdr Source), e.g. `IMEI:493005100592800`. */
  readonly deviceId: string;
  /** The server's URI (SyncHdr Target of our messages). */
  readonly serverUri: string;
  /** The server id ACLs are checked against. */
  readonly serverId: string;
  readonly clock?: Clock;
  /** Encoding of a client-initiated package 1; afterwards we answer in what we receive. */
  readonly encoding?: SyncMLEncoding;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  /** Our credentials towards the server (nonce = the last one the server gave us). */
  readonly credentials?: DmAccount;
  /** What the server must present (basic/MD5; nonce = the one we gave it last). */
  readonly serverAccount?: DmAccount;
  /** Server password to verify a package #0 digest with (server account's nonce). */
  readonly pkg0Password?: string;
  readonly executors?: ExecutorRegistry;
  readonly alerts?: GenericAlertQueue;
  readonly ui?: UiHandler;
  /** UI wait when an alert has no MAXDT (default 60 s). */
  readonly uiTimeoutMs?: number;
  /** DevInfo leaves sent in package 1. */
  readonly devInfoUris?: readonly string[];
  readonly random?: RandomBytes;
  readonly onEvent?: (event: ClientSessionEvent) => void;
}

/** A handset's side of one DM session. */
export class ClientSession {
  readonly core: SessionCore;
  /** Settles when the session ends: resolves on a normal end, rejects with its error. */
  readonly done: Promise<void>;
  private readonly opts: ClientSessionOptions;
  private readonly clock: Clock;
  private readonly alerts: GenericAlertQueue;
  private started = false;
  private ended = false;
  private initiator = 1201;
  private readonly auth: ClientAuth;
  private peerPackageComplete = true;
  private settle!: { resolve: () => void; reject: (e: Error) => void };

  constructor(options: ClientSessionOptions) {
    this.opts = options;
    this.clock = options.clock ?? systemClock;
    this.alerts = options.alerts ?? new GenericAlertQueue();
    this.core = new SessionCore(options.encoding ?? 'xml', {
      maxMsgSize: options.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE,
      maxObjSize: options.maxObjSize ?? DEFAULT_MAX_OBJ_SIZE,
    });
    this.auth = new ClientAuth(
      options.credentials,
      options.serverAccount,
      options.random ?? defaultRandom,
      (e) => options.onEvent?.(e),
    );
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  /** True once the session has ended (normally or not). */
  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Package 1: Alert 1200 (`sessionId` from a package #0) or 1201, the DevInfo leaves,
   * queued Generic Alerts, our Cred (MD5 with the stored nonce) when configured.
   */
  start(sessionId?: number): DmPackage {
    this.started = true;
    if (sessionId !== undefined) {
      this.initiator = 1200;
      this.core.sessionId = sessionIdToHex(sessionId);
    } else {
      this.core.sessionId = String(1 + Math.floor(this.clock.now() % 0xfffe));
    }
    this.queuePackage1();
    return this.send(true);
  }

  /**
   * Answers one server package (or a package #0 before the session started). Returns the
   * reply, or undefined when the session ended without one. A failure ends the session
   * and rethrows its typed error.
   */
  async handle(pkg: DmPackage): Promise<DmPackage | undefined> {
    if (this.ended) throw new DmProtocolError('closed', 'the session has ended');
    try {
      if (!this.started) return this.fromPkg0(pkg.body);
      const msg = this.core.decode(pkg);
      if (msg.header.sessionId !== this.core.sessionId) {
        throw new DmProtocolError('unexpected-package', `SessionID ${msg.header.sessionId}`);
      }
      return await this.process(msg, pkg);
    } catch (e) {
      const err = asSessionError(e);
      this.end(err);
      throw err;
    }
  }

  /**
   * Ends the session with `error` from outside (the transport failed, a reply timed
   * out): `isEnded` becomes true, `done` rejects with `error`, and later `handle` calls
   * throw `DmProtocolError('closed')`. No-op when the session has already ended.
   */
  fail(error: Error): void {
    this.end(error);
  }

  private fromPkg0(body: Uint8Array): DmPackage {
    const p0 = decodePkg0(body);
    const password = this.opts.pkg0Password;
    if (password !== undefined) {
      const creds = { serverId: p0.serverId, serverPassword: password, nonce: this.auth.pkg0Nonce };
      if (!verifyPkg0(body, creds)) throw new DmAuthError(401, false, 'package #0 digest');
    }
    return this.start(p0.sessionId);
  }

  private queuePackage1(): void {
    const o = this.opts;
    queuePackageOne(
      this.core,
      this.initiator,
      o.tree,
      o.devInfoUris ?? DEFAULT_DEVINFO_URIS,
      this.alerts,
    );
  }

  private header(): Omit<SyncHdr, 'msgId'> {
    return sessionHeader({
      sessionId: this.core.sessionId,
      target: this.opts.serverUri,
      source: this.opts.deviceId,
      username: this.auth.username,
      cred: this.auth.cred(),
      meta: this.core.headerMeta(),
    });
  }

  private send(peerComplete: boolean, fixed: readonly Command[] = []): DmPackage {
    return this.core.send(
      this.header(),
      fixed,
      (empty) => empty && peerComplete,
      (body) => this.auth.sign(body),
    ).pkg;
  }

  private async process(msg: SyncMLMessage, pkg: DmPackage): Promise<DmPackage | undefined> {
    const h = msg.header;
    const core = this.core;
    // 1. Is the server who it says?
    const { code: hdrCode, chal } = this.auth.checkServer(h, pkg);
    const hdrStatus = core.headerStatus(h, hdrCode, chal);
    // 2. Statuses for what we sent.
    let resend = false;
    for (const c of msg.commands) {
      if (c.kind !== 'Status') continue;
      const rec = core.route(c);
      if (rec !== 'header') rec.onStatus?.(c);
      else if (this.auth.onHeaderStatus(c)) resend = true;
    }
    const commands = msg.commands.filter((c) => c.kind !== 'Status');
    const hasAbort = commands.some((c) => c.kind === 'Alert' && c.code === 1223);
    if (hasAbort) {
      this.end(new DmProtocolError('session-aborted', 'the server aborted the session (1223)'));
      return undefined;
    }
    const wantsMore = commands.some((c) => c.kind === 'Alert' && c.code === 1222);
    if (msg.final) this.peerPackageComplete = true;
    else if (!wantsMore) this.peerPackageComplete = false;
    // 3. Run the commands (or refuse them all while the server is not authenticated).
    if (hdrCode === 401 || hdrCode === 407) {
      for (const c of commands) {
        if ('cmdId' in c)
          core.outbox.push({ command: core.statusFor(h.msgId, c as never, hdrCode) });
      }
    } else {
      const ctx = {
        tree: this.opts.tree,
        serverId: this.opts.serverId,
        encoding: core.encoding,
        clock: this.clock,
        executors: this.opts.executors ?? new ExecutorRegistry(),
        alerts: this.alerts,
        ui: this.opts.ui,
        uiTimeoutMs: this.opts.uiTimeoutMs ?? 60_000,
      };
      for (const c of commands) {
        await receiveCommand(c, h.msgId, core, (cmd) => dispatch(cmd, ctx), 'client');
      }
    }
    if (resend) this.queuePackage1();
    if (
      !this.peerPackageComplete &&
      !core.outbox.some((o) => o.command.kind === 'Alert' && o.command.code === 1222)
    ) {
      core.outbox.push({ command: { kind: 'Alert', cmdId: '', code: 1222, items: [] } });
    }
    if (hdrCode !== 200 && hdrCode !== 212 && this.auth.serverFailures > 1) {
      const reply = this.send(true, [hdrStatus]);
      this.end(new DmAuthError(hdrCode, true, 'the server could not authenticate'));
      return reply;
    }
    // 4. Nothing to say to a closing package: the session is over.
    if (
      msg.final &&
      commands.length === 0 &&
      core.outbox.length === 0 &&
      hdrCode !== 401 &&
      hdrCode !== 407
    ) {
      this.end();
      return undefined;
    }
    return this.send(this.peerPackageComplete, [hdrStatus]);
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  }
}
