import { Ev, readElement, skipElement } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
import { Path, syncmlError, trimValue } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import type { Data, Item, LocRef, Meta } from './model.js';
import {
  ITEM_FIELDS,
  readAnchor,
  readMem,
  readMeta,
  readNonce,
  WBXML_TO_XML_TYPE,
} from './read-parts.js';
import { readData } from './read-data.js';
import type { DataMeta } from './read-data.js';

/*
 * The hot part of the SyncML reader — Item, its LocRefs and Meta, leaf values — reading
 * straight from the cursor, with the same rules, warnings and errors as the tree readers in
 * read-parts.ts (which still read the rare parts: Anchor, Mem, NextNonce, a MetInf wrapper,
 * Data). A path string is only built when a warning or error needs it.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Meta Format and Type repeat item after item (`chr`, `text/plain`, …): the model keeps
 * one string per value instead of a copy per item, which a 100k-item message otherwise
 * carries — and the garbage collector copies — 200k times. Bounded: after `INTERN_MAX`
 * distinct values new ones are returned as they are.
 */
const interned = new Map<string, string>();
const INTERN_MAX = 256;

function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < INTERN_MAX && s.length <= 64) {
    const own = detached(s);
    interned.set(own, own);
    return own;
  }
  return s;
}

/**
 * `s` as a string of its own. In V8 a substring of 13 or more characters is a view into its
 * parent, and the XML parser's strings are substrings of 64 Ki-character slices of the
 * document: a string kept in one of the module-level caches here must not keep its slice
 * (and so, cache-wide, most of a large document) alive. Concatenating makes a new string,
 * flattened — copied — by the `slice`, which then views only that copy.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
const NUMBER = /^[0-9]{1,15}$/;

/**
 * The Metas holding only Format and/or Type — an Item's usual Meta, the same pair item after
 * item (`chr` + `text/plain`, …) — are shared: one frozen object per distinct pair instead
 * of one per item (a 100k-item message kept 100k equal objects, about a sixth of its model,
 * and the garbage collector copied each twice on its way to the old generation). The model
 * is read-only (`Meta`'s fields are `readonly`; nothing in the project writes to a decoded
 * Meta), and freezing makes that hold at run time too. Bounded like `intern`: after
 * `SHARED_META_MAX` pairs, new pairs get objects of their own.
 */
const sharedMetas = new Map<string | undefined, Map<string | undefined, Meta>>();
let sharedMetaCount = 0;
const SHARED_META_MAX = 256;

function sharedMeta(format: string | undefined, type: string | undefined): Meta {
  // Most Items repeat a pair met a few items before: a small direct-mapped cache of the
  // shared Metas answers them without the two Map lookups (and the intern lookups) below.
  const fl = format === undefined ? 0 : format.length;
  const tl = type === undefined ? 0 : type.length;
  const slot =
    (fl * 17 +
      tl * 5 +
      (format === undefined || fl === 0 ? 0 : format.charCodeAt(fl - 1)) +
      (type === undefined || tl === 0 ? 0 : type.charCodeAt(tl >> 1) * 3)) &
    (META_SLOTS - 1);
  const cached = recentMetas[slot];
  if (cached !== undefined && cached.format === format && cached.type === type) return cached;
  let byType = sharedMetas.get(format);
  const known = byType?.get(type);
  if (known !== undefined) {
    recentMetas[slot] = known;
    return known;
  }
  if (sharedMetaCount >= SHARED_META_MAX || fl > 64 || tl > 128) {
    const f = format === undefined ? undefined : intern(format);
    return metaOf(f, type === undefined ? undefined : intern(type));
  }
  const f = format === undefined ? undefined : detached(format);
  const t = type === undefined ? undefined : detached(type);
  const meta = Object.freeze(metaOf(f, t));
  if (byType === undefined) sharedMetas.set(f, (byType = new Map()));
  byType.set(t, meta);
  sharedMetaCount++;
  recentMetas[slot] = meta;
  return meta;
}

/** The shared Metas met last, by a slot of their Format and Type (see `sharedMeta`). */
const META_SLOTS = 64;
const recentMetas: (Meta | undefined)[] = new Array<Meta | undefined>(META_SLOTS).fill(undefined);

/** A Meta of Format and/or Type, as an object literal of that shape. */
function metaOf(format: string | undefined, type: string | undefined): Meta {
  if (format === undefined) return type === undefined ? {} : { type };
  return type === undefined ? { format } : { format, type };
}

/**
 * Text `Data` of short values that repeat (`true`, `0`, a default icon's base64, …) is
 * shared the same way, from the second time a value is met at its slot of a small
 * direct-mapped cache (values met once, such as counters, never get a frozen copy). Whether
 * a value was met is judged by a hash of all its characters, not by keeping the string
 * (see `detached`): a wrong guess only shares one more value. (A key of four characters
 * took distinct values differing elsewhere — `10379` and `10389` — for repeats, and each
 * such value cost a detached copy and a frozen object that the next one replaced.)
 */
type TextData = Extract<Data, { kind: 'text' }>;
const DATA_SLOTS = 512;
const DATA_MAX = 48;
const metKeys = new Int32Array(DATA_SLOTS);
const sharedData: (TextData | undefined)[] = new Array<TextData | undefined>(DATA_SLOTS).fill(
  undefined,
);

function textData(text: string): TextData {
  const n = text.length;
  if (n === 0 || n > DATA_MAX) return { kind: 'text', text };
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(n >> 1);
  const c2 = text.charCodeAt(n - 1);
  const slot = (n * 31 + c0 * 7 + c1 * 131 + c2) & (DATA_SLOTS - 1);
  const known = sharedData[slot];
  if (known !== undefined && known.text === text) return known;
  let key = n;
  for (let i = 0; i < n; i++) key = (Math.imul(key, 31) + text.charCodeAt(i)) | 0;
  key |= 1;
  if (metKeys[slot] === key) {
    const data: TextData = Object.freeze({ kind: 'text', text: detached(text) });
    sharedData[slot] = data;
    return data;
  }
  metKeys[slot] = key;
  return { kind: 'text', text };
}

/** An element path: a string, or an object that builds it when a warning or error names it. */
type At = string | Path | ItemPaths['item'];

/**
 * The paths of the Item being read and of its fields, for warnings and errors: one set per
 * command, moved from item to item by {@link ItemPaths.next}. A path is turned into a string
 * at once where a warning or error names it, so none outlives its item (a pending item keeps
 * a {@link ItemPaths.snapshot}) — this spares three path objects per item.
 */
export class ItemPaths {
  private index = 0;
  /** `command/Item[n]` of the current item. */
  readonly item: { toString(): string };
  /** `command/Item[n]/Field` for each of ITEM_FIELDS. */
  readonly fields: readonly { toString(): string }[];

  constructor(private readonly command: string) {
    const item = { toString: (): string => `${command}/Item[${this.index}]` };
    this.item = item;
    this.fields = ITEM_FIELDS.map((name) => ({ toString: () => `${String(item)}/${name}` }));
  }

  /** Moves to the next item. */
  next(): this {
    this.index++;
    return this;
  }

  /** The current item's path as a lasting {@link Path}. */
  snapshot(): Path {
    return new Path(this.command, 'Item', this.index);
  }
}

/** `parent/field`, built only when a warning or error names it. */
function sub(parent: At, field: string): string {
  return `${String(parent)}/${field}`;
}

/** Index of `name` in `known`, matching case-insensitively with a warning; -1 if unknown. */
function canonical(name: string, known: readonly string[], ctx: ReadContext, path: At): number {
  const i = known.indexOf(name);
  if (i >= 0) return i;
  const lower = name.toLowerCase();
  const j = known.findIndex((k) => k.toLowerCase() === lower);
  if (j >= 0) ctx.warn(String(path), `<${name}> read as <${known[j] as string}>`);
  return j;
}

function duplicate(path: At, name: string): never {
  throw syncmlError('unexpected-element', `${String(path)}/${name}`, `more than one <${name}>`);
}

/** Handles a container's TEXT/OPAQUE event: non-blank content is reported and ignored. */
function stray(cur: EventCursor, ctx: ReadContext, path: At, container: string): void {
  if (cur.kind === Ev.TEXT ? cur.text.trim() !== '' : cur.bytes.length > 0) {
    ctx.warn(String(path), `stray content in <${container}> ignored`);
  }
}

/** Skips an unknown child with the warning `Fields.warnUnknown` gives. */
function dropUnknown(cur: EventCursor, ctx: ReadContext, path: At): void {
  ctx.warn(String(path), `unknown element <${cur.name}> dropped`);
  skipElement(cur);
}

/** `leafText` on the element whose START is current, through its END. */
export function streamLeaf(cur: EventCursor, ctx: ReadContext, parent: At, field: string): string {
  const name = cur.name;
  let value = '';
  for (;;) {
    switch (cur.next()) {
      case Ev.TEXT:
        value = value === '' ? cur.text : value + cur.text;
        break;
      case Ev.OPAQUE:
        ctx.warn(sub(parent, field), 'OPAQUE where text was expected; read as UTF-8');
        value += utf8.decode(cur.bytes);
        break;
      case Ev.START:
        throw syncmlError(
          'unexpected-element',
          `${sub(parent, field)}/${cur.name}`,
          `element inside <${name}>`,
        );
      default: {
        // END (EOF cannot come inside an element).
        const c0 = value.charCodeAt(0);
        const cn = value.charCodeAt(value.length - 1);
        // Fast path: no XML whitespace at either end, nothing to trim.
        if (!(c0 <= 0x20 || cn <= 0x20)) return value;
        return trimValue(value, ctx, sub(parent, field));
      }
    }
  }
}

function streamNumber(cur: EventCursor, ctx: ReadContext, parent: At, field: string): number {
  const s = streamLeaf(cur, ctx, parent, field);
  if (!NUMBER.test(s)) throw syncmlError('bad-value', sub(parent, field), `"${s}" is not a number`);
  return Number(s);
}

const LOC_FIELDS = ['LocURI', 'LocName'];

/** `readLocRef` on the element whose START is current. */
export function streamLocRef(cur: EventCursor, ctx: ReadContext, path: At): LocRef {
  const container = cur.name;
  let locURI: string | undefined;
  let locName: string | undefined;
  for (;;) {
    const k = cur.next();
    if (k === Ev.END) break;
    if (k !== Ev.START) {
      stray(cur, ctx, path, container);
      continue;
    }
    const i = canonical(cur.name, LOC_FIELDS, ctx, path);
    if (i === 0) {
      if (locURI !== undefined) duplicate(path, 'LocURI');
      locURI = streamLeaf(cur, ctx, path, 'LocURI');
    } else if (i === 1) {
      if (locName !== undefined) duplicate(path, 'LocName');
      locName = streamLeaf(cur, ctx, path, 'LocName');
    } else dropUnknown(cur, ctx, path);
  }
  if (locURI === undefined) {
    ctx.warn(String(path), '<LocURI> missing; taken as empty');
    locURI = '';
  }
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
];

/** Bits of Format and Type in `streamMeta`'s `seen` (indexes 1 and 2 of META_FIELDS). */
const FORMAT_TYPE = (1 << 1) | (1 << 2);

/** `readMeta` on the element whose START is current. */
export function streamMeta(cur: EventCursor, ctx: ReadContext, path: At): Meta {
  const container = cur.name;
  let seen = 0;
  let fieldLevel = false;
  let format: string | undefined;
  let type: string | undefined;
  let mark: string | undefined;
  let size: number | undefined;
  let anchor: XmlElement | undefined;
  let version: string | undefined;
  let nonce: XmlElement | undefined;
  let maxMsg: number | undefined;
  let maxObj: number | undefined;
  let emi: string[] | undefined;
  let mem: XmlElement | undefined;
  let metInf: XmlElement | undefined;
  for (;;) {
    const k = cur.next();
    if (k === Ev.END) break;
    if (k !== Ev.START) {
      stray(cur, ctx, path, container);
      continue;
    }
    const i = canonical(cur.name, META_FIELDS, ctx, path);
    if (i < 0) {
      dropUnknown(cur, ctx, path);
      continue;
    }
    const name = META_FIELDS[i] as string;
    if (i !== 10) {
      if ((seen & (1 << i)) !== 0) duplicate(path, name);
      seen |= 1 << i;
    }
    if (i !== 12 && cur.ns !== 'syncml:metinf') {
      ctx.warn(String(path), `<${cur.name}> outside the syncml:metinf namespace`);
    }
    switch (i) {
      case 0:
        skipElement(cur);
        fieldLevel = true;
        break;
      case 1:
        format = streamLeaf(cur, ctx, path, name);
        break;
      case 2:
        type = streamLeaf(cur, ctx, path, name);
        break;
      case 3:
        mark = streamLeaf(cur, ctx, path, name);
        break;
      case 4:
        size = streamNumber(cur, ctx, path, name);
        break;
      case 5:
        anchor = readElement(cur);
        break;
      case 6:
        version = streamLeaf(cur, ctx, path, name);
        break;
      case 7:
        nonce = readElement(cur);
        break;
      case 8:
        maxMsg = streamNumber(cur, ctx, path, name);
        break;
      case 9:
        maxObj = streamNumber(cur, ctx, path, name);
        break;
      case 10:
        (emi ??= []).push(streamLeaf(cur, ctx, path, name));
        break;
      case 11:
        mem = readElement(cur);
        break;
      default:
        metInf = readElement(cur);
    }
  }
  if (type !== undefined && ctx.binding === 'wbxml') type = WBXML_TO_XML_TYPE.get(type) ?? type;
  // Only Format and/or Type (an Item's usual Meta): one shared, frozen object per pair.
  if ((seen & ~FORMAT_TYPE) === 0 && emi === undefined) return sharedMeta(format, type);
  // One string per value in the model (see `intern`), for the Metas not shared.
  if (format !== undefined) format = intern(format);
  if (type !== undefined) type = intern(type);
  // Same property order as readMetaFields (it shows in JSON output).
  const meta: { -readonly [K in keyof Meta]: Meta[K] } = {};
  if (fieldLevel) meta.fieldLevel = true;
  if (format !== undefined) meta.format = format;
  if (type !== undefined) meta.type = type;
  if (mark !== undefined) meta.mark = mark;
  if (size !== undefined) meta.size = size;
  if (anchor !== undefined) meta.anchor = readAnchor(anchor, ctx, `${String(path)}/Anchor`);
  if (version !== undefined) meta.version = version;
  if (nonce !== undefined) meta.nextNonce = readNonce(nonce, ctx, `${String(path)}/NextNonce`);
  if (maxMsg !== undefined) meta.maxMsgSize = maxMsg;
  if (maxObj !== undefined) meta.maxObjSize = maxObj;
  if (emi !== undefined) meta.emi = emi;
  if (mem !== undefined) meta.mem = readMem(mem, ctx, `${String(path)}/Mem`);
  if (metInf !== undefined) {
    ctx.warn(String(path), '<MetInf> wrapper inside <Meta> flattened');
    return { ...readMeta(metInf, ctx, `${String(path)}/MetInf`), ...meta };
  }
  return meta;
}

/**
 * An Item whose Data holds OPAQUE content or elements: its Data is read once the Meta in
 * force is known (see {@link finishItem}). Items with text-only Data — nearly all — are
 * finished by {@link streamItem} itself and never take this form.
 */
export class PendingItem {
  constructor(
    readonly item: { -readonly [K in keyof Item]: Item[K] },
    readonly data: XmlElement,
    /** MoreData was present (set after Data, keeping the model's property order). */
    readonly more: boolean,
    readonly path: Path,
  ) {}
}

/**
 * Reads the `Data` whose START is current, through its END: its text when it holds only
 * text (no element tree is built), else the element `readData` reads.
 */
function streamData(cur: EventCursor): string | XmlElement {
  const name = cur.name;
  const ns = cur.ns;
  const attributes = cur.attributes;
  let text = '';
  let k: Ev;
  while ((k = cur.next()) === Ev.TEXT) text = text === '' ? cur.text : text + cur.text;
  if (k === Ev.END) return text;
  // Elements or OPAQUE: the tree `readElement` would build.
  const children: XmlNode[] = text === '' ? [] : [{ kind: 'text', value: text }];
  for (; k !== Ev.END; k = cur.next()) {
    if (k === Ev.START) children.push(readElement(cur));
    else if (k === Ev.TEXT) children.push({ kind: 'text', value: cur.text });
    else if (k === Ev.OPAQUE) children.push({ kind: 'opaque', bytes: cur.bytes });
    else throw new RangeError('cursor ended inside an element');
  }
  return { kind: 'element', name, ns, attributes, children };
}

/**
 * Reads the `Item` whose START is current, through its END. Text Data is read at once and
 * the finished item returned; other Data (OPAQUE, elements) depends on the Meta in force,
 * so a {@link PendingItem} is returned for {@link finishItem}.
 */
export function streamItem(
  cur: EventCursor,
  ctx: ReadContext,
  paths: ItemPaths,
): Item | PendingItem {
  const path = paths.item;
  const fieldPaths = paths.fields;
  const container = cur.name;
  let seen = 0;
  let data: string | XmlElement | undefined;
  let target: LocRef | undefined;
  let source: LocRef | undefined;
  let sp: LocRef | undefined;
  let tp: LocRef | undefined;
  let meta: Meta | undefined;
  let more = false;
  for (;;) {
    const k = cur.next();
    if (k === Ev.END) break;
    if (k !== Ev.START) {
      stray(cur, ctx, path, container);
      continue;
    }
    const i = canonical(cur.name, ITEM_FIELDS, ctx, path);
    if (i < 0) {
      dropUnknown(cur, ctx, path);
      continue;
    }
    const name = ITEM_FIELDS[i] as string;
    if ((seen & (1 << i)) !== 0) duplicate(path, name);
    seen |= 1 << i;
    switch (i) {
      case 0:
        target = streamLocRef(cur, ctx, fieldPaths[i] as At);
        break;
      case 1:
        source = streamLocRef(cur, ctx, fieldPaths[i] as At);
        break;
      case 2:
        sp = streamLocRef(cur, ctx, fieldPaths[i] as At);
        break;
      case 3:
        tp = streamLocRef(cur, ctx, fieldPaths[i] as At);
        break;
      case 4:
        meta = streamMeta(cur, ctx, fieldPaths[i] as At);
        break;
      case 5:
        data = streamData(cur);
        break;
      default:
        skipElement(cur);
        more = true;
    }
  }
  let text: Data | undefined;
  if (typeof data === 'string') {
    // readData on text-only Data: the trimmed text, whatever the Meta.
    const c0 = data.charCodeAt(0);
    const cn = data.charCodeAt(data.length - 1);
    text = textData(c0 > 0x20 && cn > 0x20 ? data : trimValue(data, ctx, sub(path, 'Data')));
  }
  const loc = target ?? source;
  if (typeof data !== 'object' && (seen & ~ONE_LOC_META_DATA) === 0 && loc !== undefined) {
    if (target === undefined || source === undefined)
      return commonItem(loc, target !== undefined, meta, text);
  }
  const item: PendingItem['item'] = {};
  if (target !== undefined) item.target = target;
  if (source !== undefined) item.source = source;
  if (sp !== undefined) item.sourceParent = sp;
  if (tp !== undefined) item.targetParent = tp;
  if (meta !== undefined) item.meta = meta;
  if (typeof data === 'object') return new PendingItem(item, data, more, paths.snapshot());
  if (text !== undefined) item.data = text;
  if (more) item.moreData = true;
  return item;
}

/** Bits of Target, Source, Meta and Data in `streamItem`'s `seen` (see ITEM_FIELDS). */
const ONE_LOC_META_DATA = (1 << 0) | (1 << 1) | (1 << 4) | (1 << 5);

/**
 * The usual Item shapes — a Target or a Source, with or without Meta and text Data — as
 * object literals: each literal has a fixed shape, and V8 allocates the objects of a
 * literal whose objects survive straight in the old generation, so the garbage collector
 * does not copy a large message's items twice on the way there.
 */
function commonItem(
  loc: LocRef,
  isTarget: boolean,
  meta: Meta | undefined,
  data: Data | undefined,
): Item {
  if (isTarget) {
    if (meta === undefined) return data === undefined ? { target: loc } : { target: loc, data };
    return data === undefined ? { target: loc, meta } : { target: loc, meta, data };
  }
  if (meta === undefined) return data === undefined ? { source: loc } : { source: loc, data };
  return data === undefined ? { source: loc, meta } : { source: loc, meta, data };
}

/** True when the pending item's Data holds OPAQUE content (read by its Meta). */
export function needsMeta(p: PendingItem): boolean {
  return p.data.children.some((c) => c.kind === 'opaque');
}

/** Reads the pending item's Data with `inherited` (the command Meta) as default Meta. */
export function finishItem(p: PendingItem, ctx: ReadContext, inherited: Meta | undefined): Item {
  const { item, data } = p;
  const own = item.meta;
  const meta: DataMeta = {
    type: own?.type ?? inherited?.type,
    format: own?.format ?? inherited?.format,
  };
  item.data = readData(data, ctx, new Path(p.path, 'Data'), meta);
  if (p.more) item.moreData = true;
  return item;
}
