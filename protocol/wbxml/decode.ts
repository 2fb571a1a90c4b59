import type { XmlAttribute, XmlElement, XmlNode, XmlText } from '../xml/element.js';
import { decodeHeader } from './decode-header.js';
import type { WbxmlLanguage } from './language.js';
import { ALL_LANGUAGES, languageFor } from './languages.js';
import { TAG_ATTRIBUTES, TAG_CONTENT, TAG_MASK, Token } from './tokens.js';
import { fail, NO_ATTRIBUTES, TokenReader } from './token-reader.js';

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
  children: readonly XmlNode[];
}

const NO_CHILDREN: readonly XmlNode[] = Object.freeze([]);
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

/**
 * Decodes a WBXML 1.0–1.3 document into the shared element tree.
 *
 * Total: any input returns a document or throws `DecodeError` (format `'wbxml'`) with the
 * byte offset of the problem. Lengths are checked against the remaining input before use,
 * nesting is limited by `maxDepth` (`too-deep`), and decoded text is limited to 16
 * characters per input byte plus 1 Mi (`too-large`), which only string-table abuse reaches.
 *
 * Mapping: a tag becomes an `XmlElement` whose `ns` is its code page's namespace; STR_I,
 * STR_T and ENTITY become text, adjacent text merging into one `XmlText`; OPAQUE becomes
 * an `XmlOpaque` holding a copy of the bytes (embedded DevInf/TNDS documents arrive this
 * way — decode them with another `decodeWbxml` call). Some Nokia handsets send all PCDATA
 * as OPAQUE (`71 C3 03 "1.1" 01` for `<VerDTD>1.1</VerDTD>`, per libwbxml's parser notes),
 * so typed readers should accept an `XmlOpaque` where they expect text. LITERAL tags take
 * their name from the string table and the current page's namespace.
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
 * outside the string table; a last entry missing its NUL is accepted with a warning, as
 * the SyncML RTK writes its FPI that way), `entity` (ENTITY that is not
 * an XML character), `bad-utf8`, `bad-length` (mb_u_int32 over 5 bytes / 32 bits),
 * `unexpected-element` (content before the root), `bad-value` (empty LITERAL tag name),
 * `too-deep`, `too-large`, `trailing-data`.
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

class Decoder extends TokenReader {
  /**
   * Children of all open elements, innermost last: `nodes[starts[i]..top)` belong to the
   * i-th open element. An element's `children` is sliced off when it ends, so each array is
   * allocated once at its exact size (growing one array per element by `push` cost most of
   * the decoding time in garbage collection on 20 MB messages).
   */
  private readonly nodes: XmlNode[] = [];
  private top = 0;

  private appendText(start: number, s: string, at: number): void {
    this.textBudget -= s.length;
    if (this.textBudget < 0) fail(at, 'too-large', 'decoded text far larger than the input');
    const top = this.top;
    const last = top > start ? this.nodes[top - 1] : undefined;
    if (last !== undefined && last.kind === 'text') {
      this.nodes[top - 1] = { kind: 'text', value: last.value + s } satisfies XmlText;
    } else if (s.length > 0) {
      this.push({ kind: 'text', value: s } satisfies XmlText);
    }
  }

  private push(node: XmlNode): void {
    this.nodes[this.top++] = node;
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
    const starts: number[] = [];
    let parent: MutableElement | undefined;
    let start = 0;
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
          if (this.top > start) parent.children = this.nodes.slice(start, this.top);
          this.top = start;
          stack.pop();
          starts.pop();
          if (stack.length === 0) root = parent;
          parent = stack[stack.length - 1];
          start = starts[starts.length - 1] ?? 0;
          break;
        }
        case Token.STR_I:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(start, this.inlineString(), at);
          break;
        case Token.STR_T:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(start, this.tableString(this.mb(), at), at);
          break;
        case Token.ENTITY:
          if (!parent) fail(at, 'unexpected-element', 'text before the root element');
          this.appendText(start, this.entity(at), at);
          break;
        case Token.OPAQUE: {
          if (!parent) fail(at, 'unexpected-element', 'OPAQUE before the root element');
          const len = this.mb();
          if (len > end - this.pos) {
            fail(at, 'truncated', `OPAQUE of ${len} bytes but only ${end - this.pos} left`);
          }
          this.push({ kind: 'opaque', bytes: data.slice(this.pos, this.pos + len) });
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
            if (name === '') fail(at, 'bad-value', 'LITERAL tag with an empty name');
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
            children: NO_CHILDREN,
          };
          if ((b & TAG_ATTRIBUTES) !== 0) el.attributes = this.attributeList(at, true);
          if (parent) this.push(el);
          if (hasContent) {
            stack.push(el);
            start = this.top;
            starts.push(start);
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
}
