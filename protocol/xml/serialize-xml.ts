import type { XmlElement } from './element.js';
import { XmlTextSink } from './xml-text-sink.js';

export { escapeAttr, escapeText } from './xml-escape.js';

/** Options for {@link serializeXml}. */
export interface SerializeXmlOptions {
  /** Indent nested elements by two spaces per level (never inside mixed content). */
  readonly pretty?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  readonly declaration?: boolean;
}

/**
 * Serializes an element tree as XML text.
 *
 * Escaping: `&`, `<`, `>` and CR (as `&#13;`, so it survives end-of-line normalization)
 * in text; additionally `"`, TAB and LF in attribute values. Characters XML 1.0 cannot
 * represent at all (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates) make
 * it throw a `RangeError` naming the code point — such values must travel as bytes
 * (base64), never silently altered. `xmlns="…"` is written on the root and wherever an
 * element's namespace differs from its parent's. Opaque nodes are written as base64.
 * (The writing itself is {@link XmlTextSink}, which model writers use directly.)
 */
export function serializeXml(root: XmlElement, options: SerializeXmlOptions = {}): string {
  const sink = new XmlTextSink(options);
  sink.tree(root);
  return sink.finish();
}
