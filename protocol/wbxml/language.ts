/**
 * What a WBXML document type is made of: its public identifier and its tag code pages.
 *
 * A code page maps the 6-bit tag token (0x05–0x3F; 0x00–0x04 are global tokens) to the
 * element's local name, and carries the XML namespace its elements belong to, so decoding
 * yields namespaced `XmlElement`s and encoding can choose a page from an element's `ns`.
 * SyncML, MetInf, DevInf and DM DDF define no attribute tokens, so pages hold tags only.
 */
export interface CodePage {
  /** Code page number as written after SWITCH_PAGE (0–255). */
  readonly page: number;
  /** Namespace URI of every tag on this page, e.g. `'syncml:metinf'`. */
  readonly ns: string;
  /** token -> local name. */
  readonly tags: ReadonlyMap<number, string>;
  /** local name -> token (case-sensitive: DDF has both `Node` and `node`). */
  readonly tokens: ReadonlyMap<string, number>;
}

/** A WBXML document type (one DTD). */
export interface WbxmlLanguage {
  /** Short name for messages, e.g. `'SyncML 1.2'`. */
  readonly name: string;
  /**
   * Registered WBXML public identifier, or 0 when the DTD has none and the document names
   * its FPI through the string table instead (DM DDF / TNDS).
   */
  readonly publicId: number;
  /** Formal public identifier of the DTD, e.g. `'-//SYNCML//DTD SyncML 1.2//EN'`. */
  readonly fpi: string;
  /** Local name of the document element, e.g. `'SyncML'`. */
  readonly rootName: string;
  /** The code pages, ordered by page number; the first is the one the root lives on. */
  readonly pages: readonly CodePage[];
}

/**
 * Builds a code page from `[token, name]` pairs. Throws `RangeError` for a token outside
 * 0x05–0x3F or a duplicated token or name — a table typo, caught when the module loads.
 */
export function codePage(
  page: number,
  ns: string,
  entries: readonly (readonly [number, string])[],
): CodePage {
  const tags = new Map<number, string>();
  const tokens = new Map<string, number>();
  for (const [token, name] of entries) {
    if (token < 0x05 || token > 0x3f || tags.has(token) || tokens.has(name)) {
      throw new RangeError(`code page ${page} (${ns}): bad entry 0x${token.toString(16)} ${name}`);
    }
    tags.set(token, name);
    tokens.set(name, token);
  }
  return { page, ns, tags, tokens };
}
