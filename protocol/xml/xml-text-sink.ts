import { toBase64 } from '../bytes/base64.js';
import type { XmlAttribute, XmlElement } from './element.js';
import { writeTree } from './markup-sink.js';
import type { MarkupSink } from './markup-sink.js';
import { escapeAttr, escapeText } from './xml-escape.js';

/** Options of {@link XmlTextSink}. */
export interface XmlTextSinkOptions {
  /** Indent nested elements by two spaces per level (never inside mixed content). */
  readonly pretty?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  readonly declaration?: boolean;
  /**
   * Receives the text in pieces of about `chunkChars` characters as it is written (the
   * pieces concatenated are the document); without it `finish()` returns the whole text.
   */
  readonly onChunk?: (text: string) => void;
  /** Size of the pieces handed to `onChunk` (default 64 Ki characters). */
  readonly chunkChars?: number;
}

/** `\n` plus two spaces per level, cached: one string per level instead of one per element. */
const NEWLINES: string[] = [];
function newline(level: number): string {
  return (NEWLINES[level] ??= `\n${'  '.repeat(level)}`);
}

/**
 * A {@link MarkupSink} writing XML text, the way `serializeXml` writes a tree: `xmlns` on
 * the root and wherever an element's namespace differs from its parent's; `<x/>` for an
 * element without content; with `pretty`, each child of a block element on its own line.
 * Escaping is `escapeText`/`escapeAttr` (a `RangeError` for characters XML cannot carry);
 * binary content is written as base64.
 *
 * The text accumulates in a string that is handed to `onChunk` whenever it passes
 * `chunkChars`, so a large document can be written out while it is produced.
 */
export class XmlTextSink implements MarkupSink {
  /** Pieces written since the last flush (joined into one flat string per chunk). */
  private readonly parts: string[] = [];
  private readonly done: string[] = [];
  private readonly chunkParts: number;
  private readonly onChunk: ((text: string) => void) | undefined;
  private readonly pretty: boolean;
  private depth = 0;
  private readonly names: string[] = [];
  private readonly nss: string[] = [];
  /** Indent level of each open element; -1: inside mixed content, not indented. */
  private readonly indents: number[] = [];
  private readonly blocks: boolean[] = [];
  /** The innermost start tag still lacks its `>` (no content seen yet). */
  private pending = false;

  constructor(options: XmlTextSinkOptions = {}) {
    this.pretty = options.pretty === true;
    this.onChunk = options.onChunk;
    // Pieces average ~16 characters; counting pieces is cheaper than summing lengths.
    this.chunkParts = Math.max(1, (options.chunkChars ?? 64 * 1024) >> 4);
    if (options.declaration === true) {
      this.parts.push(
        this.pretty
          ? '<?xml version="1.0" encoding="UTF-8"?>\n'
          : '<?xml version="1.0" encoding="UTF-8"?>',
      );
    }
  }

  /** Closes a pending start tag and writes the separator the next child goes after. */
  private child(): void {
    const d = this.depth;
    if (d === 0) return;
    if (this.pending) {
      this.pending = false;
      this.parts.push('>');
    }
    if (this.blocks[d - 1] === true) this.parts.push(newline((this.indents[d - 1] as number) + 1));
  }

  /** Writes `<name` and, when the namespace changes here, its `xmlns`. */
  private startTag(name: string, ns: string): void {
    const d = this.depth;
    const parentNs = d === 0 ? undefined : this.nss[d - 1];
    this.child();
    this.parts.push('<', name);
    if (ns !== parentNs && (parentNs !== undefined || ns !== '')) {
      this.parts.push(' xmlns="', escapeAttr(ns), '"');
    }
  }

  open(name: string, ns: string, block: boolean, attributes?: readonly XmlAttribute[]): void {
    const d = this.depth;
    this.startTag(name, ns);
    if (attributes !== undefined) {
      for (const a of attributes) this.parts.push(' ', a.name, '="', escapeAttr(a.value), '"');
    }
    const indent =
      d === 0
        ? this.pretty
          ? 0
          : -1
        : this.blocks[d - 1] === true
          ? (this.indents[d - 1] as number) + 1
          : -1;
    this.names[d] = name;
    this.nss[d] = ns;
    this.indents[d] = indent;
    this.blocks[d] = block && indent >= 0;
    this.depth = d + 1;
    this.pending = true;
  }

  text(value: string): void {
    this.child();
    this.parts.push(escapeText(value));
  }

  opaque(bytes: Uint8Array): void {
    this.child();
    this.parts.push(toBase64(bytes));
  }

  close(): void {
    const d = --this.depth;
    if (this.pending) {
      this.pending = false;
      this.parts.push('/>');
    } else {
      if (this.blocks[d] === true) this.parts.push(newline(this.indents[d] as number));
      this.parts.push('</', this.names[d] as string, '>');
    }
    if (this.parts.length >= this.chunkParts) this.flush();
  }

  leaf(name: string, ns: string, value: string): void {
    this.startTag(name, ns);
    if (value === '') this.parts.push('/>');
    else this.parts.push('>', escapeText(value), '</', name, '>');
    if (this.parts.length >= this.chunkParts) this.flush();
  }

  tree(element: XmlElement): void {
    writeTree(this, element);
  }

  private flush(): void {
    const text = this.parts.join('');
    this.parts.length = 0;
    if (this.onChunk !== undefined) this.onChunk(text);
    else this.done.push(text);
  }

  /**
   * Ends the document (a final newline when pretty) and returns the text not yet handed
   * to `onChunk` — all of it when there is no `onChunk`.
   */
  finish(): string {
    if (this.pretty) this.parts.push('\n');
    this.flush();
    if (this.onChunk !== undefined) return '';
    const all = this.done.join('');
    this.done.length = 0;
    return all;
  }
}
