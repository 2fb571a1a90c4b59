import { isDecodeError } from '../bytes/decode-error.js';
import { decodeWbxml } from '../wbxml/index.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
import { syncmlError, trimValue } from './element-reader.js';
import type { Path } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import { EMBEDDED_TYPES } from './model.js';
import type { Data } from './model.js';

/** Namespaces of documents that travel as separate WBXML documents inside OPAQUE. */
export const EMBEDDED_NAMESPACES: ReadonlySet<string> = new Set([
  'syncml:devinf',
  'syncml:dmddf1.2',
]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
export function readData(
  e: XmlElement,
  ctx: ReadContext,
  at: string | Path,
  meta: DataMeta = {},
): Data {
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
      throw syncmlError('unexpected-element', at, 'mixed or multiple content in <Data>');
    }
    return { kind: 'xml', element: normalizeTree(elements[0] as XmlElement, ctx, String(at)) };
  }
  if (opaques.length > 0) {
    if (hasText) throw syncmlError('unexpected-element', at, 'text and OPAQUE mixed in <Data>');
    const type = meta.type;
    // Without any Type, an OPAQUE that starts like a WBXML document (version 0–3) is tried
    // too: the writer sends every inline DevInf/TNDS element that way, typed or not.
    const first = opaques[0]?.kind === 'opaque' ? opaques[0].bytes[0] : undefined;
    const sniff = type === undefined && meta.format !== 'bin' && first !== undefined && first <= 3;
    if (ctx.binding === 'wbxml' && ((type !== undefined && EMBEDDED_TYPES.has(type)) || sniff)) {
      const embedded = readEmbedded(opaques, ctx, String(at), sniff);
      if (embedded !== undefined) return embedded;
    }
    const bytes = concatOpaque(opaques);
    if (meta.format !== 'bin') {
      try {
        return { kind: 'text', text: trimValue(strictUtf8.decode(bytes), ctx, at) };
      } catch {
        // not text after all: keep the bytes
      }
    }
    return { kind: 'bytes', bytes };
  }
  return { kind: 'text', text: trimValue(text, ctx, at) };
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

/** Joins OPAQUE parts into one fresh `Uint8Array`. */
export function concatOpaque(parts: readonly XmlNode[]): Uint8Array {
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
