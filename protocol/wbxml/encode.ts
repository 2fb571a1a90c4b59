import type { XmlElement } from '../xml/element.js';
import type { WbxmlLanguage } from './language.js';
import { WbxmlSink } from './wbxml-sink.js';

export { WbxmlEncodeError, WbxmlSink } from './wbxml-sink.js';
export type { WbxmlSinkOptions } from './wbxml-sink.js';

/** Options for `encodeWbxml`. */
export interface WbxmlEncodeOptions {
  /**
   * Version byte: 1 = WBXML 1.1, 2 = WBXML 1.2, 3 = WBXML 1.3. Default 2, what the SyncML
   * RTK (and so most DM peers) write. libwbxml's `xml2wbxml` writes 3 by default; the body
   * encoding is the same for all three.
   */
  readonly version?: 1 | 2 | 3;
}

/**
 * Encodes `root` as a WBXML document of `language`.
 *
 * - Header: the version byte, the language's public id, charset UTF-8 (106). Languages
 *   without a public id (DDF/TNDS) get public id `00 00` and the FPI as the only string-table
 *   entry (NUL-terminated, as the WBXML spec and libwbxml have it; the SyncML RTK omits the
 *   NUL, which our decoder also accepts).
 * - Strings are always inline (STR_I). We build no string table on purpose: it is what DM
 *   peers expect (the SyncML RTK only ever puts a textual FPI there), a table saves little
 *   on DM traffic, and libwbxml's table builder is cubic in message size.
 * - `XmlOpaque` nodes become OPAQUE. Elements without children (or with only empty text)
 *   use the no-content tag form (`<SessionID/>` is `25`, not `65 01`).
 * - Code pages: an element's page is the page whose `ns` equals `element.ns` (exactly, else
 *   ignoring case); for `ns === ''` the name is looked up on the current page, then on every
 *   page in order. SWITCH_PAGE is written only before start tags, and only when the page
 *   changes (SyncML RTK `xltGenerateTag`).
 *
 * Throws `WbxmlEncodeError` for an unknown namespace or tag, for attributes (none of these
 * DTDs has attribute tokens; `xmlns` is never stored as an attribute), and for text
 * containing U+0000, which STR_I cannot carry. The writing itself is {@link WbxmlSink},
 * which model writers use directly.
 */
export function encodeWbxml(
  root: XmlElement,
  language: WbxmlLanguage,
  options: WbxmlEncodeOptions = {},
): Uint8Array {
  const sink = new WbxmlSink(language, { version: options.version ?? 2 });
  sink.tree(root);
  return sink.finish();
}
