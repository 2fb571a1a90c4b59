import type { XmlAttribute, XmlElement, XmlNode } from './element.js';

/**
 * Kinds of parse event an {@link EventCursor} stops at. Plain numbers (not an enum) so
 * the hot `switch` in the readers compares small integers.
 */
export const Ev = {
  /** An element starts: `name`, `ns`, `attributes`, `offset` are set. */
  START: 1,
  /** The innermost open element ends: `name`, `ns` name it. */
  END: 2,
  /** Character data in `text` (never empty; adjacent pieces already merged). */
  TEXT: 3,
  /** WBXML OPAQUE content in `bytes` (a fresh copy the caller may keep). */
  OPAQUE: 4,
  /** The document is complete and everything after the root was checked. */
  EOF: 5,
} as const;
export type Ev = (typeof Ev)[keyof typeof Ev];

/**
 * A pull parser over one document (XML, WBXML or an existing tree): `next()` advances to
 * the next event and returns its kind; the event's data is read from the cursor's own
 * fields, so stepping through a document allocates nothing per event beyond the strings
 * and bytes of its content. Readers that only need part of a document build just that
 * part ({@link readElement}) and let it die young, instead of keeping a whole tree alive.
 *
 * Invariants every implementation keeps: START/END are balanced and nest at most the
 * cursor's depth limit; there is exactly one root element; TEXT is never empty and never
 * follows another TEXT; after EOF `next()` keeps returning EOF. Decoding problems are
 * thrown as `DecodeError` from `next()`, at the point where the input goes wrong.
 */
export interface EventCursor {
  /** The current event (as last returned by `next()`; 0 before the first call). */
  readonly kind: Ev | 0;
  /** Local name of the element (START/END). */
  readonly name: string;
  /** Namespace URI of the element, `''` when none (START/END). */
  readonly ns: string;
  /** Attributes other than xmlns declarations (START). */
  readonly attributes: readonly XmlAttribute[];
  /** Character data (TEXT). */
  readonly text: string;
  /** OPAQUE bytes (OPAQUE). */
  readonly bytes: Uint8Array;
  /** Number of open elements after this event (the root's START gives 1). */
  readonly depth: number;
  /** Advances to the next event. */
  next(): Ev;
}

const NO_CHILDREN: readonly XmlNode[] = Object.freeze([]);

/**
 * Builds the element whose START is the cursor's current event, consuming events up to
 * and including its END (the cursor is left on that END). The tree is the one the codecs'
 * tree functions (`parseXml`, `decodeWbxml`) return for the same input.
 */
export function readElement(cur: EventCursor): XmlElement {
  const base = cur.depth - 1;
  // Shared stacks (readElement never re-enters itself): a per-call set of arrays cost more
  // allocation than the small trees it builds.
  const { names, nss, attrs, starts, nodes } = STACKS;
  const bottom = nodes.length;
  names[0] = cur.name;
  nss[0] = cur.ns;
  attrs[0] = cur.attributes;
  starts[0] = bottom;
  try {
    for (;;) {
      switch (cur.next()) {
        case Ev.START: {
          const d = cur.depth - base - 1;
          names[d] = cur.name;
          nss[d] = cur.ns;
          attrs[d] = cur.attributes;
          starts[d] = nodes.length;
          break;
        }
        case Ev.END: {
          const d = cur.depth - base;
          const start = starts[d] as number;
          const element: XmlElement = {
            kind: 'element',
            name: names[d] as string,
            ns: nss[d] as string,
            attributes: attrs[d] as readonly XmlAttribute[],
            children: nodes.length === start ? NO_CHILDREN : nodes.slice(start),
          };
          nodes.length = start;
          if (d === 0) return element;
          nodes.push(element);
          break;
        }
        case Ev.TEXT:
          nodes.push({ kind: 'text', value: cur.text });
          break;
        case Ev.OPAQUE:
          nodes.push({ kind: 'opaque', bytes: cur.bytes });
          break;
        default:
          // Unreachable for a conforming cursor (EOF only after the root's END).
          throw new RangeError('cursor ended inside an element');
      }
    }
  } finally {
    nodes.length = bottom;
  }
}

const STACKS = {
  names: [] as string[],
  nss: [] as string[],
  attrs: [] as (readonly XmlAttribute[])[],
  starts: [] as number[],
  nodes: [] as XmlNode[],
};

/** Skips the element whose START is current, leaving the cursor on its END. */
export function skipElement(cur: EventCursor): void {
  const depth = cur.depth - 1;
  while (cur.next() !== Ev.END || cur.depth !== depth) {
    if (cur.kind === Ev.EOF) throw new RangeError('cursor ended inside an element');
  }
}

/**
 * Reads the whole document from a fresh cursor: the root element, after checking that the
 * document ends after it (`next()` reaching EOF runs the trailing-content checks).
 */
export function readDocument(cur: EventCursor): XmlElement {
  while (cur.next() !== Ev.START) {
    if (cur.kind === Ev.EOF) throw new RangeError('cursor ended before the root element');
  }
  const root = readElement(cur);
  while (cur.next() !== Ev.EOF) {
    // nothing but EOF follows the root's END in a conforming cursor
  }
  return root;
}

/**
 * A cursor over an existing element tree (so tree-based callers share the streaming
 * readers). Text nodes are merged and empty ones skipped, as the decoders would.
 */
export class TreeCursor implements EventCursor {
  kind: Ev | 0 = 0;
  name = '';
  ns = '';
  attributes: readonly XmlAttribute[] = [];
  text = '';
  bytes: Uint8Array = new Uint8Array(0);
  depth = 0;
  private readonly elements: XmlElement[] = [];
  private readonly indexes: number[] = [];

  constructor(private readonly root: XmlElement) {}

  next(): Ev {
    if (this.kind === 0) return this.start(this.root);
    if (this.depth === 0) return (this.kind = Ev.EOF);
    const parent = this.elements[this.depth - 1] as XmlElement;
    const children = parent.children;
    let i = this.indexes[this.depth - 1] as number;
    let text = '';
    while (i < children.length) {
      const c = children[i] as XmlNode;
      if (c.kind !== 'text') break;
      text += c.value;
      i++;
    }
    this.indexes[this.depth - 1] = i;
    if (text !== '') {
      this.text = text;
      return (this.kind = Ev.TEXT);
    }
    const c = children[i];
    if (c === undefined) {
      this.depth--;
      this.name = parent.name;
      this.ns = parent.ns;
      return (this.kind = Ev.END);
    }
    this.indexes[this.depth - 1] = i + 1;
    if (c.kind === 'opaque') {
      this.bytes = c.bytes;
      return (this.kind = Ev.OPAQUE);
    }
    return this.start(c as XmlElement);
  }

  private start(e: XmlElement): Ev {
    this.elements[this.depth] = e;
    this.indexes[this.depth] = 0;
    this.depth++;
    this.name = e.name;
    this.ns = e.ns;
    this.attributes = e.attributes;
    return (this.kind = Ev.START);
  }
}
