/**
 * State both roles share: ids, encoding, the peer's limits, the outbox, what we sent
 * (to check every Status's MsgRef/CmdRef against), and the large-object assembler.
 */
import { isDecodeError } from '../bytes/decode-error.js';
import { decodeMessage, SYNCML_DM_MIME } from '../syncml/codec.js';
import type { SyncMLEncoding } from '../syncml/codec.js';
import type {
  Chal,
  Command,
  Item,
  Meta,
  StatusCommand,
  SyncHdr,
  SyncMLMessage,
} from '../syncml/model.js';
import { ChunkAssembler } from './chunker.js';
import { DmProtocolError } from './errors.js';
import { buildMessage, CmdIdCounter } from './message-builder.js';
import type { Outgoing } from './message-builder.js';
import type { DmHeaders, DmPackage } from './transport.js';

/** Default MaxMsgSize / MaxObjSize we advertise and assume of a silent peer. */
export const DEFAULT_MAX_MSG_SIZE = 64 * 1024;
export const DEFAULT_MAX_OBJ_SIZE = 4 * 1024 * 1024;

/** A command we sent, kept until its Status arrives. */
export interface SentRecord {
  readonly msgId: string;
  readonly cmdId: string;
  readonly cmd: string;
  /** Called with the Status that answers this command. */
  readonly onStatus?: (status: StatusCommand) => void;
}

/** Limits one side advertises in its SyncHdr Meta. */
export interface SessionLimits {
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
}

/** Shared session state; each role owns one. */
export class SessionCore {
  sessionId = '1';
  encoding: SyncMLEncoding;
  peerMaxMsgSize = DEFAULT_MAX_MSG_SIZE;
  peerMaxObjSize = DEFAULT_MAX_OBJ_SIZE;
  readonly outbox: Outgoing[] = [];
  readonly assembler = new ChunkAssembler();
  private msgCounter = 0;
  private readonly cmdIds = new CmdIdCounter();
  private readonly sent = new Map<string, SentRecord>();
  private readonly sentMsgs = new Set<string>();

  constructor(
    encoding: SyncMLEncoding,
    readonly limits: SessionLimits,
  ) {
    this.encoding = encoding;
  }

  /** Takes the next CmdID of this session. */
  nextCmdId = (): string => this.cmdIds.next();

  /** The Meta our SyncHdr carries. */
  headerMeta(): Meta {
    return { maxMsgSize: this.limits.maxMsgSize, maxObjSize: this.limits.maxObjSize };
  }

  /** Remembers a sent command so its Status can be checked and routed. */
  track(record: SentRecord): void {
    this.sent.set(`${record.msgId}/${record.cmdId}`, record);
  }

  /**
   * Routes a received Status to what it answers. Throws `DmProtocolError` when MsgRef
   * names no message we sent or CmdRef no command of it (CmdRef 0 = that SyncHdr).
   */
  route(status: StatusCommand): SentRecord | 'header' {
    if (!this.sentMsgs.has(status.msgRef)) {
      throw new DmProtocolError(
        'wrong-msgref',
        `Status MsgRef ${status.msgRef} names no message we sent`,
      );
    }
    if (status.cmdRef === '0') return 'header';
    const rec = this.sent.get(`${status.msgRef}/${status.cmdRef}`);
    if (rec === undefined) {
      throw new DmProtocolError(
        'wrong-cmdref',
        `Status CmdRef ${status.cmdRef} (MsgRef ${status.msgRef}) names no command we sent`,
      );
    }
    return rec;
  }

  /** Decodes a received package; a decode failure becomes `DmProtocolError`. */
  decode(pkg: DmPackage): SyncMLMessage {
    try {
      const { message, encoding } = decodeMessage(pkg.body);
      this.encoding = encoding;
      this.notePeerMeta(message.header);
      return message;
    } catch (e) {
      if (isDecodeError(e)) throw DmProtocolError.malformed(e);
      throw e;
    }
  }

  /** Takes MaxMsgSize / MaxObjSize from the peer's SyncHdr (they stay until re-sent). */
  notePeerMeta(h: SyncHdr): void {
    if (h.meta?.maxMsgSize !== undefined && h.meta.maxMsgSize > 512) {
      this.peerMaxMsgSize = h.meta.maxMsgSize;
    }
    if (h.meta?.maxObjSize !== undefined) this.peerMaxObjSize = h.meta.maxObjSize;
  }

  /** A Status answering `cmd` (of peer message `msgRef`) with `code`. */
  statusFor(
    msgRef: string,
    cmd: { cmdId: string; kind: string; items?: readonly Item[] },
    code: number,
    extra: Partial<StatusCommand> = {},
  ): StatusCommand {
    const targetRefs: string[] = [];
    const sourceRefs: string[] = [];
    for (const it of cmd.items ?? []) {
      if (it.target !== undefined) targetRefs.push(it.target.locURI);
      if (it.source !== undefined) sourceRefs.push(it.source.locURI);
    }
    return {
      kind: 'Status',
      cmdId: '',
      msgRef,
      cmdRef: cmd.cmdId,
      cmd: cmd.kind,
      targetRefs: targetRefs.slice(0, 1),
      sourceRefs: sourceRefs.slice(0, 1),
      code,
      items: [],
      ...extra,
    };
  }

  /** Our Status for the peer's SyncHdr `h` (CmdRef 0), with a challenge when given. */
  headerStatus(h: SyncHdr, code: number, chal: Chal | undefined): StatusCommand {
    return {
      ...this.statusFor(h.msgId, { cmdId: '0', kind: 'SyncHdr' }, code),
      targetRefs: [h.target.locURI],
      sourceRefs: [h.source.locURI],
      ...(chal !== undefined ? { chal } : {}),
    };
  }

  /** True while the outbox holds commands of ours (anything but Statuses). */
  hasOwnCommands(): boolean {
    return this.outbox.some((o) => o.command.kind !== 'Status');
  }

  /** Runs `fn` (which sends) with only the Statuses in the outbox; our commands wait. */
  statusesOnly<T>(fn: () => T): T {
    const held = this.outbox.filter((o) => o.command.kind !== 'Status');
    const statuses = this.outbox.filter((o) => o.command.kind === 'Status');
    this.outbox.splice(0, this.outbox.length, ...statuses);
    try {
      return fn();
    } finally {
      this.outbox.push(...held);
    }
  }

  /**
   * Builds and encodes our next message from `fixed` + the outbox, and registers every
   * sent command (except Status) for Status routing.
   */
  send(
    header: Omit<SyncHdr, 'msgId'>,
    fixed: readonly Command[],
    final: (outboxEmpty: boolean) => boolean,
    sign: (body: Uint8Array) => DmHeaders = () => ({}),
  ): { message: SyncMLMessage; pkg: DmPackage } {
    const msgId = String(++this.msgCounter);
    // Statuses answer what the peer already sent: they go before our own commands (a
    // chunk in progress must not hold them back), then a 1222 asking for the rest of the
    // peer's package (a backlog of our own must not hold that back either).
    const rank = (o: Outgoing): number =>
      o.command.kind === 'Status'
        ? 0
        : o.command.kind === 'Alert' && o.command.code === 1222
          ? 1
          : 2;
    const ordered = [0, 1, 2].flatMap((r) => this.outbox.filter((o) => rank(o) === r));
    this.outbox.splice(0, this.outbox.length, ...ordered);
    const numbered = fixed.map((c) => ({ ...c, cmdId: this.nextCmdId() }) as Command);
    const { message, body } = buildMessage({ ...header, msgId }, numbered, this.outbox, {
      encoding: this.encoding,
      maxMsgSize: this.peerMaxMsgSize,
      cmdIds: this.cmdIds,
      final,
    });
    this.sentMsgs.add(msgId);
    for (const c of message.commands) this.register(c, msgId);
    return {
      message,
      pkg: { body, contentType: SYNCML_DM_MIME[this.encoding], headers: sign(body) },
    };
  }

  private register(c: Command, msgId: string): void {
    if (c.kind === 'Status' || c.kind === 'Unknown') return;
    if (!this.sent.has(`${msgId}/${c.cmdId}`)) this.track({ msgId, cmdId: c.cmdId, cmd: c.kind });
    if (c.kind === 'Atomic' || c.kind === 'Sequence')
      for (const x of c.commands) this.register(x, msgId);
  }
}
