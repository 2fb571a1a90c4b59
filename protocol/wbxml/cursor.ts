import { Ev } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import type { XmlAttribute } from '../xml/element.js';
import type { WbxmlHeader } from './decode-header.js';
import type { WbxmlLanguage } from './language.js';
import { TAG_ATTRIBUTES, TAG_CONTENT, TAG_MASK, Token } from './tokens.js';
import { fail, NO_ATTRIBUTES, TokenReader } from './token-reader.js';

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

const EMPTY = new Uint8Array(0);

/**
 * The WBXML body tokenizer as an {@link EventCursor}: reads tokens straight from the bytes
 * (after `decodeHeader` and the language lookup) and stops at each START, END, TEXT and
 * OPAQUE. `decodeWbxml` builds its tree from this cursor; the SyncML reader pulls from it
 * directly so no whole-document tree is ever built.
 *
 * Semantics are those documented on `decodeWbxml`: text tokens (STR_I, STR_T, ENTITY) are
 * merged into one TEXT across SWITCH_PAGE, PI and EXT tokens; a tag without content gives
 * START then END; after the root's END the trailer is checked and EOF returned. Every
 * problem throws `DecodeError` (format `'wbxml'`) with the offending byte offset.
 */
export class WbxmlCursor extends TokenReader implements EventCursor {
  kind: Ev | 0 = 0;
  name = '';
  ns = '';
  attributes: readonly XmlAttribute[] = NO_ATTRIBUTES;
  text = '';
  bytes: Uint8Array = EMPTY;
  depth = 0;
  /** Byte offset of the token that produced the current event. */
  offset = 0;

  private readonly idx: PageIndex;
  private readonly single: WbxmlLanguage['pages'][number] | undefined;
  private page = 0;
  private names: readonly (string | undefined)[] | undefined;
  private pageNs: string | undefined;
  /** One-page languages (DDF on page 2) sent without the SWITCH_PAGE: use their only page. */
  private borrowed = false;
  private readonly openNames: string[] = [];
  private readonly openNss: string[] = [];
  /** The current START had no content: the next event is its END. */
  private pendingEnd = false;
  private rootDone = false;

  constructor(
    data: Uint8Array,
    h: WbxmlHeader,
    warn: (offset: number, message: string) => void,
    private readonly lang: WbxmlLanguage,
    private readonly maxDepth: number,
  ) {
    super(data, h, warn);
    this.idx = pageIndex(lang);
    this.single = lang.pages.length === 1 ? lang.pages[0] : undefined;
    this.names = this.idx.names[0];
    this.pageNs = this.idx.ns[0];
    if (this.names === undefined && this.single !== undefined) {
      this.names = this.idx.names[this.single.page];
      this.pageNs = this.single.ns;
      this.borrowed = true;
    }
  }

  private closeElement(): Ev {
    const d = --this.depth;
    this.name = this.openNames[d] as string;
    this.ns = this.openNss[d] as string;
    if (d === 0) this.rootDone = true;
    return (this.kind = Ev.END);
  }

  next(): Ev {
    if (this.pendingEnd) {
      this.pendingEnd = false;
      return this.closeElement();
    }
    if (this.rootDone) {
      if (this.kind !== Ev.EOF) this.trailer();
      return (this.kind = Ev.EOF);
    }
    const { data, end } = this;
    let text = '';
    let textAt = 0;
    for (;;) {
      const at = this.pos;
      const inside = this.depth > 0;
      if (at >= end) {
        fail(
          at,
          'truncated',
          inside ? `input ends inside <${this.openNames[this.depth - 1]}>` : 'no root element',
        );
      }
      const b = data[at] as number;
      this.pos = at + 1;
      switch (b) {
        case Token.SWITCH_PAGE: {
          if (this.pos >= end) fail(this.pos, 'truncated', 'input ends after SWITCH_PAGE');
          const page = data[this.pos++] as number;
          this.page = page;
          this.names = this.idx.names[page];
          this.pageNs = this.idx.ns[page];
          this.borrowed = false;
          if (this.names === undefined && this.single !== undefined && page === 0) {
            this.names = this.idx.names[this.single.page];
            this.pageNs = this.single.ns;
            this.borrowed = true;
          }
          break;
        }
        case Token.END:
          if (text !== '') return this.emitText(text, textAt, at);
          if (!inside) fail(at, 'unexpected-element', 'END outside any element');
          this.offset = at;
          return this.closeElement();
        case Token.STR_I:
          if (!inside) fail(at, 'unexpected-element', 'text before the root element');
          if (text === '') textAt = at;
          text += this.budget(this.inlineString(), at);
          break;
        case Token.STR_T:
          if (!inside) fail(at, 'unexpected-element', 'text before the root element');
          if (text === '') textAt = at;
          text += this.budget(this.tableString(this.mb(), at), at);
          break;
        case Token.ENTITY:
          if (!inside) fail(at, 'unexpected-element', 'text before the root element');
          if (text === '') textAt = at;
          text += this.budget(this.entity(at), at);
          break;
        case Token.OPAQUE: {
          if (text !== '') return this.emitText(text, textAt, at);
          if (!inside) fail(at, 'unexpected-element', 'OPAQUE before the root element');
          const len = this.mb();
          if (len > end - this.pos) {
            fail(at, 'truncated', `OPAQUE of ${len} bytes but only ${end - this.pos} left`);
          }
          this.bytes = data.slice(this.pos, this.pos + len);
          this.pos += len;
          this.offset = at;
          return (this.kind = Ev.OPAQUE);
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
        default:
          if (text !== '') return this.emitText(text, textAt, at);
          return this.tag(b, at);
      }
    }
  }

  /** Counts decoded text against the budget that guards STR_T amplification. */
  private budget(s: string, at: number): string {
    this.textBudget -= s.length;
    if (this.textBudget < 0) fail(at, 'too-large', 'decoded text far larger than the input');
    return s;
  }

  /** Emits merged text; the token at `rewind` is read again by the next call. */
  private emitText(text: string, textAt: number, rewind: number): Ev {
    this.pos = rewind;
    this.text = text;
    this.offset = textAt;
    return (this.kind = Ev.TEXT);
  }

  /** A tag: a code-page token or a LITERAL form (0x04/0x44/0x84/0xC4). */
  private tag(b: number, at: number): Ev {
    const token = b & TAG_MASK;
    let name: string | undefined;
    let elNs: string;
    if (token === Token.LITERAL) {
      name = this.tableString(this.mb(), at);
      if (name === '') fail(at, 'bad-value', 'LITERAL tag with an empty name');
      elNs = this.pageNs ?? (this.lang.pages[0]?.ns as string);
    } else {
      const names = this.names;
      if (names === undefined) {
        fail(at, 'unknown-page', `code page ${this.page} is not part of ${this.lang.name}`);
      }
      if (this.borrowed) {
        this.warn(at, `tag on page 0, read from the only page of ${this.lang.name}`);
        this.borrowed = false;
      }
      name = names[token];
      if (name === undefined) {
        fail(
          at,
          'unknown-token',
          `tag token 0x${token.toString(16)} not on code page ${this.page} of ${this.lang.name}`,
        );
      }
      elNs = this.pageNs as string;
    }
    const d = this.depth;
    if (d >= this.maxDepth) fail(at, 'too-deep', `elements nested deeper than ${this.maxDepth}`);
    this.attributes = (b & TAG_ATTRIBUTES) !== 0 ? this.attributeList(at, true) : NO_ATTRIBUTES;
    if (d === 0 && name !== this.lang.rootName) {
      this.warn(at, `root element ${name} is not ${this.lang.rootName}`);
    }
    this.openNames[d] = name;
    this.openNss[d] = elNs;
    this.depth = d + 1;
    this.name = name;
    this.ns = elNs;
    this.offset = at;
    this.pendingEnd = (b & TAG_CONTENT) === 0;
    return (this.kind = Ev.START);
  }
}
