import { ByteWriter } from '../bytes/byte-writer.js';
import { writeMbUInt32 } from '../bytes/mb-uint32.js';
import type { XmlElement, XmlNode } from '../xml/element.js';
import type { CodePage, WbxmlLanguage } from './language.js';
import { Charset, TAG_CONTENT, Token } from './tokens.js';

/** Options for `encodeWbxml`. */
export interface WbxmlEncodeOptions {
  /**
   * Version byte: 1 = WBXML 1.1, 2 = WBXML 1.2, 3 = WBXML 1.3. Default 2, what the SyncML
   * RTK (and so most DM peers) write. libwbxml's `xml2wbxml` writes 3 by default; the body
   * encoding is the same for all three.
   */
  readonly version?: 1 | 2 | 3;
}

/** Thrown when a tree cannot be expressed in the language; `path` names the element. */
export class WbxmlEncodeError extends Error {
  override readonly name = 'WbxmlEncodeError';
  constructor(
    /** Slash-separated element names from the root, e.g. `SyncML/SyncBody/Foo`. */
    readonly path: string,
    detail: string,
  ) {
    super(`wbxml encode: ${detail} at ${path}`);
  }
}

interface LanguageIndex {
  readonly byNs: ReadonlyMap<string, CodePage>;
  readonly byNsLower: ReadonlyMap<string, CodePage>;
}
const cache = new WeakMap<WbxmlLanguage, LanguageIndex>();

function index(lang: WbxmlLanguage): LanguageIndex {
  let idx = cache.get(lang);
  if (!idx) {
    const byNs = new Map<string, CodePage>();
    const byNsLower = new Map<string, CodePage>();
    for (const p of lang.pages) {
      if (!byNs.has(p.ns)) byNs.set(p.ns, p);
      if (!byNsLower.has(p.ns.toLowerCase())) byNsLower.set(p.ns.toLowerCase(), p);
    }
    idx = { byNs, byNsLower };
    cache.set(lang, idx);
  }
  return idx;
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
 * containing U+0000, which STR_I cannot carry.
 */
export function encodeWbxml(
  root: XmlElement,
  language: WbxmlLanguage,
  options: WbxmlEncodeOptions = {},
): Uint8Array {
  const w = new ByteWriter(4096);
  w.writeUint8(options.version ?? 2);
  if (language.publicId === 0) {
    w.writeUint8(0);
    w.writeUint8(0); // string-table index of the FPI
    w.writeUint8(Charset.UTF_8);
    const fpi = new TextEncoder().encode(language.fpi);
    writeMbUInt32(w, fpi.length + 1);
    w.writeBytes(fpi);
    w.writeUint8(0);
  } else {
    writeMbUInt32(w, language.publicId);
    w.writeUint8(Charset.UTF_8);
    w.writeUint8(0); // empty string table
  }
  new Encoder(w, language).element(root);
  return w.finish();
}

function hasContent(children: readonly XmlNode[]): boolean {
  for (const c of children) {
    if (c.kind !== 'text' || c.value.length > 0) return true;
  }
  return false;
}

class Encoder {
  private page = 0;
  private readonly idx: LanguageIndex;
  private readonly path: string[] = [];
  private lastNs = '';
  private lastPage: CodePage | undefined;

  constructor(
    private readonly w: ByteWriter,
    private readonly lang: WbxmlLanguage,
  ) {
    this.idx = index(lang);
  }

  private error(detail: string): never {
    throw new WbxmlEncodeError(this.path.join('/'), detail);
  }

  private pageFor(el: XmlElement): CodePage {
    const ns = el.ns;
    if (ns !== '') {
      // Consecutive elements nearly always share a namespace; skip the map lookups then.
      if (ns === this.lastNs && this.lastPage !== undefined) return this.lastPage;
      const p = this.idx.byNs.get(ns) ?? this.idx.byNsLower.get(ns.toLowerCase());
      if (!p) this.error(`namespace ${JSON.stringify(ns)} is not part of ${this.lang.name}`);
      this.lastNs = ns;
      this.lastPage = p;
      return p;
    }
    const pages = this.lang.pages;
    for (const p of pages) if (p.page === this.page && p.tokens.has(el.name)) return p;
    for (const p of pages) if (p.tokens.has(el.name)) return p;
    return this.error(`no code page of ${this.lang.name} has a tag ${JSON.stringify(el.name)}`);
  }

  element(el: XmlElement): void {
    const w = this.w;
    this.path.push(el.name);
    const p = this.pageFor(el);
    const token = p.tokens.get(el.name);
    if (token === undefined)
      this.error(`tag ${JSON.stringify(el.name)} is not on code page ${p.page} (${p.ns})`);
    if (el.attributes.length > 0) this.error('attributes cannot be encoded (no attribute tokens)');
    if (p.page !== this.page) {
      w.writeUint8(Token.SWITCH_PAGE);
      w.writeUint8(p.page);
      this.page = p.page;
    }
    const children = el.children;
    if (!hasContent(children)) {
      w.writeUint8(token);
      this.path.pop();
      return;
    }
    w.writeUint8(token | TAG_CONTENT);
    for (const c of children) {
      if (c.kind === 'element') {
        this.element(c);
      } else if (c.kind === 'text') {
        const s = c.value;
        if (s.length === 0) continue;
        if (s.indexOf('\u0000') >= 0) this.error('text contains U+0000, which STR_I cannot carry');
        w.writeUint8(Token.STR_I);
        w.writeUtf8(s);
        w.writeUint8(0);
      } else {
        w.writeUint8(Token.OPAQUE);
        writeMbUInt32(w, c.bytes.length);
        w.writeBytes(c.bytes);
      }
    }
    w.writeUint8(Token.END);
    this.path.pop();
  }
}
