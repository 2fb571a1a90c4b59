import { el, opaque, text } from './element.js';
import type { XmlAttribute, XmlElement, XmlNode } from './element.js';
import type { MarkupSink } from './markup-sink.js';

const NONE: readonly XmlAttribute[] = [];

/**
 * A {@link MarkupSink} that builds an element tree (for callers of the tree-based API such
 * as `writeMessage`). A `leaf` with `''` has no children; `text('')` is kept as an empty
 * text node; `tree` inserts the given element itself, not a copy.
 */
export class TreeSink implements MarkupSink {
  private readonly stack: {
    name: string;
    ns: string;
    attrs: readonly XmlAttribute[];
    children: XmlNode[];
  }[] = [];
  private root: XmlElement | undefined;

  open(name: string, ns: string, _block: boolean, attributes?: readonly XmlAttribute[]): void {
    this.stack.push({ name, ns, attrs: attributes ?? NONE, children: [] });
  }

  text(value: string): void {
    this.add(text(value));
  }

  opaque(bytes: Uint8Array): void {
    this.add(opaque(bytes));
  }

  close(): void {
    const f = this.stack.pop();
    if (f === undefined) throw new RangeError('close() without open()');
    this.add(el(f.name, f.ns, f.children, f.attrs.length === 0 ? [] : f.attrs));
  }

  leaf(name: string, ns: string, value: string): void {
    this.add(el(name, ns, value === '' ? [] : [text(value)]));
  }

  tree(element: XmlElement): void {
    this.add(element);
  }

  private add(node: XmlNode): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) top.children.push(node);
    else if (node.kind === 'element') this.root = node;
    else throw new RangeError('content outside the root element');
  }

  /** The finished root element; throws `RangeError` when none was written. */
  finish(): XmlElement {
    if (this.root === undefined || this.stack.length > 0) {
      throw new RangeError('no complete root element was written');
    }
    return this.root;
  }
}
