import { toBase64 } from '../bytes/base64.js';
import { DEVINF_11, DEVINF_12, DMDDF_12, encodeWbxml } from '../wbxml/index.js';
import { el, opaque, text } from '../xml/element.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
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
 */
export function writeMessage(message: SyncMLMessage, options: WriteOptions): XmlElement {
  const w = new Writer(syncmlNamespace(message.header.verDTD), options, message.header.verDTD);
  const body = message.commands.map((c) => w.command(c));
  if (message.final) body.push(w.el('Final'));
  return w.el('SyncML', [w.header(message.header), w.el('SyncBody', body)]);
}

class Writer {
  constructor(
    private readonly ns: string,
    private readonly options: WriteOptions,
    private readonly verDTD: string,
  ) {}

  el(name: string, children: XmlNode[] = []): XmlElement {
    return el(name, this.ns, children);
  }

  leaf(name: string, value: string): XmlElement {
    return el(name, this.ns, value === '' ? [] : [text(value)]);
  }

  opt(out: XmlNode[], name: string, value: string | undefined): void {
    if (value !== undefined) out.push(this.leaf(name, value));
  }

  flag(out: XmlNode[], name: string, on: boolean | undefined): void {
    if (on === true) out.push(this.el(name));
  }

  header(h: SyncHdr): XmlElement {
    const out: XmlNode[] = [
      this.leaf('VerDTD', h.verDTD),
      this.leaf('VerProto', h.verProto),
      this.leaf('SessionID', h.sessionId),
      this.leaf('MsgID', h.msgId),
      this.loc('Target', h.target),
      this.loc('Source', h.source),
    ];
    this.opt(out, 'RespURI', h.respURI);
    this.flag(out, 'NoResp', h.noResp);
    if (h.cred !== undefined) out.push(this.cred(h.cred));
    if (h.meta !== undefined) out.push(this.meta(h.meta));
    return this.el('SyncHdr', out);
  }

  loc(name: string, l: LocRef): XmlElement {
    const out: XmlNode[] = [this.leaf('LocURI', l.locURI)];
    this.opt(out, 'LocName', l.locName);
    return this.el(name, out);
  }

  cred(c: Cred): XmlElement {
    const out: XmlNode[] = [];
    if (c.meta !== undefined) out.push(this.meta(c.meta));
    out.push(this.leaf('Data', c.data));
    return this.el('Cred', out);
  }

  meta(m: Meta): XmlElement {
    const mi = (name: string, children: XmlNode[] = []): XmlElement =>
      el(name, METINF_NS, children);
    const leaf = (name: string, v: string | number): XmlElement =>
      mi(name, v === '' ? [] : [text(String(v))]);
    const out: XmlNode[] = [];
    if (m.fieldLevel === true) out.push(mi('FieldLevel'));
    if (m.format !== undefined) out.push(leaf('Format', m.format));
    if (m.type !== undefined) {
      const wire =
        this.options.binding === 'wbxml' ? (EMBEDDED_TYPES.get(m.type) ?? m.type) : m.type;
      out.push(leaf('Type', wire));
    }
    if (m.mark !== undefined) out.push(leaf('Mark', m.mark));
    if (m.size !== undefined) out.push(leaf('Size', m.size));
    if (m.anchor !== undefined) {
      const a: XmlNode[] = [];
      if (m.anchor.last !== undefined) a.push(leaf('Last', m.anchor.last));
      if (m.anchor.next !== undefined) a.push(leaf('Next', m.anchor.next));
      out.push(mi('Anchor', a));
    }
    if (m.version !== undefined) out.push(leaf('Version', m.version));
    if (m.nextNonce !== undefined) {
      out.push(
        mi('NextNonce', [
          this.options.binding === 'wbxml' ? opaque(m.nextNonce) : text(toBase64(m.nextNonce)),
        ]),
      );
    }
    if (m.maxMsgSize !== undefined) out.push(leaf('MaxMsgSize', m.maxMsgSize));
    if (m.maxObjSize !== undefined) out.push(leaf('MaxObjSize', m.maxObjSize));
    for (const e of m.emi ?? []) out.push(leaf('EMI', e));
    if (m.mem !== undefined) {
      const mem: XmlNode[] = [];
      if (m.mem.sharedMem === true) mem.push(mi('SharedMem'));
      if (m.mem.freeMem !== undefined) mem.push(leaf('FreeMem', m.mem.freeMem));
      if (m.mem.freeID !== undefined) mem.push(leaf('FreeID', m.mem.freeID));
      out.push(mi('Mem', mem));
    }
    return this.el('Meta', out);
  }

  item(i: Item): XmlElement {
    const out: XmlNode[] = [];
    if (i.target !== undefined) out.push(this.loc('Target', i.target));
    if (i.source !== undefined) out.push(this.loc('Source', i.source));
    if (i.sourceParent !== undefined) out.push(this.loc('SourceParent', i.sourceParent));
    if (i.targetParent !== undefined) out.push(this.loc('TargetParent', i.targetParent));
    if (i.meta !== undefined) out.push(this.meta(i.meta));
    if (i.data !== undefined) out.push(this.data(i.data));
    this.flag(out, 'MoreData', i.moreData);
    return this.el('Item', out);
  }

  data(d: Data): XmlElement {
    switch (d.kind) {
      case 'text':
        return this.leaf('Data', d.text);
      case 'bytes':
        return this.el('Data', [
          this.options.binding === 'wbxml' ? opaque(d.bytes) : text(toBase64(d.bytes)),
        ]);
      case 'xml':
        return this.el('Data', [this.embedded(d.element)]);
    }
  }

  /** DevInf and TNDS/DDF go into WBXML as separate documents inside OPAQUE (§2.6). */
  embedded(e: XmlElement): XmlNode {
    if (this.options.binding !== 'wbxml') return e;
    const version = this.options.wbxmlVersion ?? 2;
    if (e.ns === 'syncml:devinf') {
      return opaque(encodeWbxml(e, this.verDTD === '1.1' ? DEVINF_11 : DEVINF_12, { version }));
    }
    if (e.ns === 'syncml:dmddf1.2') return opaque(encodeWbxml(e, DMDDF_12, { version }));
    return e;
  }

  command(c: Command): XmlElement {
    const out: XmlNode[] = [];
    switch (c.kind) {
      case 'Unknown':
        return c.element;
      case 'Add':
      case 'Copy':
      case 'Delete':
      case 'Exec':
      case 'Get':
      case 'Put':
      case 'Replace':
        out.push(this.leaf('CmdID', c.cmdId));
        this.flag(out, 'NoResp', c.noResp);
        this.flag(out, 'Archive', c.archive);
        this.flag(out, 'SftDel', c.sftDel);
        this.opt(out, 'Lang', c.lang);
        if (c.cred !== undefined) out.push(this.cred(c.cred));
        if (c.meta !== undefined) out.push(this.meta(c.meta));
        this.opt(out, 'Correlator', c.correlator);
        for (const i of c.items) out.push(this.item(i));
        break;
      case 'Alert':
        out.push(this.leaf('CmdID', c.cmdId));
        this.flag(out, 'NoResp', c.noResp);
        if (c.cred !== undefined) out.push(this.cred(c.cred));
        if (c.code !== undefined) out.push(this.leaf('Data', String(c.code)));
        this.opt(out, 'Correlator', c.correlator);
        for (const i of c.items) out.push(this.item(i));
        break;
      case 'Atomic':
      case 'Sequence':
        out.push(this.leaf('CmdID', c.cmdId));
        this.flag(out, 'NoResp', c.noResp);
        if (c.meta !== undefined) out.push(this.meta(c.meta));
        for (const n of c.commands) out.push(this.command(n));
        break;
      case 'Sync':
        out.push(this.leaf('CmdID', c.cmdId));
        this.flag(out, 'NoResp', c.noResp);
        if (c.cred !== undefined) out.push(this.cred(c.cred));
        if (c.target !== undefined) out.push(this.loc('Target', c.target));
        if (c.source !== undefined) out.push(this.loc('Source', c.source));
        if (c.meta !== undefined) out.push(this.meta(c.meta));
        if (c.numberOfChanges !== undefined) {
          out.push(this.leaf('NumberOfChanges', String(c.numberOfChanges)));
        }
        for (const n of c.commands) out.push(this.command(n));
        break;
      case 'Map':
        out.push(this.leaf('CmdID', c.cmdId), this.loc('Target', c.target));
        out.push(this.loc('Source', c.source));
        if (c.cred !== undefined) out.push(this.cred(c.cred));
        if (c.meta !== undefined) out.push(this.meta(c.meta));
        for (const m of c.mapItems) {
          out.push(
            this.el('MapItem', [this.loc('Target', m.target), this.loc('Source', m.source)]),
          );
        }
        break;
      case 'Results':
        out.push(this.leaf('CmdID', c.cmdId));
        this.opt(out, 'MsgRef', c.msgRef);
        out.push(this.leaf('CmdRef', c.cmdRef));
        if (c.meta !== undefined) out.push(this.meta(c.meta));
        this.opt(out, 'TargetRef', c.targetRef);
        this.opt(out, 'SourceRef', c.sourceRef);
        for (const i of c.items) out.push(this.item(i));
        break;
      case 'Status':
        out.push(this.leaf('CmdID', c.cmdId), this.leaf('MsgRef', c.msgRef));
        out.push(this.leaf('CmdRef', c.cmdRef), this.leaf('Cmd', c.cmd));
        for (const r of c.targetRefs) out.push(this.leaf('TargetRef', r));
        for (const r of c.sourceRefs) out.push(this.leaf('SourceRef', r));
        if (c.cred !== undefined) out.push(this.cred(c.cred));
        if (c.chal !== undefined) out.push(this.el('Chal', [this.meta(c.chal.meta)]));
        out.push(this.leaf('Data', String(c.code)));
        for (const i of c.items) out.push(this.item(i));
        break;
    }
    return this.el(c.kind, out);
  }
}
