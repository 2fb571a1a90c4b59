import { DecodeError } from '../bytes/decode-error.js';
import { Ev, readElement } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import type { XmlElement } from '../xml/element.js';
import type { MessageSink } from './write-message.js';

/** Which wire form the element tree came from (decides OPAQUE and `+wbxml` handling). */
export type Binding = 'xml' | 'wbxml';

/** State shared by the element → model mappers. */
export interface ReadContext {
  readonly binding: Binding;
  readonly maxDepth: number;
  /** Reports a tolerated deviation; `path` names the element, e.g. `SyncBody/Get[2]/Item`. */
  readonly warn: (path: string, message: string) => void;
  /** Set when the message is handed to a sink while it is read (see `streamMessage`). */
  readonly stream?: StreamState;
}

/** The state of a message being streamed into a sink while it is read. */
export interface StreamState {
  readonly sink: MessageSink;
  /** Still true when everything handed to the sink so far is the message as written. */
  ok: boolean;
  /** Set while a piece is read a second time, to be written early: its warnings are not reported again. */
  muted: boolean;
  /** The command just read was written to the sink item by item (not to be written again). */
  wrote: boolean;
}

/**
 * Runs `fn` with warnings muted; when it throws, streaming is given up (`ok` false) and
 * undefined returned — the normal reading path meets the same error in its turn.
 */
export function quietly<T>(stream: StreamState, fn: () => T): T | undefined {
  stream.muted = true;
  try {
    return fn();
  } catch {
    stream.ok = false;
    return undefined;
  } finally {
    stream.muted = false;
  }
}

/**
 * Hands a piece to the sink; if the sink throws, streaming is given up (see `quietly`).
 * Per-item callers pass a function made once and the piece as `arg`: a closure over the
 * piece would cost a context object per item.
 */
export function emit(stream: StreamState, fn: (sink: MessageSink) => void): void;
export function emit<A>(stream: StreamState, fn: (sink: MessageSink, arg: A) => void, arg: A): void;
export function emit<A>(
  stream: StreamState,
  fn: (sink: MessageSink, arg?: A) => void,
  arg?: A,
): void {
  if (!stream.ok) return;
  try {
    fn(stream.sink, arg);
  } catch {
    stream.ok = false;
  }
}

const XML_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A `DecodeError` for the SyncML layer; the tree carries no offsets, so the path does. */
export function syncmlError(
  reason: 'unexpected-element' | 'missing-element' | 'bad-value',
  path: string | Path,
  detail: string,
): DecodeError {
  return new DecodeError(0, reason, `${detail} at ${String(path)}`, 'syncml');
}

/**
 * The text of a leaf element, trimmed of XML whitespace (with a warning when trimming
 * changed it). OPAQUE content is read as UTF-8 with a warning; a child element is an error.
 */
export function leafText(e: XmlElement, ctx: ReadContext, path: string): string {
  let value = '';
  for (const c of e.children) {
    if (c.kind === 'text') value += c.value;
    else if (c.kind === 'opaque') {
      ctx.warn(path, 'OPAQUE where text was expected; read as UTF-8');
      value += utf8.decode(c.bytes);
    } else {
      throw syncmlError('unexpected-element', `${path}/${c.name}`, `element inside <${e.name}>`);
    }
  }
  return trimValue(value, ctx, path);
}

/**
 * An element path built only when a warning or error names it (`parent/name[index]`):
 * the readers pass these around for every element, and almost none is ever printed.
 */
export class Path {
  private cached: string | undefined;
  constructor(
    private readonly parent: Path | string,
    private readonly name: string,
    private readonly index = 0,
  ) {}

  toString(): string {
    if (this.cached === undefined) {
      const base = `${String(this.parent)}/${this.name}`;
      this.cached = this.index > 0 ? `${base}[${this.index}]` : base;
    }
    return this.cached;
  }
}

/** Trims XML whitespace from both ends, warning when anything was removed. */
export function trimValue(value: string, ctx: ReadContext, path: string | Path): string {
  const trimmed = value.replace(XML_SPACE, '');
  if (trimmed.length !== value.length && trimmed.length > 0) {
    ctx.warn(String(path), 'leading/trailing whitespace trimmed');
  }
  return trimmed;
}

/** A decimal number from a leaf element; anything else is `'bad-value'`. */
export function leafNumber(e: XmlElement, ctx: ReadContext, path: string): number {
  const s = leafText(e, ctx, path);
  if (!/^[0-9]{1,15}$/.test(s)) throw syncmlError('bad-value', path, `"${s}" is not a number`);
  return Number(s);
}

/**
 * The children of a container element grouped by their (canonical) name.
 *
 * A name matching a known one only case-insensitively is accepted with a warning; an
 * unknown element is left in `unknown` (see `warnUnknown`). Non-whitespace text directly
 * in a container is reported and ignored. Filled either from a finished element
 * ({@link Fields.of}) or child by child while streaming ({@link collectFields}).
 */
export class Fields {
  /** Elements per known name (index in `known`), in document order. */
  private readonly slots: (XmlElement[] | undefined)[];
  /** Children whose name is not in the known list, in order (created when needed). */
  private unknownList: XmlElement[] | undefined;

  constructor(
    private readonly known: readonly string[],
    private readonly ctx: ReadContext,
    readonly path: string,
  ) {
    this.slots = new Array<XmlElement[] | undefined>(known.length);
  }

  /** The fields of a finished element. */
  static of(element: XmlElement, known: readonly string[], ctx: ReadContext, path: string): Fields {
    const f = new Fields(known, ctx, path);
    for (const c of element.children) {
      if (c.kind === 'element') f.add(f.canonical(c.name), c);
      else if (c.kind === 'text' ? c.value.trim() !== '' : c.bytes.length > 0)
        f.stray(element.name);
    }
    return f;
  }

  /**
   * The index of `name` in the known list, matching case-insensitively with a warning;
   * -1 when unknown.
   */
  canonical(name: string): number {
    const known = this.known;
    const i = known.indexOf(name);
    if (i >= 0) return i;
    const lower = name.toLowerCase();
    const j = known.findIndex((k) => k.toLowerCase() === lower);
    if (j >= 0) this.ctx.warn(this.path, `<${name}> read as <${known[j] as string}>`);
    return j;
  }

  /** The canonical name at `index` (from {@link canonical}), undefined for -1. */
  nameAt(index: number): string | undefined {
    return this.known[index];
  }

  /** Adds a child under its canonical index (-1: unknown). */
  add(index: number, element: XmlElement): void {
    if (index < 0) {
      (this.unknownList ??= []).push(element);
      return;
    }
    const list = this.slots[index];
    if (list === undefined) this.slots[index] = [element];
    else list.push(element);
  }

  /** Reports stray text or OPAQUE directly inside the container `containerName`. */
  stray(containerName: string): void {
    this.ctx.warn(this.path, `stray content in <${containerName}> ignored`);
  }

  /** True when at least one child called `name` was seen. */
  has(name: string): boolean {
    return this.slots[this.known.indexOf(name)] !== undefined;
  }

  /** Calls `fn` for every known child (known-list order, then document order). */
  forEach(fn: (name: string, element: XmlElement) => void): void {
    const { known, slots } = this;
    for (let i = 0; i < known.length; i++) {
      const list = slots[i];
      if (list !== undefined) for (const e of list) fn(known[i] as string, e);
    }
  }

  /** The single child called `name`, or undefined; two of them are ambiguous. */
  one(name: string): XmlElement | undefined {
    const list = this.slots[this.known.indexOf(name)];
    if (list === undefined) return undefined;
    if (list.length > 1) {
      throw syncmlError('unexpected-element', `${this.path}/${name}`, `more than one <${name}>`);
    }
    return list[0];
  }

  /** The single required child `name`; absent is `'missing-element'`. */
  required(name: string): XmlElement {
    const e = this.one(name);
    if (e === undefined) {
      throw syncmlError('missing-element', this.path, `<${name}> is required`);
    }
    return e;
  }

  /** Text of the single child `name`, or undefined. */
  text(name: string): string | undefined {
    const e = this.one(name);
    return e === undefined ? undefined : leafText(e, this.ctx, `${this.path}/${name}`);
  }

  /** Text of `name`, or `''` with a warning when it is missing (tolerated omissions). */
  textOrEmpty(name: string): string {
    const t = this.text(name);
    if (t === undefined) {
      this.ctx.warn(this.path, `<${name}> missing; taken as empty`);
      return '';
    }
    return t;
  }

  /** Every child called `name`. */
  all(name: string): readonly XmlElement[] {
    return this.slots[this.known.indexOf(name)] ?? [];
  }

  /** True when the flag element `name` (an empty element such as `<NoResp/>`) is present. */
  flag(name: string): boolean {
    return this.one(name) !== undefined;
  }

  /** Reports every unknown child as dropped. */
  warnUnknown(): void {
    for (const u of this.unknownList ?? []) {
      this.ctx.warn(this.path, `unknown element <${u.name}> dropped`);
    }
  }
}

/**
 * Streams the children of the element whose START is the cursor's current event into `f`,
 * up to its END (the cursor is left there). Each child element is offered to `take` first
 * with its canonical name (undefined if unknown) and its position among the element
 * children; `take` either reads it from the cursor (through its END) and returns true, or
 * returns false and the child is built as a small tree and added to `f`.
 */
export function collectFields(
  cur: EventCursor,
  f: Fields,
  take?: (name: string | undefined, ordinal: number) => boolean,
): void {
  const container = cur.name;
  let ordinal = 0;
  for (;;) {
    switch (cur.next()) {
      case Ev.START: {
        const index = f.canonical(cur.name);
        if (take === undefined || !take(f.nameAt(index), ordinal)) {
          f.add(index, readElement(cur));
        }
        ordinal++;
        break;
      }
      case Ev.END:
        return;
      case Ev.TEXT:
        if (cur.text.trim() !== '') f.stray(container);
        break;
      case Ev.OPAQUE:
        if (cur.bytes.length > 0) f.stray(container);
        break;
      default:
        throw new RangeError('cursor ended inside an element');
    }
  }
}
