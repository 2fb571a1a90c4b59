import { DecodeError } from '../bytes/decode-error.js';
import type { XmlElement } from '../xml/element.js';

/** Namespace of DM DDF 1.2 and TNDS documents (OMA DM TND 1.2 §8, PROTOCOL-FACTS §2.5). */
export const DMDDF_NS = 'syncml:dmddf1.2';

/**
 * Child elements of `parent` named `name`. Namespaces are compared loosely: an element in
 * the DM DDF namespace or in no namespace matches (hand-written DDF files often omit
 * `xmlns`); an element in any other namespace does not.
 */
export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of parent.children) {
    if (c.kind === 'element' && c.name === name && (c.ns === DMDDF_NS || c.ns === '')) out.push(c);
  }
  return out;
}

/** The first child named `name`, or undefined. */
export function childNamed(parent: XmlElement, name: string): XmlElement | undefined {
  return childrenNamed(parent, name)[0];
}

/** All element children (any name) in the DM DDF (or no) namespace. */
export function elementChildren(parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of parent.children) {
    if (c.kind === 'element' && (c.ns === DMDDF_NS || c.ns === '')) out.push(c);
  }
  return out;
}

/** Concatenated text of `e` (opaque bytes are not text and make this fail). */
export function textOf(e: XmlElement, format: string): string {
  let s = '';
  for (const c of e.children) {
    if (c.kind === 'text') s += c.value;
    else if (c.kind === 'opaque') {
      throw new DecodeError(0, 'unexpected-element', `opaque data in <${e.name}>`, format);
    }
  }
  return s;
}

/**
 * The single empty-element child naming a choice, e.g. `<DFFormat><chr/></DFFormat>` →
 * `chr`. Whitespace around it is tolerated; no child or several differing ones fail.
 */
export function choiceOf(e: XmlElement, format: string): XmlElement {
  const kids = elementChildren(e);
  const first = kids[0];
  if (first === undefined) {
    throw new DecodeError(0, 'missing-element', `<${e.name}> names no value`, format);
  }
  if (kids.some((k) => k.name !== first.name)) {
    throw new DecodeError(0, 'bad-value', `<${e.name}> names more than one value`, format);
  }
  return first;
}

/** Fails unless `root` is a `MgmtTree` element. */
export function expectMgmtTree(root: XmlElement, format: string): void {
  if (root.name !== 'MgmtTree' || (root.ns !== DMDDF_NS && root.ns !== '')) {
    throw new DecodeError(
      0,
      'unexpected-element',
      `root is <${root.name}> (${root.ns}), not MgmtTree`,
      format,
    );
  }
}
