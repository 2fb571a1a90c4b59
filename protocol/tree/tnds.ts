import { DecodeError } from '../bytes/decode-error.js';
import { fromBase64, toBase64 } from '../bytes/base64.js';
import { el, opaque, text } from '../xml/element.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
import { isValidAcl } from './acl.js';
import type { DdfType } from './ddf.js';
import { isDmFormat } from './format.js';
import type { DmFormat } from './format.js';
import {
  DMDDF_NS,
  childNamed,
  childrenNamed,
  choiceOf,
  elementChildren,
  expectMgmtTree,
  textOf,
} from './dmddf-xml.js';
import { isValidNodeName, parseUri } from './uri.js';

/** One node of a TNDS document (OMA DM TNDS 1.2, PROTOCOL-FACTS §6.3). */
export interface TndsNode {
  /** NodeName; `''` only for a top node named by the command's target. */
  readonly name: string;
  /** `Path` (URI of the parent), top nodes only. */
  readonly path?: string;
  readonly acl?: string;
  readonly format?: DmFormat;
  /** The `Name` runtime property, when carried. */
  readonly nodeName?: string;
  readonly size?: number;
  readonly title?: string;
  readonly tstamp?: string;
  readonly type?: DdfType;
  readonly verNo?: number;
  /** Decoded value bytes (b64/bin values are carried as base64 text or OPAQUE). */
  readonly value?: Uint8Array;
  /**
   * Encoder hint: the node's real format, used to write `value` when `format` itself is
   * not selected (so `?list=TNDS+Value` still writes a b64 leaf as base64, not raw
   * bytes). Never written to the wire; the decoder never sets it.
   */
  readonly valueFormat?: DmFormat;
  readonly children: readonly TndsNode[];
}

/** A TNDS `MgmtTree` document. */
export interface TndsDocument {
  readonly verDtd: string;
  readonly man?: string;
  readonly mod?: string;
  readonly nodes: readonly TndsNode[];
}

/** Wire form the element tree is meant for: XML text cannot carry OPAQUE. */
export type TndsWire = 'xml' | 'wbxml';

const FORMAT = 'tnds';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Builds the `MgmtTree` element for `doc`. Values: a `b64` leaf's bytes are written as
 * base64 text (that is what Format b64 means); a `bin` leaf's bytes are OPAQUE in WBXML
 * and base64 text in XML (XML has no binary content; the decoder reverses it by Format);
 * other values are UTF-8 text — in WBXML a value that is not valid UTF-8 or holds U+0000
 * is sent as OPAQUE instead. Throws `TypeError` naming the node when an XML-bound
 * non-binary value is not valid UTF-8 (it has no faithful XML form).
 */
export function tndsToElement(doc: TndsDocument, wire: TndsWire): XmlElement {
  const head: XmlNode[] = [leafEl('VerDTD', doc.verDtd)];
  if (doc.man !== undefined) head.push(leafEl('Man', doc.man));
  if (doc.mod !== undefined) head.push(leafEl('Mod', doc.mod));
  return el('MgmtTree', DMDDF_NS, [...head, ...doc.nodes.map((n) => nodeEl(n, wire))]);
}

function nodeEl(n: TndsNode, wire: TndsWire): XmlElement {
  const kids: XmlNode[] = [leafEl('NodeName', n.name)];
  if (n.path !== undefined) kids.push(leafEl('Path', n.path));
  const rt: XmlNode[] = [];
  if (n.acl !== undefined) rt.push(leafEl('ACL', n.acl));
  if (n.format !== undefined) rt.push(el('Format', DMDDF_NS, [el(n.format, DMDDF_NS)]));
  if (n.nodeName !== undefined) rt.push(leafEl('Name', n.nodeName));
  if (n.size !== undefined) rt.push(leafEl('Size', String(n.size)));
  if (n.title !== undefined) rt.push(leafEl('Title', n.title));
  if (n.tstamp !== undefined) rt.push(leafEl('TStamp', n.tstamp));
  if (n.type !== undefined) rt.push(el('Type', DMDDF_NS, [leafEl(n.type.kind, n.type.value)]));
  if (n.verNo !== undefined) rt.push(leafEl('VerNo', String(n.verNo)));
  if (rt.length > 0) kids.push(el('RTProperties', DMDDF_NS, rt));
  if (n.value !== undefined) kids.push(el('Value', DMDDF_NS, [valueContent(n, n.value, wire)]));
  for (const c of n.children) kids.push(nodeEl(c, wire));
  return el('Node', DMDDF_NS, kids);
}

function valueContent(n: TndsNode, value: Uint8Array, wire: TndsWire): XmlNode {
  const format = n.format ?? n.valueFormat;
  if (format === 'b64') return text(toBase64(value));
  if (format === 'bin') return wire === 'wbxml' ? opaque(value) : text(toBase64(value));
  let s: string | undefined;
  try {
    s = strictUtf8.decode(value);
  } catch {
    s = undefined;
  }
  if (wire === 'wbxml' && (s === undefined || s.includes('\u0000'))) return opaque(value);
  if (s === undefined) throw new TypeError(`value of node "${n.name}" is not UTF-8 text`);
  return text(s);
}

function leafEl(name: string, value: string): XmlElement {
  return el(name, DMDDF_NS, value === '' ? [] : [text(value)]);
}

/**
 * Reads a TNDS `MgmtTree` element. Checks what the tree will rely on: NodeNames are valid
 * (empty only for a top node), `Path` parses as a URI, ACLs parse, Format and Type are
 * known choices, Size/VerNo are decimal, a node with children is not a leaf format, a b64
 * or bin value is valid base64 (or OPAQUE). Missing optional parts are fine; unknown
 * elements are skipped. Total: returns a document or throws `DecodeError`.
 */
export function tndsFromElement(root: XmlElement): TndsDocument {
  expectMgmtTree(root, FORMAT);
  const verDtd = optional(root, 'VerDTD') ?? '';
  const man = optional(root, 'Man');
  const mod = optional(root, 'Mod');
  const nodes = childrenNamed(root, 'Node').map((n) => readNode(n, true));
  return {
    verDtd,
    ...(man === undefined ? {} : { man }),
    ...(mod === undefined ? {} : { mod }),
    nodes,
  };
}

function readNode(e: XmlElement, top: boolean): TndsNode {
  const nameEl = childNamed(e, 'NodeName');
  if (nameEl === undefined) fail('missing-element', 'Node without NodeName');
  const name = textOf(nameEl, FORMAT).trim();
  if (!(name === '' ? top : isValidNodeName(name)))
    fail('bad-value', `invalid NodeName ${JSON.stringify(name)}`);
  const f: Record<string, unknown> = {};
  const path = optional(e, 'Path');
  if (path !== undefined) {
    if (!top) fail('unexpected-element', 'Path below a top node');
    try {
      parseUri(path, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 });
    } catch {
      fail('bad-value', `invalid Path ${JSON.stringify(path)}`);
    }
    f['path'] = path;
  }
  const rt = childNamed(e, 'RTProperties');
  if (rt !== undefined) {
    const acl = optional(rt, 'ACL');
    if (acl !== undefined) {
      if (!isValidAcl(acl)) fail('bad-value', `invalid ACL ${JSON.stringify(acl)}`);
      f['acl'] = acl;
    }
    const fmt = childNamed(rt, 'Format');
    if (fmt !== undefined) {
      const fname = choiceOf(fmt, FORMAT).name;
      if (!isDmFormat(fname)) fail('bad-value', `unknown format <${fname}>`);
      f['format'] = fname;
    }
    copyText(f, 'nodeName', rt, 'Name');
    copyText(f, 'title', rt, 'Title');
    copyText(f, 'tstamp', rt, 'TStamp');
    copyNumber(f, 'size', rt, 'Size');
    copyNumber(f, 'verNo', rt, 'VerNo');
    const type = childNamed(rt, 'Type');
    const t = type === undefined ? undefined : elementChildren(type)[0];
    if (t !== undefined) {
      if (t.name !== 'MIME' && t.name !== 'DDFName') fail('bad-value', `unknown Type <${t.name}>`);
      f['type'] = { kind: t.name, value: textOf(t, FORMAT).trim() };
    }
  }
  const children = childrenNamed(e, 'Node').map((c) => readNode(c, false));
  const format = f['format'] as DmFormat | undefined;
  if (children.length > 0 && format !== undefined && format !== 'node') {
    fail('bad-value', `node "${name}" has children but Format ${format}`);
  }
  const valueEl = childNamed(e, 'Value');
  if (valueEl !== undefined) {
    if (format === 'node' || children.length > 0)
      fail('bad-value', `interior node "${name}" has a Value`);
    f['value'] = readValue(valueEl, format);
  }
  return { ...(f as Partial<TndsNode>), name, children };
}

function readValue(e: XmlElement, format: DmFormat | undefined): Uint8Array {
  const parts = e.children;
  if (parts.length === 1 && parts[0]?.kind === 'opaque') return parts[0].bytes.slice();
  const s = textOf(e, FORMAT);
  if (format === 'b64' || format === 'bin') return fromBase64(s);
  return new TextEncoder().encode(s);
}

function optional(parent: XmlElement, name: string): string | undefined {
  const e = childNamed(parent, name);
  return e === undefined ? undefined : textOf(e, FORMAT).trim();
}

function copyText(f: Record<string, unknown>, key: string, parent: XmlElement, name: string): void {
  const v = optional(parent, name);
  if (v !== undefined) f[key] = v;
}

function copyNumber(
  f: Record<string, unknown>,
  key: string,
  parent: XmlElement,
  name: string,
): void {
  const v = optional(parent, name);
  if (v === undefined) return;
  if (!/^[0-9]{1,15}$/.test(v))
    fail('bad-value', `<${name}> is not a number: ${JSON.stringify(v)}`);
  f[key] = Number(v);
}

function fail(
  reason: 'missing-element' | 'bad-value' | 'unexpected-element',
  detail: string,
): never {
  throw new DecodeError(0, reason, detail, FORMAT);
}
