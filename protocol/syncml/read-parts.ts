import { fromBase64 } from '../bytes/base64.js';
import type { XmlElement } from '../xml/element.js';
import { Fields, leafNumber, leafText, syncmlError } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import { EMBEDDED_TYPES } from './model.js';
import type { Anchor, Chal, Cred, LocRef, Mem, Meta } from './model.js';
import { concatOpaque } from './read-data.js';

export const WBXML_TO_XML_TYPE: ReadonlyMap<string, string> = new Map(
  [...EMBEDDED_TYPES].map(([x, w]) => [w, x]),
);

/** Reads `Target`/`Source`/`SourceParent`/`TargetParent`. */
export function readLocRef(e: XmlElement, ctx: ReadContext, path: string): LocRef {
  const f = Fields.of(e, ['LocURI', 'LocName'], ctx, path);
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
  const f = Fields.of(e, META_FIELDS, ctx, path);
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
  f.forEach((name, element) => {
    if (name !== 'MetInf' && element.ns !== 'syncml:metinf') {
      ctx.warn(path, `<${element.name}> outside the syncml:metinf namespace`);
    }
  });
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

export function readAnchor(e: XmlElement, ctx: ReadContext, path: string): Anchor {
  const f = Fields.of(e, ['Last', 'Next'], ctx, path);
  f.warnUnknown();
  const last = f.text('Last');
  const next = f.text('Next');
  return { ...(last !== undefined && { last }), ...(next !== undefined && { next }) };
}

export function readMem(e: XmlElement, ctx: ReadContext, path: string): Mem {
  const f = Fields.of(e, ['SharedMem', 'FreeMem', 'FreeID'], ctx, path);
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
export function readNonce(e: XmlElement, ctx: ReadContext, path: string): Uint8Array {
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
  const f = Fields.of(e, ['Meta', 'Data'], ctx, path);
  f.warnUnknown();
  const meta = f.one('Meta');
  const data = f.textOrEmpty('Data');
  return meta === undefined ? { data } : { meta: readMeta(meta, ctx, `${path}/Meta`), data };
}

/** Reads `Chal` (its Meta is required). */
export function readChal(e: XmlElement, ctx: ReadContext, path: string): Chal {
  const f = Fields.of(e, ['Meta'], ctx, path);
  f.warnUnknown();
  return { meta: readMeta(f.required('Meta'), ctx, `${path}/Meta`) };
}

/** Element names an `Item` may contain. */
export const ITEM_FIELDS: readonly string[] = [
  'Target',
  'Source',
  'SourceParent',
  'TargetParent',
  'Meta',
  'Data',
  'MoreData',
];
