import { DecodeError } from '../bytes/decode-error.js';
import { readDocument } from './cursor.js';
import type { XmlElement } from './element.js';
import { StringFeed, Utf8Feed } from './text-feed.js';
import { checkXmlEncoding } from './xml-bytes.js';
import { XmlCursor } from './xml-cursor.js';

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
  return readDocument(openXml(input, options));
}

/**
 * Checks the size, decodes the bytes (see `parseXml`) and returns a cursor over the
 * document; `parseXml` is this plus building the tree. Throws `DecodeError` like it.
 */
export function openXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlCursor {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (input.length > maxBytes) {
    throw new DecodeError(
      maxBytes,
      'too-large',
      `document of ${input.length} bytes exceeds ${maxBytes}`,
      'xml',
    );
  }
  let feed;
  if (typeof input === 'string') feed = new StringFeed(input);
  else {
    const legacy = checkXmlEncoding(input, options.onWarning);
    feed = legacy === undefined ? new Utf8Feed(input) : new StringFeed(legacy);
  }
  return new XmlCursor(feed, {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_XML_DEPTH,
    onWarning: options.onWarning,
  });
}
