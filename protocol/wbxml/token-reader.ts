import { DecodeError } from '../bytes/decode-error.js';
import { readMbUInt32At } from '../bytes/mb-uint32.js';
import type { XmlAttribute } from '../xml/element.js';
import type { WbxmlHeader } from './decode-header.js';
import { Token } from './tokens.js';

/** The shared, frozen attribute list of every element without attributes. */
export const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

/** True for code points XML 1.0 allows as characters. */
export function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Throws a `DecodeError` of format `'wbxml'`. */
export function fail(offset: number, reason: DecodeError['reason'], detail: string): never {
  throw new DecodeError(offset, reason, detail, 'wbxml');
}

/**
 * Low-level WBXML token reading shared by the body parser: mb_u_int32, inline and
 * string-table strings, entities, attribute lists / PI bodies, and the bytes after the root.
 * Every read is bounds-checked and fails with a `DecodeError` carrying the byte offset.
 */
export class TokenReader {
  /** Offset of the next unread byte. */
  pos: number;
  protected readonly end: number;
  private readonly strings = new Map<number, string>();
  /** Characters of text still allowed before `too-large` (guards STR_T amplification). */
  protected textBudget: number;

  constructor(
    protected readonly data: Uint8Array,
    protected readonly h: WbxmlHeader,
    protected readonly warn: (offset: number, message: string) => void,
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

  protected mb(): number {
    const r = readMbUInt32At(this.data, this.pos, this.end);
    this.pos = r.next;
    return r.value;
  }

  /** Reads the termstr at `pos` (after STR_I / EXT_I), returns it and moves past the NUL. */
  protected inlineString(): string {
    const { data, end } = this;
    const start = this.pos;
    // Most strings are short: a plain loop finds their NUL sooner than a call to indexOf.
    const near = Math.min(end, start + 64);
    let nul = start;
    while (nul < near && data[nul] !== 0) nul++;
    if (nul === near) nul = nul < end ? data.indexOf(0, nul) : -1;
    if (nul < 0) fail(end, 'truncated', 'inline string without NUL terminator');
    this.pos = nul + 1;
    return this.h.decodeText(this.data, start, nul);
  }

  protected entity(at: number): string {
    const c = this.mb();
    if (!isXmlChar(c)) fail(at, 'entity', `ENTITY 0x${c.toString(16)} is not an XML character`);
    return String.fromCodePoint(c);
  }

  /**
   * Parses an attribute list (or a PI body) up to and including its END. No DTD here has
   * attribute tokens, so only LITERAL-named attributes with string/entity values are kept;
   * `xmlns` declarations are dropped (the code page already gives the namespace).
   */
  protected attributeList(at: number, keep: boolean): readonly XmlAttribute[] {
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
  protected trailer(): void {
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
