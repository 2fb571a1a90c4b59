import type { XmlAttribute, XmlElement } from './element.js';

/**
 * Receives a document as a stream of element starts, content and ends, so writers can go
 * from a model straight to text or bytes without building an element tree first. The
 * implementations — XML text (`XmlTextSink`), WBXML bytes (`WbxmlSink`) and an element
 * tree (`TreeSink`) — produce exactly what serializing the equivalent tree produces.
 *
 * Calls must nest: every `open` is matched by one `close`. Whether an element has content
 * is decided by what arrives before its `close`, so writers need not know it in advance.
 */
export interface MarkupSink {
  /**
   * Starts an element. `block` promises that all of its content will be elements (a
   * pretty-printing sink then puts each child on its own line); `attributes` are rare.
   */
  open(name: string, ns: string, block: boolean, attributes?: readonly XmlAttribute[]): void;
  /** Character data inside the current element (an empty string still counts as content in XML). */
  text(value: string): void;
  /** Binary content inside the current element (OPAQUE in WBXML, base64 in XML). */
  opaque(bytes: Uint8Array): void;
  /** Ends the innermost open element. */
  close(): void;
  /** An element holding only `value` as text (`''`: an empty element). */
  leaf(name: string, ns: string, value: string): void;
  /** An existing element tree, written as is (see {@link writeTree}). */
  tree(element: XmlElement): void;
}

/** True when every child is an element (a pretty printer may then indent them). */
export function isBlock(element: XmlElement): boolean {
  for (const c of element.children) if (c.kind !== 'element') return false;
  return true;
}

/** Streams `element` and its subtree into `sink` (the generic `MarkupSink.tree`). */
export function writeTree(sink: MarkupSink, element: XmlElement): void {
  sink.open(element.name, element.ns, isBlock(element), element.attributes);
  for (const c of element.children) {
    if (c.kind === 'element') writeTree(sink, c);
    else if (c.kind === 'text') sink.text(c.value);
    else sink.opaque(c.bytes);
  }
  sink.close();
}
