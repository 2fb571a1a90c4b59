import { DecodeError } from '../bytes/decode-error.js';
import type { XmlElement } from '../xml/element.js';

/** Which wire form the element tree came from (decides OPAQUE and `+wbxml` handling). */
export type Binding = 'xml' | 'wbxml';

/** State shared by the element → model mappers. */
export interface ReadContext {
  readonly binding: Binding;
  readonly maxDepth: number;
  /** Reports a tolerated deviation; `path` names the element, e.g. `SyncBody/Get[2]/Item`. */
  readonly warn: (path: string, message: string) => void;
}

const XML_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A `DecodeError` for the SyncML layer; the tree carries no offsets, so the path does. */
export function syncmlError(
  reason: 'unexpected-element' | 'missing-element' | 'bad-value',
  path: string,
  detail: string,
): DecodeError {
  return new DecodeError(0, reason, `${detail} at ${path}`, 'syncml');
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

/** Trims XML whitespace from both ends, warning when anything was removed. */
export function trimValue(value: string, ctx: ReadContext, path: string): string {
  const trimmed = value.replace(XML_SPACE, '');
  if (trimmed.length !== value.length && trimmed.length > 0) {
    ctx.warn(path, 'leading/trailing whitespace trimmed');
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
 * unknown element is reported and left in `unknown`. Non-whitespace text directly in a
 * container is reported and ignored.
 */
export class Fields {
  private readonly byName = new Map<string, XmlElement[]>();
  /** Children whose name is not in the known list, in order. */
  readonly unknown: XmlElement[] = [];
  /** Every element child in order, with its canonical name (or undefined if unknown). */
  readonly ordered: { readonly name: string | undefined; readonly element: XmlElement }[] = [];

  constructor(
    readonly element: XmlElement,
    known: readonly string[],
    private readonly ctx: ReadContext,
    readonly path: string,
  ) {
    for (const c of element.children) {
      if (c.kind === 'element') {
        const name = canonicalName(c.name, known, ctx, path);
        this.ordered.push({ name, element: c });
        if (name === undefined) this.unknown.push(c);
        else {
          const list = this.byName.get(name);
          if (list === undefined) this.byName.set(name, [c]);
          else list.push(c);
        }
      } else if (c.kind === 'text' ? c.value.trim() !== '' : c.bytes.length > 0) {
        ctx.warn(path, `stray content in <${element.name}> ignored`);
      }
    }
  }

  /** The single child called `name`, or undefined; two of them are ambiguous. */
  one(name: string): XmlElement | undefined {
    const list = this.byName.get(name);
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
    return this.byName.get(name) ?? [];
  }

  /** True when the flag element `name` (an empty element such as `<NoResp/>`) is present. */
  flag(name: string): boolean {
    return this.one(name) !== undefined;
  }

  /** Reports every unknown child as dropped. */
  warnUnknown(): void {
    for (const u of this.unknown) {
      this.ctx.warn(this.path, `unknown element <${u.name}> dropped`);
    }
  }
}

function canonicalName(
  name: string,
  known: readonly string[],
  ctx: ReadContext,
  path: string,
): string | undefined {
  if (known.includes(name)) return name;
  const lower = name.toLowerCase();
  const match = known.find((k) => k.toLowerCase() === lower);
  if (match !== undefined) ctx.warn(path, `<${name}> read as <${match}>`);
  return match;
}
