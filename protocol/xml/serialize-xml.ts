import { toBase64 } from '../bytes/base64.js';
import type { XmlElement, XmlNode } from './element.js';

/** Options for {@link serializeXml}. */
export interface SerializeXmlOptions {
  /** Indent nested elements by two spaces per level (never inside mixed content). */
  readonly pretty?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  readonly declaration?: boolean;
}

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL_G = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_SPECIAL_G = /[&<>"\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const escapeChar = (c: string): string => ESCAPES[c] ?? c;

/**
 * Serializes an element tree as XML text.
 *
 * Escaping: `&`, `<`, `>` and CR (as `&#13;`, so it survives end-of-line normalization)
 * in text; additionally `"`, TAB and LF in attribute values. Characters XML 1.0 cannot
 * represent at all (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates) make
 * it throw a `RangeError` naming the code point — such values must travel as bytes
 * (base64), never silently altered. `xmlns="…"` is written on the root and wherever an
 * element's namespace differs from its parent's. Opaque nodes are written as base64.
 */
export function serializeXml(root: XmlElement, options: SerializeXmlOptions = {}): string {
  const parts: string[] = [];
  if (options.declaration === true) {
    parts.push('<?xml version="1.0" encoding="UTF-8"?>');
    if (options.pretty === true) parts.push('\n');
  }
  writeElement(root, undefined, options.pretty === true ? 0 : -1, parts);
  if (options.pretty === true) parts.push('\n');
  return parts.join('');
}

function writeElement(
  node: XmlElement,
  parentNs: string | undefined,
  indent: number,
  parts: string[],
): void {
  parts.push('<', node.name);
  if (node.ns !== parentNs && (parentNs !== undefined || node.ns !== '')) {
    parts.push(' xmlns="', escapeAttr(node.ns), '"');
  }
  for (const a of node.attributes) {
    parts.push(' ', a.name, '="', escapeAttr(a.value), '"');
  }
  const children = node.children;
  if (children.length === 0) {
    parts.push('/>');
    return;
  }
  parts.push('>');
  const block = indent >= 0 && children.every((c) => c.kind === 'element');
  const inner = block ? newline(indent + 1) : '';
  for (const child of children) {
    if (block) parts.push(inner);
    writeNode(child, node.ns, block ? indent + 1 : -1, parts);
  }
  if (block) parts.push(newline(indent));
  parts.push('</', node.name, '>');
}

/** `\n` plus two spaces per level, cached: one string per level instead of one per element. */
const NEWLINES: string[] = [];
function newline(level: number): string {
  return (NEWLINES[level] ??= `\n${'  '.repeat(level)}`);
}

function writeNode(node: XmlNode, parentNs: string, indent: number, parts: string[]): void {
  switch (node.kind) {
    case 'element':
      writeElement(node, parentNs, indent, parts);
      return;
    case 'text':
      parts.push(escapeText(node.value));
      return;
    case 'opaque':
      parts.push(toBase64(node.bytes));
      return;
  }
}

/**
 * Throws for characters XML 1.0 cannot carry at all, not even as character references:
 * C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF and unpaired surrogates.
 */
function checkChars(value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    let bad = false;
    if (c < 0x20) bad = c !== 0x09 && c !== 0x0a && c !== 0x0d;
    else if (c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = true;
    } else if (c <= 0xdfff) bad = true;
    else bad = c === 0xfffe || c === 0xffff;
    if (bad) {
      const cp = c.toString(16).toUpperCase().padStart(4, '0');
      throw new RangeError(`U+${cp} cannot be represented in XML 1.0 (send the value as bytes)`);
    }
  }
}

/** Escapes character data; throws `RangeError` for characters XML 1.0 cannot carry. */
export function escapeText(value: string): string {
  checkChars(value);
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_G, escapeChar) : value;
}

/** Escapes an attribute value (double-quoted); throws `RangeError` like {@link escapeText}. */
export function escapeAttr(value: string): string {
  checkChars(value);
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL_G, escapeChar) : value;
}
