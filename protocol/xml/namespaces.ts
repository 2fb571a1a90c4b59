import type { XmlAttribute } from './element.js';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

/** Receives a namespace error (the message saxes' namespace mode gives for it). */
export type NamespaceFail = (message: string) => never;

/**
 * Namespaces in XML 1.0 for a parser run without its own namespace processing.
 *
 * Why: saxes' namespace mode gives every element a null-prototype scope object and
 * resolves each name by walking the open elements' scopes, which was a fifth of the time
 * of reading a SyncML message (deep, with a default namespace on the root and on every
 * MetInf element). Here the default namespace is one array slot per depth and prefix
 * bindings a small stack, so an element without declarations costs one `indexOf`.
 *
 * The checks are saxes' namespace-mode checks, with its messages: malformed qualified
 * names, the `xmlns` prefix on an element, unbound prefixes on elements and attributes,
 * undeclaring a prefix in XML 1.0, the reserved `xml`/`xmlns` bindings, and attributes
 * that are duplicates by expanded name.
 *
 * Use: for each start tag, {@link attribute} for every attribute in order, then
 * {@link open} with the tag's qualified name; {@link close} for each end tag.
 */
export class NamespaceScopes {
  /** Namespace URI of the open element at each depth. */
  private readonly uris: string[] = [];
  /** Local name of the open element at each depth. */
  private readonly locals: string[] = [];
  /** The default namespace in force inside the open element at each depth. */
  private readonly defaults: string[] = [];
  // Prefix bindings in force, innermost last, with the depth that declared them.
  private readonly prefixes: string[] = [];
  private readonly bound: string[] = [];
  private readonly bindDepths: number[] = [];
  // Attributes of the start tag being read.
  private readonly attrNames: string[] = [];
  private readonly attrValues: string[] = [];
  private depth = 0;

  /** The element last opened or closed: local name and namespace URI. */
  local = '';
  uri = '';
  /** Attributes of the element last opened, xmlns declarations left out. */
  attributes: readonly XmlAttribute[] = NO_ATTRIBUTES;

  constructor(
    private readonly fail: NamespaceFail,
    /** True when the document is XML 1.1 (a prefix may then be undeclared). */
    private readonly xml11: () => boolean,
  ) {}

  /** Records an attribute of the start tag being read. */
  attribute(name: string, value: string): void {
    this.attrNames.push(name);
    this.attrValues.push(value);
  }

  /** Opens the element `qname` (its attributes recorded before). */
  open(qname: string): void {
    const d = this.depth;
    const { attrNames, attrValues } = this;
    let dflt = d === 0 ? '' : (this.defaults[d - 1] as string);
    let others = 0;
    for (let i = 0; i < attrNames.length; i++) {
      const name = attrNames[i] as string;
      if (name === 'xmlns') {
        const uri = (attrValues[i] as string).trim();
        this.pairCheck('', uri);
        dflt = uri;
      } else if (name.startsWith('xmlns:')) {
        const prefix = this.split(name, 5);
        const uri = (attrValues[i] as string).trim();
        if (uri === '' && !this.xml11()) this.fail('invalid attempt to undefine prefix in XML 1.0');
        this.pairCheck(prefix, uri);
        this.prefixes.push(prefix);
        this.bound.push(uri);
        this.bindDepths.push(d);
      } else others++;
    }
    this.defaults[d] = dflt;
    const colon = qname.indexOf(':');
    let uri = dflt;
    let local = qname;
    if (colon >= 0) {
      local = this.split(qname, colon);
      const prefix = qname.slice(0, colon);
      if (prefix === 'xmlns') this.fail('tags may not have "xmlns" as prefix.');
      const resolved = this.resolve(prefix);
      if (resolved === undefined || resolved === '') {
        this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
      }
      uri = resolved;
    }
    this.attributes = others === 0 ? NO_ATTRIBUTES : this.collect();
    if (attrNames.length !== 0) {
      // (Most elements have no attributes: `length = 0` on an empty array still costs a call.)
      attrNames.length = 0;
      attrValues.length = 0;
    }
    this.uris[d] = uri;
    this.locals[d] = local;
    this.depth = d + 1;
    this.local = local;
    this.uri = uri;
  }

  /** Closes the innermost open element. */
  close(): void {
    const d = --this.depth;
    this.local = this.locals[d] as string;
    this.uri = this.uris[d] as string;
    const { bindDepths } = this;
    while (bindDepths.length > 0 && (bindDepths[bindDepths.length - 1] as number) >= d) {
      bindDepths.pop();
      this.prefixes.pop();
      this.bound.pop();
    }
  }

  /** The attributes other than declarations, checked, under their local names. */
  private collect(): readonly XmlAttribute[] {
    const { attrNames, attrValues } = this;
    const out: XmlAttribute[] = [];
    let expanded: string[] | undefined;
    for (let i = 0; i < attrNames.length; i++) {
      const name = attrNames[i] as string;
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const colon = name.indexOf(':');
      let local = name;
      if (colon >= 0) {
        local = this.split(name, colon);
        const prefix = name.slice(0, colon);
        // (A prefix undeclared in XML 1.1 resolves to '' here, as in saxes.)
        const uri = this.resolve(prefix);
        if (uri === undefined) this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
        // Two prefixes bound to one URI make `a:x` and `b:x` the same attribute.
        const eqname = `{${uri}}${local}`;
        if ((expanded ??= []).includes(eqname)) this.fail(`duplicate attribute: ${eqname}.`);
        expanded.push(eqname);
      }
      // The shared tree has no attribute namespaces (SyncML uses no attributes): a
      // prefixed attribute is kept under its local name.
      out.push({ name: local, value: attrValues[i] as string });
    }
    return out;
  }

  /** The local part of `qname` after the colon at `colon`, checking the whole name. */
  private split(qname: string, colon: number): string {
    const local = qname.slice(colon + 1);
    if (colon === 0 || local === '' || local.includes(':')) {
      this.fail(`malformed name: ${qname}.`);
    }
    return local;
  }

  private resolve(prefix: string): string | undefined {
    const { prefixes } = this;
    for (let i = prefixes.length - 1; i >= 0; i--) {
      if (prefixes[i] === prefix) return this.bound[i];
    }
    if (prefix === 'xml') return XML_NAMESPACE;
    if (prefix === 'xmlns') return XMLNS_NAMESPACE;
    return undefined;
  }

  /** The reserved bindings of Namespaces in XML (saxes' `nsPairCheck`). */
  private pairCheck(prefix: string, uri: string): void {
    if (prefix === 'xml' && uri !== XML_NAMESPACE) {
      this.fail(`xml prefix must be bound to ${XML_NAMESPACE}.`);
    }
    if (prefix === 'xmlns' && uri !== XMLNS_NAMESPACE) {
      this.fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
    }
    if (uri === XMLNS_NAMESPACE) {
      this.fail(
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`,
      );
    }
    if (uri === XML_NAMESPACE && prefix !== 'xml') {
      this.fail(
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : 'may not assign the xml namespace to another prefix.',
      );
    }
  }
}
