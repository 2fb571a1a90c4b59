import { ByteWriter } from '../bytes/byte-writer.js';
import { writeMbUInt32 } from '../bytes/mb-uint32.js';
import type { XmlAttribute, XmlElement } from '../xml/element.js';
import { writeTree } from '../xml/markup-sink.js';
import type { MarkupSink } from '../xml/markup-sink.js';
import type { CodePage, WbxmlLanguage } from './language.js';
import { Charset, TAG_CONTENT, Token } from './tokens.js';

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

/** Options of {@link WbxmlSink}. */
export interface WbxmlSinkOptions {
  /** Version byte: 1 = WBXML 1.1, 2 = WBXML 1.2 (default), 3 = WBXML 1.3. */
  readonly version?: 1 | 2 | 3;
  /**
   * Receives the document in pieces of about `chunkBytes` as it is written; each piece is
   * a view valid only during the call (copy or write it out before returning). Without
   * it `finish()` returns the whole document.
   */
  readonly onChunk?: (bytes: Uint8Array) => void;
  /** Size of the pieces handed to `onChunk` (default 64 KiB). */
  readonly chunkBytes?: number;
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
 * A {@link MarkupSink} writing a WBXML document of one language; the rules are the ones
 * `encodeWbxml` documents (inline strings only, no-content tag form for elements without
 * content, SWITCH_PAGE only before a start tag whose page differs). The header is written
 * on construction.
 *
 * A start tag is written with the content bit set; `close` clears it (and writes no END)
 * when nothing arrived in between. Pieces go to `onChunk` only after a `close`, when no
 * written tag byte can change any more.
 */
export class WbxmlSink implements MarkupSink {
  private readonly w = new ByteWriter(4096);
  private readonly idx: LanguageIndex;
  private readonly onChunk: ((bytes: Uint8Array) => void) | undefined;
  private readonly chunkBytes: number;
  private page = 0;
  private lastNs = '';
  private lastPage: CodePage | undefined;
  private depth = 0;
  private readonly names: string[] = [];
  /** Offset of each open element's tag byte, or -1 once it has content. */
  private readonly tagAt: number[] = [];
  /** Each open element's tag token (without the content bit). */
  private readonly tokens: number[] = [];

  constructor(
    private readonly lang: WbxmlLanguage,
    options: WbxmlSinkOptions = {},
  ) {
    this.idx = index(lang);
    this.onChunk = options.onChunk;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    writeHeader(this.w, lang, options.version ?? 2);
  }

  private error(detail: string): never {
    throw new WbxmlEncodeError(this.names.slice(0, this.depth).join('/'), detail);
  }

  private pageFor(name: string, ns: string): CodePage {
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
    for (const p of pages) if (p.page === this.page && p.tokens.has(name)) return p;
    for (const p of pages) if (p.tokens.has(name)) return p;
    return this.error(`no code page of ${this.lang.name} has a tag ${JSON.stringify(name)}`);
  }

  /** The parent now has content: its tag keeps the content bit. */
  private content(): void {
    const d = this.depth;
    if (d > 0) this.tagAt[d - 1] = -1;
  }

  open(name: string, ns: string, _block: boolean, attributes?: readonly XmlAttribute[]): void {
    this.content();
    const d = this.depth;
    this.names[d] = name;
    this.depth = d + 1;
    const p = this.pageFor(name, ns);
    const token = p.tokens.get(name);
    if (token === undefined) {
      this.error(`tag ${JSON.stringify(name)} is not on code page ${p.page} (${p.ns})`);
    }
    if (attributes !== undefined && attributes.length > 0) {
      this.error('attributes cannot be encoded (no attribute tokens)');
    }
    const w = this.w;
    if (p.page !== this.page) {
      w.writeUint8(Token.SWITCH_PAGE);
      w.writeUint8(p.page);
      this.page = p.page;
    }
    this.tagAt[d] = w.length;
    this.tokens[d] = token;
    w.writeUint8(token | TAG_CONTENT);
  }

  text(value: string): void {
    if (value.length === 0) return;
    if (value.indexOf('\u0000') >= 0) this.error('text contains U+0000, which STR_I cannot carry');
    this.content();
    const w = this.w;
    w.writeUint8(Token.STR_I);
    w.writeUtf8(value);
    w.writeUint8(0);
  }

  opaque(bytes: Uint8Array): void {
    this.content();
    const w = this.w;
    w.writeUint8(Token.OPAQUE);
    writeMbUInt32(w, bytes.length);
    w.writeBytes(bytes);
  }

  close(): void {
    const d = --this.depth;
    const at = this.tagAt[d] as number;
    const w = this.w;
    if (at >= 0) {
      // No content after all: the no-content form of the tag, and no END.
      w.setUint8(at, this.tokens[d] as number);
    } else w.writeUint8(Token.END);
    if (this.onChunk !== undefined && w.length >= this.chunkBytes) w.drain(this.onChunk);
  }

  leaf(name: string, ns: string, value: string): void {
    this.open(name, ns, false);
    this.text(value);
    this.close();
  }

  tree(element: XmlElement): void {
    writeTree(this, element);
  }

  /**
   * The document: all of it, or (with `onChunk`) what was not handed over yet, which is
   * then handed over too and an empty array returned.
   */
  finish(): Uint8Array {
    if (this.onChunk !== undefined) {
      this.w.drain(this.onChunk);
      return new Uint8Array(0);
    }
    return this.w.finish();
  }
}

/** Writes `version publicid charset strtbl` (see `encodeWbxml`). */
function writeHeader(w: ByteWriter, language: WbxmlLanguage, version: number): void {
  w.writeUint8(version);
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
}
