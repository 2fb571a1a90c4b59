import { fromBase64 } from '../bytes/base64.js';
import { isDecodeError } from '../bytes/decode-error.js';
import { decodeWbxml } from '../wbxml/index.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
import { Fields, leafNumber, leafText, syncmlError, trimValue } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import { EMBEDDED_TYPES } from './model.js';
import type { Anchor, Chal, Cred, Data, Item, LocRef, Mem, Meta } from './model.js';

/** Namespaces of documents that travel as separate WBXML documents inside OPAQUE. */
export const EMBEDDED_NAMESPACES: ReadonlySet<string> = new Set([
  'syncml:devinf',
  'syncml:dmddf1.2',
]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const WBXML_TO_XML_TYPE = new Map([...EMBEDDED_TYPES].map(([x, w]) => [w, x]));

/** Reads `Target`/`Source`/`SourceParent`/`TargetParent`. */
export function readLocRef(e: XmlElement, ctx: ReadContext, path: string): LocRef {
  const f = new Fields(e, ['LocURI', 'LocName'], ctx, path);
  f.warnUnknown();
  const locName = f.text('LocName');
  const locURI = f.textOrEmpty('LocURI');
  return locName === undefined ? { locURI } : { locURI, locName };
}

const META_FIELDS = [
  'FieldLevel',
  'Format',
  'Type',
  'Mark',
  'Size',
  'Anchor',
  'Version',
  'NextNonce',
  'MaxMsgSize',
  'MaxObjSize',
  'EMI',
  'Mem',
  'MetInf',
] as const;

/**
 * Reads a `Meta` (or `MetInf`) element. MetInf elements without the `syncml:metinf`
 * namespace are accepted with a warning. In the WBXML binding an embedded-document type
 * `…+wbxml` is read as its `…+xml` twin (the model keeps the XML form).
 */
export function readMeta(e: XmlElement, ctx: ReadContext, path: string): Meta {
  const f = new Fields(e, META_FIELDS, ctx, path);
  f.warnUnknown();
  const nested = f.one('MetInf');
  if (nested !== undefined) {
    ctx.warn(path, '<MetInf> wrapper inside <Meta> flattened');
    return { ...readMeta(nested, ctx, `${path}/MetInf`), ...readMetaFields(f, ctx, path) };
  }
  return readMetaFields(f, ctx, path);
}

function readMetaFields(f: Fields, ctx: ReadContext, path: string): Meta {
  const meta: { -readonly [K in keyof Meta]: Meta[K] } = {};
  for (const { name, element } of f.ordered) {
    if (name !== undefined && name !== 'MetInf' && element.ns !== 'syncml:metinf') {
      ctx.warn(path, `<${element.name}> outside the syncml:metinf namespace`);
    }
  }
  if (f.flag('FieldLevel')) meta.fieldLevel = true;
  const format = f.text('Format');
  if (format !== undefined) meta.format = format;
  const type = f.text('Type');
  if (type !== undefined) {
    const xmlType = ctx.binding === 'wbxml' ? WBXML_TO_XML_TYPE.get(type) : undefined;
    meta.type = xmlType ?? type;
  }
  const mark = f.text('Mark');
  if (mark !== undefined) meta.mark = mark;
  const size = f.one('Size');
  if (size !== undefined) meta.size = leafNumber(size, ctx, `${path}/Size`);
  const anchor = f.one('Anchor');
  if (anchor !== undefined) meta.anchor = readAnchor(anchor, ctx, `${path}/Anchor`);
  const version = f.text('Version');
  if (version !== undefined) meta.version = version;
  const nonce = f.one('NextNonce');
  if (nonce !== undefined) meta.nextNonce = readNonce(nonce, ctx, `${path}/NextNonce`);
  const maxMsg = f.one('MaxMsgSize');
  if (maxMsg !== undefined) meta.maxMsgSize = leafNumber(maxMsg, ctx, `${path}/MaxMsgSize`);
  const maxObj = f.one('MaxObjSize');
  if (maxObj !== undefined) meta.maxObjSize = leafNumber(maxObj, ctx, `${path}/MaxObjSize`);
  const emi = f.all('EMI');
  if (emi.length > 0) meta.emi = emi.map((x) => leafText(x, ctx, `${path}/EMI`));
  const mem = f.one('Mem');
  if (mem !== undefined) meta.mem = readMem(mem, ctx, `${path}/Mem`);
  return meta;
}

function readAnchor(e: XmlElement, ctx: ReadContext, path: string): Anchor {
  const f = new Fields(e, ['Last', 'Next'], ctx, path);
  f.warnUnknown();
  const last = f.text('Last');
  const next = f.text('Next');
  return { ...(last !== undefined && { last }), ...(next !== undefined && { next }) };
}

function readMem(e: XmlElement, ctx: ReadContext, path: string): Mem {
  const f = new Fields(e, ['SharedMem', 'FreeMem', 'FreeID'], ctx, path);
  f.warnUnknown();
  const free = f.one('FreeMem');
  const ids = f.one('FreeID');
  return {
    ...(f.flag('SharedMem') && { sharedMem: true }),
    ...(free !== undefined && { freeMem: leafNumber(free, ctx, `${path}/FreeMem`) }),
    ...(ids !== undefined && { freeID: leafNumber(ids, ctx, `${path}/FreeID`) }),
  };
}

/** NextNonce: OPAQUE bytes in WBXML, base64 text in XML (also tolerated in WBXML). */
function readNonce(e: XmlElement, ctx: ReadContext, path: string): Uint8Array {
  const parts = e.children.filter((c) => c.kind === 'opaque');
  if (parts.length > 0 && parts.length === e.children.length) return concatOpaque(parts);
  const text = leafText(e, ctx, path);
  try {
    return fromBase64(text);
  } catch {
    throw syncmlError('bad-value', path, 'NextNonce is not base64');
  }
}

/** Reads `Cred` (Meta + b64 Data). */
export function readCred(e: XmlElement, ctx: ReadContext, path: string): Cred {
  const f = new Fields(e, ['Meta', 'Data'], ctx, path);
  f.warnUnknown();
  const meta = f.one('Meta');
  const data = f.textOrEmpty('Data');
  return meta === undefined ? { data } : { meta: readMeta(meta, ctx, `${path}/Meta`), data };
}

/** Reads `Chal` (its Meta is required). */
export function readChal(e: XmlElement, ctx: ReadContext, path: string): Chal {
  const f = new Fields(e, ['Meta'], ctx, path);
  f.warnUnknown();
  return { meta: readMeta(f.required('Meta'), ctx, `${path}/Meta`) };
}

const ITEM_FIELDS = [
  'Target',
  'Source',
  'SourceParent',
  'TargetParent',
  'Meta',
  'Data',
  'MoreData',
];

/** Reads an `Item`; `inherited` is the command-level Meta, if any (Type/Format defaults). */
export function readItem(
  e: XmlElement,
  ctx: ReadContext,
  path: string,
  inherited: Meta | undefined,
): Item {
  const f = new Fields(e, ITEM_FIELDS, ctx, path);
  f.warnUnknown();
  const item: { -readonly [K in keyof Item]: Item[K] } = {};
  const target = f.one('Target');
  if (target !== undefined) item.target = readLocRef(target, ctx, `${path}/Target`);
  const source = f.one('Source');
  if (source !== undefined) item.source = readLocRef(source, ctx, `${path}/Source`);
  const sp = f.one('SourceParent');
  if (sp !== undefined) item.sourceParent = readLocRef(sp, ctx, `${path}/SourceParent`);
  const tp = f.one('TargetParent');
  if (tp !== undefined) item.targetParent = readLocRef(tp, ctx, `${path}/TargetParent`);
  const meta = f.one('Meta');
  if (meta !== undefined) item.meta = readMeta(meta, ctx, `${path}/Meta`);
  const data = f.one('Data');
  if (data !== undefined) {
    item.data = readData(data, ctx, `${path}/Data`, {
      type: item.meta?.type ?? inherited?.type,
      format: item.meta?.format ?? inherited?.format,
    });
  }
  if (f.flag('MoreData')) item.moreData = true;
  return item;
}

/** The Meta Type and Format in force for a `Data` (item Meta, else command Meta). */
export interface DataMeta {
  readonly type?: string | undefined;
  readonly format?: string | undefined;
}

/**
 * Reads `Data`: an element child → `xml`; otherwise trimmed text. OPAQUE (WBXML) content
 * is read by its Meta: an embedded-document type → the decoded sub-document as `xml`;
 * Format `bin`, or bytes that are not UTF-8 → `bytes`; any other Format (chr, int, b64,
 * …: the value is text whichever WBXML token carried it, and libwbxml's `xml2wbxml` writes
 * every Item Data as OPAQUE) → `text`.
 */
export function readData(e: XmlElement, ctx: ReadContext, path: string, meta: DataMeta = {}): Data {
  const elements: XmlElement[] = [];
  const opaques: XmlNode[] = [];
  let text = '';
  for (const c of e.children) {
    if (c.kind === 'element') elements.push(c);
    else if (c.kind === 'opaque') opaques.push(c);
    else text += c.value;
  }
  const hasText = text.trim() !== '';
  if (elements.length > 0) {
    if (elements.length > 1 || hasText || opaques.length > 0) {
      throw syncmlError('unexpected-element', path, 'mixed or multiple content in <Data>');
    }
    return { kind: 'xml', element: normalizeTree(elements[0] as XmlElement, ctx, path) };
  }
  if (opaques.length > 0) {
    if (hasText) throw syncmlError('unexpected-element', path, 'text and OPAQUE mixed in <Data>');
    const type = meta.type;
    // Without any Type, an OPAQUE that starts like a WBXML document (version 0–3) is tried
    // too: the writer sends every inline DevInf/TNDS element that way, typed or not.
    const first = opaques[0]?.kind === 'opaque' ? opaques[0].bytes[0] : undefined;
    const sniff = type === undefined && meta.format !== 'bin' && first !== undefined && first <= 3;
    if (ctx.binding === 'wbxml' && ((type !== undefined && EMBEDDED_TYPES.has(type)) || sniff)) {
      const embedded = readEmbedded(opaques, ctx, path, sniff);
      if (embedded !== undefined) return embedded;
    }
    const bytes = concatOpaque(opaques);
    if (meta.format !== 'bin') {
      try {
        return { kind: 'text', text: trimValue(strictUtf8.decode(bytes), ctx, path) };
      } catch {
        // not text after all: keep the bytes
      }
    }
    return { kind: 'bytes', bytes };
  }
  return { kind: 'text', text: trimValue(text, ctx, path) };
}

/**
 * Decodes the first OPAQUE part as an embedded WBXML document. libwbxml's `xml2wbxml`
 * writes the whitespace that followed the embedded document in the XML as a second OPAQUE
 * part; whitespace-only extra parts are dropped with a warning.
 */
function readEmbedded(
  parts: XmlNode[],
  ctx: ReadContext,
  path: string,
  quiet: boolean,
): Data | undefined {
  const [first, ...rest] = parts;
  if (first?.kind !== 'opaque') return undefined;
  for (const p of rest) {
    if (
      p.kind !== 'opaque' ||
      !p.bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)
    ) {
      return undefined;
    }
    ctx.warn(path, 'whitespace OPAQUE after the embedded document dropped');
  }
  try {
    const doc = decodeWbxml(first.bytes, {
      maxDepth: ctx.maxDepth,
      onWarning: (offset, message) => {
        if (!quiet) ctx.warn(path, `embedded WBXML at ${offset}: ${message}`);
      },
    });
    if (!EMBEDDED_NAMESPACES.has(doc.root.ns)) {
      if (!quiet) ctx.warn(path, `embedded document in namespace "${doc.root.ns}" kept as bytes`);
      return undefined;
    }
    return { kind: 'xml', element: normalizeTree(doc.root, ctx, path) };
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    if (!quiet) ctx.warn(path, `embedded document not decodable (${e.message}); kept as bytes`);
    return undefined;
  }
}

/**
 * Applies the model's text rule (no leading/trailing XML whitespace) inside an embedded
 * document too, so the XML and WBXML forms (libwbxml trims text) give equal models.
 */
function normalizeTree(e: XmlElement, ctx: ReadContext, path: string): XmlElement {
  let changed = false;
  const children: XmlNode[] = [];
  for (const c of e.children) {
    if (c.kind === 'element') {
      const n = normalizeTree(c, ctx, path);
      if (n !== c) changed = true;
      children.push(n);
    } else if (c.kind === 'text') {
      const t = c.value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (t !== c.value) changed = true;
      if (t !== '') children.push({ kind: 'text', value: t });
    } else children.push(c);
  }
  if (!changed) return e;
  ctx.warn(path, `whitespace trimmed inside embedded <${e.name}>`);
  return { ...e, children };
}

function concatOpaque(parts: readonly XmlNode[]): Uint8Array {
  // Always a fresh plain Uint8Array: the model must not alias the caller's buffer (which
  // may be reused, or be a Node Buffer).
  const chunks = parts.map((p) => (p.kind === 'opaque' ? p.bytes : new Uint8Array(0)));
  if (chunks.length === 1) return new Uint8Array(chunks[0] as Uint8Array);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
