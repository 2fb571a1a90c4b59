import { DecodeError } from '../bytes/decode-error.js';
import type { XmlElement } from '../xml/element.js';
import { parseXml } from '../xml/parse-xml.js';
import { isDmFormat } from './format.js';
import type { DmFormat } from './format.js';
import {
  childNamed,
  childrenNamed,
  choiceOf,
  expectMgmtTree,
  elementChildren,
  textOf,
} from './dmddf-xml.js';
import { isValidNodeName } from './uri.js';

/** Access types a DDF may grant (DDF `AccessType` children, OMA DM TND 1.2 §8). */
export const DDF_ACCESS_TYPES = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace'] as const;
/** One DDF access type. */
export type DdfAccessType = (typeof DDF_ACCESS_TYPES)[number];

/** DDF `Occurrence` values; `ZeroOrN`/`OneOrN` carry N. */
export type DdfOccurrence =
  | { readonly kind: 'One' | 'ZeroOrOne' | 'ZeroOrMore' | 'OneOrMore' }
  | { readonly kind: 'ZeroOrN' | 'OneOrN'; readonly n: number };

/** DDF `DFType`: a MIME type (leaves) or a DDF name / MO identifier (interior nodes). */
export interface DdfType {
  readonly kind: 'MIME' | 'DDFName';
  readonly value: string;
}

/** One node description of a DDF. */
export interface DdfNode {
  /** Node name; `''` when the DDF leaves it empty (a placeholder, written `<x>`). */
  readonly name: string;
  /** True for a placeholder: the instance name is chosen when the node is created. */
  readonly placeholder: boolean;
  /** `Path` element, when given (URI of the parent). */
  readonly path?: string;
  readonly accessTypes: readonly DdfAccessType[];
  /** DefaultValue (trimmed). For a TNDS document read as a DDF: the node's Value. */
  readonly defaultValue?: string;
  readonly description?: string;
  readonly format?: DmFormat;
  readonly occurrence?: DdfOccurrence;
  readonly scope?: 'Permanent' | 'Dynamic';
  readonly title?: string;
  readonly type?: DdfType;
  readonly caseSense?: 'CS' | 'CIS';
  readonly children: readonly DdfNode[];
}

/** A parsed DDF document. */
export interface DdfDocument {
  readonly verDtd: string;
  readonly man?: string;
  readonly mod?: string;
  readonly nodes: readonly DdfNode[];
}

const FORMAT = 'ddf';
const SIMPLE_OCCURRENCE = new Set(['One', 'ZeroOrOne', 'ZeroOrMore', 'OneOrMore']);
const ACCESS_SET: ReadonlySet<string> = new Set(DDF_ACCESS_TYPES);

/**
 * Parses a DM DDF 1.2 document (XML text, bytes, or an already parsed tree).
 *
 * Tolerant where real files differ: whitespace around names and values is trimmed,
 * optional parts may be missing (even DFFormat and DFType), elements in no namespace are
 * accepted, unknown elements are skipped. A TNDS document (`RTProperties`, `Value`) is
 * also accepted and read as a description: its Format/Type/Title fill the same fields and
 * its Value becomes `defaultValue` — libwbxml's `ddf-001.ddf` is such a file.
 *
 * Strict where the meaning would be lost: an unknown format, access type, occurrence or
 * scope, a non-numeric N, a node without `NodeName` or with a name containing `/` fail.
 * Total: returns a document or throws a DecodeError (format `'ddf'`, or `'xml'` from
 * the XML parser).
 */
export function parseDdf(input: string | Uint8Array | XmlElement): DdfDocument {
  const root = typeof input === 'string' || input instanceof Uint8Array ? parseXml(input) : input;
  expectMgmtTree(root, FORMAT);
  const verDtd = optionalText(root, 'VerDTD') ?? '';
  const man = optionalText(root, 'Man');
  const mod = optionalText(root, 'Mod');
  const nodes = childrenNamed(root, 'Node').map((n) => parseNode(n));
  return {
    verDtd,
    ...(man === undefined ? {} : { man }),
    ...(mod === undefined ? {} : { mod }),
    nodes,
  };
}

function parseNode(e: XmlElement): DdfNode {
  const nameEl = childNamed(e, 'NodeName');
  if (nameEl === undefined)
    throw new DecodeError(0, 'missing-element', 'Node without NodeName', FORMAT);
  const name = textOf(nameEl, FORMAT).trim();
  if (name !== '' && !isValidNodeName(name)) {
    throw new DecodeError(0, 'bad-value', `invalid NodeName ${JSON.stringify(name)}`, FORMAT);
  }
  const fields: Record<string, unknown> = {};
  const path = optionalText(e, 'Path');
  if (path !== undefined) fields['path'] = path;
  const props = childNamed(e, 'DFProperties') ?? childNamed(e, 'RTProperties');
  let accessTypes: DdfAccessType[] = [];
  if (props !== undefined) {
    const acc = childNamed(props, 'AccessType');
    if (acc !== undefined) accessTypes = parseAccess(acc);
    setText(fields, 'defaultValue', props, 'DefaultValue');
    setText(fields, 'description', props, 'Description');
    setText(fields, 'title', props, 'DFTitle');
    setText(fields, 'title', props, 'Title');
    const fmt = childNamed(props, 'DFFormat') ?? childNamed(props, 'Format');
    if (fmt !== undefined) fields['format'] = parseFormat(fmt);
    const occ = childNamed(props, 'Occurrence');
    if (occ !== undefined) fields['occurrence'] = parseOccurrence(occ);
    const scope = childNamed(props, 'Scope');
    if (scope !== undefined)
      fields['scope'] = oneOf(choiceOf(scope, FORMAT).name, ['Permanent', 'Dynamic'], 'Scope');
    const type = childNamed(props, 'DFType') ?? childNamed(props, 'Type');
    if (type !== undefined) fields['type'] = parseType(type);
    const cs = childNamed(props, 'CaseSense');
    if (cs !== undefined)
      fields['caseSense'] = oneOf(choiceOf(cs, FORMAT).name, ['CS', 'CIS'], 'CaseSense');
  }
  const value = childNamed(e, 'Value');
  if (value !== undefined && fields['defaultValue'] === undefined) {
    fields['defaultValue'] = textOf(value, FORMAT).trim();
  }
  const children = childrenNamed(e, 'Node').map((c) => parseNode(c));
  return { ...(fields as Partial<DdfNode>), name, placeholder: name === '', accessTypes, children };
}

function parseAccess(e: XmlElement): DdfAccessType[] {
  const out: DdfAccessType[] = [];
  for (const k of elementChildren(e)) {
    if (!ACCESS_SET.has(k.name)) {
      throw new DecodeError(0, 'unknown-element', `unknown access type <${k.name}>`, FORMAT);
    }
    if (!out.includes(k.name as DdfAccessType)) out.push(k.name as DdfAccessType);
  }
  return out;
}

function parseFormat(e: XmlElement): DmFormat {
  const name = choiceOf(e, FORMAT).name;
  if (!isDmFormat(name)) throw new DecodeError(0, 'bad-value', `unknown format <${name}>`, FORMAT);
  return name;
}

function parseOccurrence(e: XmlElement): DdfOccurrence {
  const c = choiceOf(e, FORMAT);
  if (SIMPLE_OCCURRENCE.has(c.name)) return { kind: c.name as 'One' };
  if (c.name === 'ZeroOrN' || c.name === 'OneOrN') {
    const t = textOf(c, FORMAT).trim();
    if (!/^[0-9]{1,9}$/.test(t)) {
      throw new DecodeError(
        0,
        'bad-value',
        `<${c.name}> needs a number, got ${JSON.stringify(t)}`,
        FORMAT,
      );
    }
    return { kind: c.name, n: Number(t) };
  }
  throw new DecodeError(0, 'bad-value', `unknown occurrence <${c.name}>`, FORMAT);
}

function parseType(e: XmlElement): DdfType | undefined {
  const kids = elementChildren(e);
  const c = kids[0];
  // An empty <DFType/> happens in the wild; it says nothing.
  if (c === undefined) return undefined;
  const kind = oneOf(c.name, ['MIME', 'DDFName'], 'DFType');
  return { kind, value: textOf(c, FORMAT).trim() };
}

function oneOf<T extends string>(name: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(name)) {
    throw new DecodeError(0, 'bad-value', `unknown ${what} <${name}>`, FORMAT);
  }
  return name as T;
}

function optionalText(parent: XmlElement, name: string): string | undefined {
  const e = childNamed(parent, name);
  return e === undefined ? undefined : textOf(e, FORMAT).trim();
}

function setText(
  fields: Record<string, unknown>,
  key: string,
  parent: XmlElement,
  name: string,
): void {
  const v = optionalText(parent, name);
  if (v !== undefined) fields[key] = v;
}

/**
 * Finds the description at `relPath` below a top-level node, e.g. `InfoList/<x>/ToBeWiped`
 * (`<x>` matches a placeholder; `''` is the top node itself). Undefined when absent.
 */
export function findDdfNode(top: DdfNode, relPath: string): DdfNode | undefined {
  let node: DdfNode | undefined = top;
  if (relPath === '') return node;
  for (const seg of relPath.split('/')) {
    node = node?.children.find((c) => (seg === '<x>' ? c.placeholder : c.name === seg));
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Visits every description in pre-order with its relative path (placeholders as `<x>`,
 * the top node as `''`).
 */
export function walkDdf(top: DdfNode): Array<{ readonly path: string; readonly node: DdfNode }> {
  const out: Array<{ path: string; node: DdfNode }> = [];
  const visit = (n: DdfNode, path: string): void => {
    out.push({ path, node: n });
    for (const c of n.children) {
      const seg = c.placeholder ? '<x>' : c.name;
      visit(c, path === '' ? seg : `${path}/${seg}`);
    }
  };
  visit(top, '');
  return out;
}
