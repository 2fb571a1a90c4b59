import type { XmlElement, XmlNode } from './element.js';

/**
 * An upper bound of the UTF-8 length of `serializeXml(root)` (no declaration, not pretty),
 * found by adding up string lengths instead of writing the text: a UTF-16 unit of a name
 * takes at most 3 bytes; one of text or an attribute value at most 6 (a 3-byte character,
 * or the longest escape, `&quot;`); an opaque node is base64. A received DM tree is checked
 * against MaxObjSize with this first, so it is only serialized when the bound is over.
 */
export function xmlSizeBound(root: XmlElement): number {
  return elementBound(root, undefined);
}

function elementBound(e: XmlElement, parentNs: string | undefined): number {
  // `<name` `>` `</name>`, and ` xmlns="…"` where the namespace changes.
  let n = 5 + 6 * e.name.length;
  if (e.ns !== parentNs) n += 9 + 6 * e.ns.length;
  for (const a of e.attributes) n += 4 + 3 * a.name.length + 6 * a.value.length;
  for (const c of e.children) n += nodeBound(c, e.ns);
  return n;
}

function nodeBound(node: XmlNode, parentNs: string): number {
  if (node.kind === 'element') return elementBound(node, parentNs);
  if (node.kind === 'text') return 6 * node.value.length;
  return Math.ceil(node.bytes.length / 3) * 4;
}
