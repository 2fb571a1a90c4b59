import { DecodeError } from '../bytes/decode-error.js';
import { readMbUInt32At } from '../bytes/mb-uint32.js';
import type { XmlAttribute, XmlElement, XmlNode, XmlText } from '../xml/element.js';
import { decodeHeader, type WbxmlHeader } from './decode-header.js';
import type { WbxmlLanguage } from './language.js';
import { ALL_LANGUAGES, languageFor } from './languages.js';
import { TAG_ATTRIBUTES, TAG_CONTENT, TAG_MASK, Token } from './tokens.js';

/** Options for `decodeWbxml`. */
export interface WbxmlDecodeOptions {
  /** Deepest element nesting accepted (the root is depth 1). Default 64. */
  readonly maxDepth?: number;
  /** Languages to recognise the document by; default `ALL_LANGUAGES`. */
  readonly languages?: readonly WbxmlLanguage[];
  /** Called for tolerated oddities (extension tokens, PIs, unknown attributes, padding). */
  readonly onWarning?: (offset: number, message: string) => void;
}

/** A decoded WBXML document. */
export interface WbxmlDocument {
  /** Header version byte: 0x00–0x03 for WBXML 1.0–1.3. */
  readonly version: number;
  /** Header public id (0 when the FPI is in the string table). */
  readonly publicId: number;
  /** The FPI from the string table, when `publicId` is 0. */
  readonly fpi?: string;
  /** IANA MIBenum from the header (0 for WBXML 1.0 or "unknown"). */
  readonly charset: number;
  readonly language: WbxmlLanguage;
  readonly root: XmlElement;
}

interface MutableElement {
  readonly kind: 'element';
  readonly name: string;
  readonly ns: string;
  attributes: readonly XmlAttribute[];
  readonly children: XmlNode[];
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];
const NONE = (): void => {};

/** Per-language lookup arrays (page -> token -> name), built once. */
interface PageIndex {
  readonly names: (readonly (string | undefined)[] | undefined)[];
  readonly ns: (string | undefined)[];
}
const indexCache = new WeakMap<WbxmlLanguage, PageIndex>();

function pageIndex(lang: WbxmlLanguage): PageIndex {
  let idx = indexCache.get(lang);
  if (!idx) {
    const names: (string | undefined)[][] = [];
    const ns: (string | undefined)[] = [];
    for (const p of lang.pages) {
      const arr = new Array<string | undefined>(64).fill(undefined);
      for (const [token, name] of p.tags) arr[token] = name;
      names[p.page] = arr;
      ns[p.page] = p.ns;
    }
    idx = { names, ns };
    indexCache.set(lang, idx);
  }
  return idx;
}

/** True for code points XML 1.0 allows as characters. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function fail(offset: number, reason: DecodeError['reason'], detail: string): never {
  throw new DecodeError(offset, reason, detail, 'wbxml');
}

/**
 * Decodes a WBXML 1.0–1.3 document into the shared element tree.
 *
 * Total: any input returns a document or throws `DecodeError` (format `'wbxml'`) with the
 * byte offset of the problem. Lengths are checked against the remaining input before use,
 * nesting is limited by `maxDepth` (`too-deep`), and decoded text is limited to 16 bytes
 * per input byte plus 1 MiB (`too-large`), which only string-table abuse can reach.
 *
 * Mapping: a tag becomes an `XmlElement` whose `ns` is its code page's namespace; STR_I,
 * STR_T and ENTITY become text, adjacent text merging into one `XmlText`; OPAQUE becomes
 * an `XmlOpaque` holding a copy of the bytes (embedded DevInf/TNDS documents arrive this
 * way — decode them with another `decodeWbxml` call). LITERAL tags take their name from the
 * string table and the current page's namespace.
 *
 * Tolerated with `onWarning`: EXT_* tokens and PIs (skipped); attribute lists (SyncML has
 * no attribute tokens — `LITERAL` + string attributes are kept, `xmlns` is dropped, and
 * unknown attribute tokens are skipped up to the list's END, covering the Nokia
 * `ED 04 00 03 "SYNCML:SYNCML1.2" 00 01` root quirk); SWITCH_PAGE anywhere in content
 * (Nokia 6600 switches just before END); tags of a one-page language sent without the
 * SWITCH_PAGE (DDF tags on page 0); charset 0; trailing zero bytes after the root (link
 * padding) and trailing PIs. Any other byte after the root's END is `trailing-data`.
 *
 * Errors: `truncated`, `bad-version`, `bad-charset`, `unknown-public-id` (no language for
 * the public id, nor for the string-table FPI), `unknown-page` (a tag on a page the language
 * lacks), `unknown-token` (a tag the page lacks), `bad-string-ref` (STR_T/LITERAL index
 * outside the string table or not NUL-terminated inside it), `entity` (ENTITY that is not
 * an XML character), `bad-utf8`, `bad-length` (mb_u_int32 over 5 bytes / 32 bits),
 * `unexpected-element` (content before the root), `too-deep`, `too-large`, `trailing-data`.
 */
export function decodeWbxml(bytes: Uint8Array, options: WbxmlDecodeOptions = {}): WbxmlDocument {
  const warn = options.onWarning ?? NONE;
  const header = decodeHeader(bytes, warn);
  const d = new Decoder(bytes, header, warn);
  let fpi: string | undefined;
  if (header.fpiIndex !== undefined) fpi = d.tableString(header.fpiIndex, 1);
  const language = languageFor(header.publicId, fpi, options.languages ?? ALL_LANGUAGES);
  if (!language) {
    fail(
      1,
      'unknown-public-id',
      fpi !== undefined
        ? `unknown document type ${JSON.stringify(fpi)}`
        : `unknown public id 0x${header.publicId.toString(16)}`,
    );
  }
  const root = d.body(language, options.maxDepth ?? 64);
  if (root.name !== language.rootName) {
    warn(header.bodyStart, `root element ${root.name} is not ${language.rootName}`);
  }
  const doc: WbxmlDocument = {
    version: header.version,
    publicId: header.publicId,
    charset: header.charset,
    language,
    root,
  };
  return fpi === undefined ? doc : { ...doc, fpi };
}

class Decoder {
  pos: number;
  private readonly end: number;
  private readonly strings = new Map<number, string>();
  private textBudget: number;

  constructor(
    private readonly data: Uint8Array,
    private readonly h: WbxmlHeader,
    private readonly warn: (offset: number, message: string) => void,
  ) {
    this.pos = h.bodyStart;
    this.end = data.length;
    this.textBudget = data.length * 16 + (1 << 20);
  }

  /** The NUL-terminated string at `index` in the string table (cached). */
  tableString(index: number, at: number): string {
    const cached = this.strings.get(index);
    if (cached !== undefined) return cached;
    const { strtblStart, strtblEnd } = this.h;
    if (index >= strtblEnd - strtblStart) {
      fail(
        at,
        'bad-string-ref',
        `string table index ${index} outside the ${strtblEnd - strtblStart}-byte table`,
      );
    }
    const start = strtblStart + index;
    let nul = this.data.indexOf(0, start);
    if (nul < 0 || nul >= strtblEnd) {
      // The SyncML RTK writes a textual FPI without its NUL; the table end ends the string.
      this.warn(at, `string-table entry at ${index} runs to the end of the table unterminated`);
      nul = strtblEnd;
    }
    const s = this.h.decodeText(this.data, start, nul);
    this.strings.set(index, s);
    return s;
  }

  private mb(): number {
    const r = readMbUInt32At(this.data, this.pos, this.end);
    this.pos = r.next;
    return r.value;
  }

  /** Reads the termstr at `pos` (after STR_I / EXT_I), returns it and moves past the NUL. */
  private inlineString(): string {
    const start = this.pos;
    const nul = this.data.indexOf(0, start);
    if (nul < 0) fail(this.end, 'truncated', 'inline string without NUL terminator');
    this.pos = nul + 1;
    return this.h.decodeText(this.data, start, nul);
  }

  private entity(at: number): string {
    const c = this.mb();
    if (!isXmlChar(c)) fail(at, 'entity', `ENTITY 0x${c.toString(16)} is not an XML character`);
    return String.fromCodePoint(c);
  }

  private appendText(parent: MutableElement, s: string, at: number): void {
    this.textBudget -= s.length;
    if (this.textBudget < 0) fail(at, 'too-large', 'decoded text far larger than the input');
    const kids = parent.children;
    const last = kids[kids.length - 1];
    if (last !== undefined && last.kind === 'text') {
      kids[kids.length - 1] = { kind: 'text', value: last.value + s } satisfies XmlText;
    } else if (s.length > 0) {
      kids.push({ kind: 'text', value: s } satisfies XmlText);
    }
  }

  /** Parses the body: optional PIs, the root element, then checks what follows. */
  body(lang: WbxmlLanguage, maxDepth: number): XmlElement {
    const { data, end } = this;
    const idx = pageIndex(lang);
    const single = lang.pages.length === 1 ? lang.pages[0] : undefined;
    let page = 0;
    let names = idx.names[0];
    let ns = idx.ns[0];
    // One-page languages (DDF on page 2) sent without the SWITCH_PAGE: use their only page.
    let borrowed = false;
    if (names === undefined && single !== undefined) {
      names = idx.names[single.page];
      ns = single.ns;
      borrowed = true;
    }
    const stack: MutableElement[] = [];
    let parent: MutableElement | undefined;
    let root: MutableElement | undefined;

    while (root === undefined) {
      const at = this.pos;
      if (at >= end)
        fail(at, 'truncated', parent ? `input ends inside <${parent.name}>` : 'no root element');
      const b = data[at] as number;
      this.pos = at + 1;
      switch (b) {
        case Token.SWITCH_PAGE: {
          if (this.pos >= end) fail(this.pos, 'truncated', 'input ends after SWITCH_PAGE');
          page = data[this.pos++] as number;
          names = idx.names[page];
          ns = idx.ns[page];
          borrowed = false;
          if (names === undefined && single !== undefined && page === 0) {
            names = idx.names[single.page];
            ns = single.ns;
            borrowed = true;
          }
          break;
        }
        case Token.END: {
          if (!parent) fail(at, 'unexpected-element', 'END outside any element');
          stack.pop();
          if (stack.length === 0) root = parent;
          parent = stack[stack.length - 1];
          break;
        }
        case Token.STR_I:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(parent, this.inlineString(), at);
          break;
        case Token.STR_T:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(parent, this.tableString(this.mb(), at), at);
          break;
        case Token.ENTITY:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(parent, this.entity(at), at);
          break;
        case Token.OPAQUE: {
          if (!parent) fail(at, 'unexpected-element', 'OPAQUE before the root element');
          const len = this.mb();
          if (len > end - this.pos) {
            fail(at, 'truncated', `OPAQUE of ${len} bytes but only ${end - this.pos} left`);
          }
          parent.children.push({ kind: 'opaque', bytes: data.slice(this.pos, this.pos + len) });
          this.pos += len;
          break;
        }
        case Token.PI:
          this.warn(at, 'processing instruction skipped');
          this.attributeList(at, false);
          break;
        case Token.EXT_I_0:
        case Token.EXT_I_1:
        case Token.EXT_I_2:
          this.warn(at, `extension token 0x${b.toString(16)} skipped`);
          this.inlineString();
          break;
        case Token.EXT_T_0:
        case Token.EXT_T_1:
        case Token.EXT_T_2:
          this.warn(at, `extension token 0x${b.toString(16)} skipped`);
          this.mb();
          break;
        case Token.EXT_0:
        case Token.EXT_1:
        case Token.EXT_2:
          this.warn(at, `extension token 0x${b.toString(16)} skipped`);
          break;
        default: {
          // A tag: a code-page token or a LITERAL form (0x04/0x44/0x84/0xC4).
          const token = b & TAG_MASK;
          let name: string | undefined;
          let elNs: string;
          if (token === Token.LITERAL) {
            name = this.tableString(this.mb(), at);
            elNs = ns ?? (lang.pages[0]?.ns as string);
          } else {
            if (names === undefined) {
              fail(at, 'unknown-page', `code page ${page} is not part of ${lang.name}`);
            }
            if (borrowed) {
              this.warn(at, `tag on page 0, read from the only page of ${lang.name}`);
              borrowed = false;
            }
            name = names[token];
            if (name === undefined) {
              fail(
                at,
                'unknown-token',
                `tag token 0x${token.toString(16)} not on code page ${page} of ${lang.name}`,
              );
            }
            elNs = ns as string;
          }
          if (stack.length >= maxDepth)
            fail(at, 'too-deep', `elements nested deeper than ${maxDepth}`);
          const hasContent = (b & TAG_CONTENT) !== 0;
          const el: MutableElement = {
            kind: 'element',
            name,
            ns: elNs,
            attributes: NO_ATTRIBUTES,
            children: hasContent ? [] : NO_CHILDREN,
          };
          if ((b & TAG_ATTRIBUTES) !== 0) el.attributes = this.attributeList(at, true);
          if (parent) parent.children.push(el);
          if (hasContent) {
            stack.push(el);
            parent = el;
          } else if (!parent) {
            root = el;
          }
        }
      }
    }
    this.trailer();
    return root;
  }

  /**
   * Parses an attribute list (or a PI body) up to and including its END. No DTD here has
   * attribute tokens, so only LITERAL-named attributes with string/entity values are kept;
   * `xmlns` declarations are dropped (the code page already gives the namespace).
   */
  private attributeList(at: number, keep: boolean): readonly XmlAttribute[] {
    const { data, end } = this;
    const out: XmlAttribute[] = [];
    let name: string | undefined;
    let value = '';
    const flush = (): void => {
      if (keep && name !== undefined && name !== 'xmlns' && !name.startsWith('xmlns:')) {
        out.push({ name, value });
      }
      name = undefined;
      value = '';
    };
    for (;;) {
      const t = this.pos;
      if (t >= end) fail(t, 'truncated', 'input ends inside an attribute list');
      const b = data[t] as number;
      this.pos = t + 1;
      switch (b) {
        case Token.END:
          flush();
          return out.length === 0 ? NO_ATTRIBUTES : out;
        case Token.SWITCH_PAGE:
          if (this.pos >= end) fail(this.pos, 'truncated', 'input ends after SWITCH_PAGE');
          this.pos++;
          break;
        case Token.LITERAL: {
          flush();
          const index = this.mb();
          try {
            name = this.tableString(index, t);
          } catch (e) {
            // Nokia writes `LITERAL 00` with an empty string table for its root xmlns.
            if (!(e instanceof DecodeError) || e.reason !== 'bad-string-ref') throw e;
            this.warn(t, `attribute name at string-table index ${index} unreadable; dropped`);
          }
          break;
        }
        case Token.STR_I:
          value += this.inlineString();
          break;
        case Token.STR_T:
          value += this.tableString(this.mb(), t);
          break;
        case Token.ENTITY:
          value += this.entity(t);
          break;
        case Token.OPAQUE: {
          const len = this.mb();
          if (len > end - this.pos)
            fail(t, 'truncated', `OPAQUE of ${len} bytes but only ${end - this.pos} left`);
          this.pos += len;
          this.warn(t, 'opaque attribute value skipped');
          break;
        }
        case Token.EXT_I_0:
        case Token.EXT_I_1:
        case Token.EXT_I_2:
          this.inlineString();
          this.warn(t, 'extension token in attribute list skipped');
          break;
        case Token.EXT_T_0:
        case Token.EXT_T_1:
        case Token.EXT_T_2:
          this.mb();
          this.warn(t, 'extension token in attribute list skipped');
          break;
        default:
          // attrStart (< 0x80) or attrValue (>= 0x80) token from a table we do not have.
          if (b < 0x80) {
            flush();
            name = undefined;
          }
          this.warn(t, `unknown attribute token 0x${b.toString(16)} skipped (element at ${at})`);
      }
      if (value.length > this.textBudget)
        fail(t, 'too-large', 'attribute value far larger than the input');
    }
  }

  /** After the root: trailing PIs and all-zero padding are tolerated, anything else is not. */
  private trailer(): void {
    const { data, end } = this;
    while (this.pos < end) {
      const at = this.pos;
      const b = data[at] as number;
      if (b === Token.PI) {
        this.pos = at + 1;
        this.warn(at, 'processing instruction after the root skipped');
        this.attributeList(at, false);
        continue;
      }
      for (let i = at; i < end; i++) {
        if (data[i] !== 0) fail(at, 'trailing-data', `${end - at} byte(s) after the root element`);
      }
      this.warn(at, `${end - at} zero byte(s) of padding after the root element ignored`);
      this.pos = end;
    }
  }
}
