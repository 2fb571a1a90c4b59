import { toBase64 } from '../bytes/base64.js';
import { DEVINF_11, DEVINF_12, DMDDF_12, encodeWbxml } from '../wbxml/index.js';
import type { XmlElement } from '../xml/element.js';
import type { MarkupSink } from '../xml/markup-sink.js';
import { TreeSink } from '../xml/tree-sink.js';
import type { Binding } from './element-reader.js';
import { EMBEDDED_TYPES } from './model.js';
import type { Cred, Command, Data, Item, LocRef, Meta, SyncHdr, SyncMLMessage } from './model.js';

/** Namespace of MetInf elements (PROTOCOL-FACTS §2.4). */
export const METINF_NS = 'syncml:metinf';

/** Options for {@link writeMessage}. */
export interface WriteOptions {
  /** `wbxml`: embedded DevInf/TNDS become OPAQUE sub-documents and their types `+wbxml`. */
  readonly binding: Binding;
  /** WBXML version byte for embedded documents. */
  readonly wbxmlVersion?: 1 | 2 | 3;
}

/** The SyncML namespace for a header VerDTD (`1.1` → `SYNCML:SYNCML1.1`; default 1.2). */
export function syncmlNamespace(verDTD: string): string {
  return verDTD === '1.0' || verDTD === '1.1' ? `SYNCML:SYNCML${verDTD}` : 'SYNCML:SYNCML1.2';
}

/**
 * Maps the model to a `SyncML` element tree (strict writer): elements in SyncML RepPro 1.2
 * DTD order, every required element present (empty when the model holds `''`), optional
 * ones only when set, MetInf in `syncml:metinf`. Unknown commands are written verbatim.
 * (The encoders write the same elements straight to text or bytes with
 * {@link MessageWriter}.)
 */
export function writeMessage(message: SyncMLMessage, options: WriteOptions): XmlElement {
  const sink = new TreeSink();
  new MessageWriter(() => sink, options).message(message);
  return sink.finish();
}

/** A command that carries Items (the ones a message can stream item by item). */
export type ItemBearingCommand = Extract<Command, { readonly items: readonly Item[] }>;

/**
 * Receives a message in pieces, in document order: `begin(header)`, then per command
 * either `command(c)`, or `openItems(head)` + `item(i)`… + `closeItems()` for a command
 * whose items stream past (`head` has no items), then `end(final)`.
 */
export interface MessageSink {
  begin(header: SyncHdr): void;
  command(c: Command): void;
  openItems(head: ItemBearingCommand): void;
  item(i: Item): void;
  closeItems(): void;
  end(final: boolean): void;
}

/**
 * Writes a message, or its pieces (as a {@link MessageSink}), into a {@link MarkupSink}
 * with the rules of {@link writeMessage}. The markup sink is asked for in `begin`, once
 * the header's VerDTD (which picks the namespace, and the WBXML language) is known.
 */
export class MessageWriter implements MessageSink {
  private ns = '';
  private verDTD = '';
  /** Set by `begin`, which every piece follows. */
  private sink!: MarkupSink;

  constructor(
    private readonly sinkFor: (verDTD: string) => MarkupSink,
    private readonly options: WriteOptions,
  ) {}

  /** The whole message. */
  message(m: SyncMLMessage): void {
    this.begin(m.header);
    for (const c of m.commands) this.command(c);
    this.end(m.final);
  }

  /** `<SyncML>`, the header and `<SyncBody>`. */
  begin(h: SyncHdr): void {
    this.verDTD = h.verDTD;
    this.ns = syncmlNamespace(h.verDTD);
    this.sink = this.sinkFor(h.verDTD);
    this.sink.open('SyncML', this.ns, true);
    this.header(h);
    this.sink.open('SyncBody', this.ns, true);
  }

  /** `<Final/>` when `final`, and the ends of `SyncBody` and `SyncML`. */
  end(final: boolean): void {
    if (final) this.sink.leaf('Final', this.ns, '');
    this.sink.close();
    this.sink.close();
  }

  /** One complete command. */
  command(c: Command): void {
    if (c.kind === 'Unknown') {
      this.sink.tree(c.element);
      return;
    }
    this.head(c);
    switch (c.kind) {
      case 'Atomic':
      case 'Sequence':
      case 'Sync':
        for (const n of c.commands) this.command(n);
        break;
      case 'Map':
        for (const m of c.mapItems) {
          this.sink.open('MapItem', this.ns, true);
          this.loc('Target', m.target);
          this.loc('Source', m.source);
          this.sink.close();
        }
        break;
      default:
        for (const i of c.items) this.item(i);
    }
    this.sink.close();
  }

  /** A command's start and its fields, without its items (see {@link item}). */
  openItems(head: ItemBearingCommand): void {
    this.head(head);
  }

  /** Ends the command {@link openItems} started. */
  closeItems(): void {
    this.sink.close();
  }

  private leaf(name: string, value: string): void {
    this.sink.leaf(name, this.ns, value);
  }

  private opt(name: string, value: string | undefined): void {
    if (value !== undefined) this.sink.leaf(name, this.ns, value);
  }

  private flag(name: string, on: boolean | undefined): void {
    if (on === true) this.sink.leaf(name, this.ns, '');
  }

  private header(h: SyncHdr): void {
    this.sink.open('SyncHdr', this.ns, true);
    this.leaf('VerDTD', h.verDTD);
    this.leaf('VerProto', h.verProto);
    this.leaf('SessionID', h.sessionId);
    this.leaf('MsgID', h.msgId);
    this.loc('Target', h.target);
    this.loc('Source', h.source);
    this.opt('RespURI', h.respURI);
    this.flag('NoResp', h.noResp);
    if (h.cred !== undefined) this.cred(h.cred);
    if (h.meta !== undefined) this.meta(h.meta);
    this.sink.close();
  }

  private loc(name: string, l: LocRef): void {
    this.sink.open(name, this.ns, true);
    this.leaf('LocURI', l.locURI);
    this.opt('LocName', l.locName);
    this.sink.close();
  }

  private cred(c: Cred): void {
    this.sink.open('Cred', this.ns, true);
    if (c.meta !== undefined) this.meta(c.meta);
    this.leaf('Data', c.data);
    this.sink.close();
  }

  private meta(m: Meta): void {
    const s = this.sink;
    const mi = (name: string, v: string | number): void => s.leaf(name, METINF_NS, String(v));
    s.open('Meta', this.ns, true);
    if (m.fieldLevel === true) mi('FieldLevel', '');
    if (m.format !== undefined) mi('Format', m.format);
    if (m.type !== undefined) {
      const wire =
        this.options.binding === 'wbxml' ? (EMBEDDED_TYPES.get(m.type) ?? m.type) : m.type;
      mi('Type', wire);
    }
    if (m.mark !== undefined) mi('Mark', m.mark);
    if (m.size !== undefined) mi('Size', m.size);
    if (m.anchor !== undefined) {
      s.open('Anchor', METINF_NS, true);
      if (m.anchor.last !== undefined) mi('Last', m.anchor.last);
      if (m.anchor.next !== undefined) mi('Next', m.anchor.next);
      s.close();
    }
    if (m.version !== undefined) mi('Version', m.version);
    if (m.nextNonce !== undefined) {
      s.open('NextNonce', METINF_NS, false);
      if (this.options.binding === 'wbxml') s.opaque(m.nextNonce);
      else s.text(toBase64(m.nextNonce));
      s.close();
    }
    if (m.maxMsgSize !== undefined) mi('MaxMsgSize', m.maxMsgSize);
    if (m.maxObjSize !== undefined) mi('MaxObjSize', m.maxObjSize);
    for (const e of m.emi ?? []) mi('EMI', e);
    if (m.mem !== undefined) {
      s.open('Mem', METINF_NS, true);
      if (m.mem.sharedMem === true) mi('SharedMem', '');
      if (m.mem.freeMem !== undefined) mi('FreeMem', m.mem.freeMem);
      if (m.mem.freeID !== undefined) mi('FreeID', m.mem.freeID);
      s.close();
    }
    s.close();
  }

  /** One Item (inside a command {@link openItems} started, or written by {@link command}). */
  item(i: Item): void {
    this.sink.open('Item', this.ns, true);
    if (i.target !== undefined) this.loc('Target', i.target);
    if (i.source !== undefined) this.loc('Source', i.source);
    if (i.sourceParent !== undefined) this.loc('SourceParent', i.sourceParent);
    if (i.targetParent !== undefined) this.loc('TargetParent', i.targetParent);
    if (i.meta !== undefined) this.meta(i.meta);
    if (i.data !== undefined) this.data(i.data);
    this.flag('MoreData', i.moreData);
    this.sink.close();
  }

  private data(d: Data): void {
    const s = this.sink;
    switch (d.kind) {
      case 'text':
        this.leaf('Data', d.text);
        return;
      case 'bytes':
        s.open('Data', this.ns, false);
        if (this.options.binding === 'wbxml') s.opaque(d.bytes);
        else s.text(toBase64(d.bytes));
        s.close();
        return;
      case 'xml': {
        const e = d.element;
        const doc = this.embedded(e);
        s.open('Data', this.ns, doc === undefined);
        if (doc === undefined) s.tree(e);
        else s.opaque(doc);
        s.close();
      }
    }
  }

  /** DevInf and TNDS/DDF go into WBXML as separate documents inside OPAQUE (§2.6). */
  private embedded(e: XmlElement): Uint8Array | undefined {
    if (this.options.binding !== 'wbxml') return undefined;
    const version = this.options.wbxmlVersion ?? 2;
    if (e.ns === 'syncml:devinf') {
      return encodeWbxml(e, this.verDTD === '1.1' ? DEVINF_11 : DEVINF_12, { version });
    }
    if (e.ns === 'syncml:dmddf1.2') return encodeWbxml(e, DMDDF_12, { version });
    return undefined;
  }

  /** Opens command `c` and writes its fields up to (not including) its items/commands. */
  private head(c: Exclude<Command, { kind: 'Unknown' }>): void {
    this.sink.open(c.kind, this.ns, true);
    switch (c.kind) {
      case 'Add':
      case 'Copy':
      case 'Delete':
      case 'Exec':
      case 'Get':
      case 'Put':
      case 'Replace':
        this.leaf('CmdID', c.cmdId);
        this.flag('NoResp', c.noResp);
        this.flag('Archive', c.archive);
        this.flag('SftDel', c.sftDel);
        this.opt('Lang', c.lang);
        if (c.cred !== undefined) this.cred(c.cred);
        if (c.meta !== undefined) this.meta(c.meta);
        this.opt('Correlator', c.correlator);
        break;
      case 'Alert':
        this.leaf('CmdID', c.cmdId);
        this.flag('NoResp', c.noResp);
        if (c.cred !== undefined) this.cred(c.cred);
        if (c.code !== undefined) this.leaf('Data', String(c.code));
        this.opt('Correlator', c.correlator);
        break;
      case 'Atomic':
      case 'Sequence':
        this.leaf('CmdID', c.cmdId);
        this.flag('NoResp', c.noResp);
        if (c.meta !== undefined) this.meta(c.meta);
        break;
      case 'Sync':
        this.leaf('CmdID', c.cmdId);
        this.flag('NoResp', c.noResp);
        if (c.cred !== undefined) this.cred(c.cred);
        if (c.target !== undefined) this.loc('Target', c.target);
        if (c.source !== undefined) this.loc('Source', c.source);
        if (c.meta !== undefined) this.meta(c.meta);
        if (c.numberOfChanges !== undefined) {
          this.leaf('NumberOfChanges', String(c.numberOfChanges));
        }
        break;
      case 'Map':
        this.leaf('CmdID', c.cmdId);
        this.loc('Target', c.target);
        this.loc('Source', c.source);
        if (c.cred !== undefined) this.cred(c.cred);
        if (c.meta !== undefined) this.meta(c.meta);
        break;
      case 'Results':
        this.leaf('CmdID', c.cmdId);
        this.opt('MsgRef', c.msgRef);
        this.leaf('CmdRef', c.cmdRef);
        if (c.meta !== undefined) this.meta(c.meta);
        this.opt('TargetRef', c.targetRef);
        this.opt('SourceRef', c.sourceRef);
        break;
      case 'Status':
        this.leaf('CmdID', c.cmdId);
        this.leaf('MsgRef', c.msgRef);
        this.leaf('CmdRef', c.cmdRef);
        this.leaf('Cmd', c.cmd);
        for (const r of c.targetRefs) this.leaf('TargetRef', r);
        for (const r of c.sourceRefs) this.leaf('SourceRef', r);
        if (c.cred !== undefined) this.cred(c.cred);
        if (c.chal !== undefined) {
          this.sink.open('Chal', this.ns, true);
          this.meta(c.chal.meta);
          this.sink.close();
        }
        this.leaf('Data', String(c.code));
        break;
    }
  }
}
