import { SaxesParser } from 'saxes';
import type { SaxesAttributeNS, SaxesTagNS } from 'saxes';
import { DecodeError } from '../bytes/decode-error.js';
import type { XmlAttribute, XmlElement, XmlNode } from './element.js';
import { decodeXmlBytes } from './xml-bytes.js';

/** A tolerated oddity found while decoding; `offset` is a character (or byte) offset. */
export interface XmlWarning {
  readonly offset: number;
  readonly message: string;
}

/** Options for {@link parseXml}. */
export interface ParseXmlOptions {
  /** Deepest element nesting accepted (root = 1). Default 128. */
  readonly maxDepth?: number;
  /** Largest input accepted, in bytes (or UTF-16 code units for strings). Default 64 MiB. */
  readonly maxBytes?: number;
  /** Receives each tolerated deviation (an ignored external DOCTYPE, a transcoded charset). */
  readonly onWarning?: (warning: XmlWarning) => void;
}

/** Default nesting limit: SyncML + Atomic + Sequence + Item + Data + a deep TNDS tree fit. */
export const DEFAULT_MAX_XML_DEPTH = 128;
/** Default size limit; a DM message over OBEX or HTTP is far smaller. */
export const DEFAULT_MAX_XML_BYTES = 64 * 1024 * 1024;

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlNode[] = Object.freeze([]);

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/**
 * Parses an XML document into the shared element tree.
 *
 * - Namespaces are resolved onto `ns`; `xmlns`/`xmlns:*` attributes are dropped, and a
 *   prefixed attribute is kept under its local name (the tree has no attribute namespaces).
 * - Security: a DOCTYPE with an internal subset (`[...]`, where ENTITY declarations live)
 *   is refused with reason `'entity'`, which blocks entity-expansion ("billion laughs")
 *   and external-entity attacks. A DOCTYPE that only names an external DTD
 *   (`<!DOCTYPE SyncML PUBLIC "…" "…">`, as real SyncML messages carry) is ignored with a
 *   warning and never fetched; any entity it might declare is therefore undefined and
 *   refused with `'entity'`. Only the five predefined entities and character references
 *   are expanded.
 * - Whitespace-only text in an element that has element children is dropped; all other
 *   text (including CDATA, merged with adjacent text) is kept verbatim. Comments and
 *   processing instructions are dropped.
 * - Bytes: strict UTF-8 (a BOM is skipped); a declared ISO-8859-1/US-ASCII encoding is
 *   transcoded; any other declared encoding is refused with `'unsupported'`.
 *
 * Total: returns a tree or throws {@link DecodeError} (`format` `'xml'`); malformed input
 * gives `'malformed-xml'` with the character offset and `line:column` in the message.
 */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlElement {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (input.length > maxBytes) {
    throw new DecodeError(
      maxBytes,
      'too-large',
      `document of ${input.length} bytes exceeds ${maxBytes}`,
      'xml',
    );
  }
  const source = typeof input === 'string' ? input : decodeXmlBytes(input, options.onWarning);
  try {
    // Position tracking costs about a quarter of the parse time, so the first pass runs
    // without it; only a failing document is parsed again to locate the error.
    return buildTree(source, options, false);
  } catch (e) {
    if (e instanceof DecodeError)
      return buildTree(source, { maxDepth: options.maxDepth ?? DEFAULT_MAX_XML_DEPTH }, true);
    throw e;
  }
}

function buildTree(source: string, options: ParseXmlOptions, positions: boolean): XmlElement {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  const parser = new SaxesParser({ xmlns: true, position: positions });
  // Open elements live in parallel arrays and their children on one shared node stack, so
  // each finished element is one object with an exactly-sized children array (a
  // 1,000,000-element message spends most of its time in the garbage collector otherwise).
  const names: string[] = [];
  const nss: string[] = [];
  const attrs: (readonly XmlAttribute[])[] = [];
  const starts: number[] = [];
  const hasElementChild: boolean[] = [];
  const nodes: XmlNode[] = [];
  let depth = 0;
  let root: XmlElement | undefined;
  let pendingText = '';

  const where = (): string => (positions ? ` at line ${parser.line}:${parser.column + 1}` : '');
  const fail = (reason: 'malformed-xml' | 'entity' | 'too-deep', message: string): never => {
    throw new DecodeError(positions ? parser.position : 0, reason, message + where(), 'xml');
  };

  const flushText = (beforeElement: boolean): void => {
    if (pendingText === '') return;
    if (
      depth > 0 &&
      !((beforeElement || hasElementChild[depth - 1] === true) && WHITESPACE_ONLY.test(pendingText))
    ) {
      nodes.push({ kind: 'text', value: pendingText });
    }
    pendingText = '';
  };

  parser.on('error', (err: Error) => {
    const message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    fail(
      /entity/.test(message) && !/character entity/.test(message) ? 'entity' : 'malformed-xml',
      message,
    );
  });
  parser.on('doctype', (doctype: string) => {
    if (doctype.includes('[')) {
      fail(
        'entity',
        'DOCTYPE with an internal subset refused (DTDs and entity declarations are not processed)',
      );
    }
    if (!positions) {
      options.onWarning?.({
        offset: 0,
        message: 'DOCTYPE ignored: external DTDs are never fetched and their entities are refused',
      });
    }
  });
  parser.on('text', (t: string) => {
    if (depth > 0) pendingText += t;
  });
  parser.on('cdata', (t: string) => {
    if (depth > 0) pendingText += t;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    flushText(true);
    if (depth >= maxDepth) fail('too-deep', `element nesting exceeds ${maxDepth}`);
    if (depth > 0) hasElementChild[depth - 1] = true;
    hasElementChild[depth] = false;
    names[depth] = tag.local;
    nss[depth] = tag.uri;
    attrs[depth] = collectAttributes(tag.attributes);
    starts[depth] = nodes.length;
    depth++;
  });
  parser.on('closetag', () => {
    flushText(false);
    if (depth === 0) return;
    depth--;
    const start = starts[depth] ?? 0;
    const element: XmlElement = {
      kind: 'element',
      name: names[depth] ?? '',
      ns: nss[depth] ?? '',
      attributes: attrs[depth] ?? NO_ATTRIBUTES,
      children: nodes.length === start ? NO_CHILDREN : nodes.slice(start),
    };
    nodes.length = start;
    if (depth === 0) root = element;
    else nodes.push(element);
  });

  try {
    parser.write(source).close();
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // saxes reports through the error handler; anything else is still bad input.
    throw new DecodeError(positions ? parser.position : 0, 'malformed-xml', String(e), 'xml');
  }
  if (root === undefined) {
    throw new DecodeError(source.length, 'malformed-xml', 'no root element', 'xml');
  }
  return root;
}

function collectAttributes(attrs: Record<string, SaxesAttributeNS>): readonly XmlAttribute[] {
  let out: XmlAttribute[] | undefined;
  for (const key in attrs) {
    const a = attrs[key];
    if (a === undefined || a.prefix === 'xmlns' || (a.prefix === '' && a.local === 'xmlns'))
      continue;
    // The shared tree has no attribute namespaces (SyncML uses no attributes): a prefixed
    // attribute is kept under its local name so the tree serializes back without the
    // prefix declaration it would need.
    (out ??= []).push({ name: a.local, value: a.value });
  }
  return out ?? NO_ATTRIBUTES;
}
