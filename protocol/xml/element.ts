/**
 * The neutral document tree shared by the XML and WBXML codecs.
 *
 * Both `parseXml` (text) and `decodeWbxml` (binary) produce this tree; the SyncML, DevInf
 * and TNDS/DDF mappers turn it into typed models and back. Keeping one tree means the
 * typed mappers are written once and the two wire forms cannot drift apart.
 *
 * Namespaces: every element carries the namespace it belongs to (`ns`), resolved from
 * `xmlns` in XML and from the code page in WBXML (e.g. `'SYNCML:SYNCML1.2'`,
 * `'syncml:metinf'`, `'syncml:dmddf1.2'`, `'syncml:devinf'`). `xmlns` attributes are not
 * kept in `attributes`; serializers re-create them where the namespace changes.
 */
export interface XmlElement {
  readonly kind: 'element';
  /** Local name, case preserved (`Node` and `node` are different DDF tags). */
  readonly name: string;
  /** Namespace URI, or `''` when none. */
  readonly ns: string;
  /** Attributes other than xmlns declarations, in document order (rare in SyncML). */
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

/** Character data. Adjacent text pieces are merged by the decoders. */
export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
}

/**
 * Opaque bytes: WBXML OPAQUE content (binary node values, embedded WBXML documents,
 * NextNonce). XML has no such node; the XML side carries such data as base64 text.
 */
export interface XmlOpaque {
  readonly kind: 'opaque';
  readonly bytes: Uint8Array;
}

export type XmlNode = XmlElement | XmlText | XmlOpaque;

/** Builds an element; `attributes` defaults to none. */
export function el(
  name: string,
  ns: string,
  children: readonly XmlNode[] = [],
  attributes: readonly XmlAttribute[] = [],
): XmlElement {
  return { kind: 'element', name, ns, attributes, children };
}

/** Builds a text node. */
export function text(value: string): XmlText {
  return { kind: 'text', value };
}

/** Builds an opaque node. */
export function opaque(bytes: Uint8Array): XmlOpaque {
  return { kind: 'opaque', bytes };
}
