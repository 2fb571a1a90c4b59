import type { XmlElement } from '../xml/element.js';
import { parseXml } from '../xml/parse-xml.js';
import { serializeXml } from '../xml/serialize-xml.js';
import { decodeWbxml } from '../wbxml/decode.js';
import { encodeWbxml } from '../wbxml/encode.js';
import { DMDDF_12 } from '../wbxml/languages.js';
import { encodeUtf8 } from '../bytes/utf8.js';
import { DmStatus, DmStatusError } from './dm-status-error.js';
import type { DmNodeInfo, DmNodeInit } from './dm-node.js';
import { MAX_TITLE_BYTES } from './dm-tree.js';
import type { DmTree, NodeRef } from './dm-tree.js';
import { formatUri, parseUri } from './uri.js';
import { ALL_TNDS_PROPERTIES } from './tnds-select.js';
import type { TndsSelection } from './tnds-select.js';
import { tndsFromElement, tndsToElement } from './tnds.js';
import type { TndsDocument, TndsNode } from './tnds.js';
import { formatTStamp } from './value.js';

/** MIME types of TNDS documents carried in a DM `Data` (PROTOCOL-FACTS §6.2). */
export const TNDS_XML_TYPE = 'application/vnd.syncml.dmtnds+xml';
export const TNDS_WBXML_TYPE = 'application/vnd.syncml.dmtnds+wbxml';

/**
 * Snapshots the subtree at `ref` as a TNDS document carrying the `select`ed properties
 * (`Get <ref>?list=TNDS…`). The start node is the single top node, with `Path` = its
 * parent's URI; for the root `.` the root's children are the top nodes (without Path).
 * Type is written as `DDFName` for interior nodes and `MIME` for leaves; an empty ACL, an
 * unset Title or Type is left out. 404 if `ref` does not exist.
 */
export function tndsFromTree(
  tree: DmTree,
  ref: NodeRef,
  select: TndsSelection = ALL_TNDS_PROPERTIES,
): TndsDocument {
  const segs = tree.segmentsOf(ref);
  const start = tree.info(segs);
  const toNode = (info: DmNodeInfo, path?: string): TndsNode => {
    const n: Record<string, unknown> = { name: info.name };
    if (path !== undefined) n['path'] = path;
    if (select.has('ACL') && info.acl !== '') n['acl'] = info.acl;
    if (select.has('Format')) n['format'] = info.format;
    if (select.has('Name')) n['nodeName'] = info.name;
    if (select.has('Size') && info.value !== undefined) n['size'] = info.value.length;
    if (select.has('Title') && info.title !== undefined) n['title'] = info.title;
    if (select.has('TStamp')) n['tstamp'] = formatTStamp(info.tstamp);
    if (select.has('Type') && info.type !== undefined) {
      n['type'] = { kind: info.interior ? 'DDFName' : 'MIME', value: info.type };
    }
    if (select.has('VerNo')) n['verNo'] = info.verNo;
    if (select.has('Value') && info.value !== undefined) {
      n['value'] = info.value;
      n['valueFormat'] = info.format;
    }
    n['children'] = (info.children ?? []).map((c) => toNode(tree.info([...info.segments, c])));
    return n as unknown as TndsNode;
  };
  const nodes =
    segs.length === 0
      ? (start.children ?? []).map((c) => toNode(tree.info([c])))
      : [toNode(start, formatUri(segs.slice(0, -1)))];
  return { verDtd: '1.2', nodes };
}

/** Serializes a TNDS document as XML text (with declaration). */
export function encodeTndsXml(doc: TndsDocument): string {
  return serializeXml(tndsToElement(doc, 'xml'), { declaration: true });
}

/** Encodes a TNDS document as WBXML (DM DDF 1.2 language, public id 0 + FPI). */
export function encodeTndsWbxml(doc: TndsDocument): Uint8Array {
  return encodeWbxml(tndsToElement(doc, 'wbxml'), DMDDF_12);
}

/** Decodes TNDS XML (text or bytes). Total: a document or a DecodeError. */
export function decodeTndsXml(input: string | Uint8Array): TndsDocument {
  return tndsFromElement(parseXml(input));
}

/**
 * Decodes TNDS WBXML. Only the DM DDF 1.2 language is accepted (any other document is
 * `unknown-public-id`). Total: a document or a DecodeError.
 */
export function decodeTndsWbxml(bytes: Uint8Array): TndsDocument {
  const doc = decodeWbxml(bytes, { languages: [DMDDF_12] });
  return tndsFromElement(doc.root);
}

/** Decodes a TNDS element tree already parsed by the caller. */
export function decodeTndsElement(root: XmlElement): TndsDocument {
  return tndsFromElement(root);
}

interface Planned {
  readonly segs: readonly string[];
  readonly init: DmNodeInit;
}

/**
 * DM Add of a TNDS document at target `at` (the parent of the new top nodes). A top node
 * goes to `<Path>/<NodeName>` when it has a Path, else `<at>/<NodeName>`; a top node with
 * an empty NodeName is `at` itself. Every node must land at or below `at` (else 400).
 *
 * All-or-nothing: the whole plan is checked first (418 if any node exists or appears
 * twice, 405 if a path runs through an existing leaf, 414 against the tree's URI limits,
 * 413 for a long Title), then applied. A node without Format is interior when it has
 * children, else a `chr` leaf. Size/TStamp/VerNo/Name in the document are ignored (the
 * tree keeps its own). Returns the created URIs in document (pre-)order.
 */
export function addTnds(tree: DmTree, at: NodeRef, doc: TndsDocument): string[] {
  const base = tree.segmentsOf(at);
  const plan: Planned[] = [];
  const plannedKeys = new Set<string>();
  const visit = (n: TndsNode, segs: readonly string[]): void => {
    const uri = formatUri(segs);
    if (segs.length < base.length || base.some((s, i) => segs[i] !== s)) {
      throw new DmStatusError(DmStatus.BAD_REQUEST, 'TNDS node outside the target', uri);
    }
    parseUri(uri, tree.limits);
    if (tree.has(segs) || plannedKeys.has(uri)) {
      throw new DmStatusError(DmStatus.ALREADY_EXISTS, 'node already exists', uri);
    }
    if (n.title !== undefined && encodeUtf8(n.title).length > MAX_TITLE_BYTES) {
      throw new DmStatusError(DmStatus.REQUEST_ENTITY_TOO_LARGE, 'Title too long', uri);
    }
    plannedKeys.add(uri);
    plan.push({ segs, init: initOf(n) });
    for (const c of n.children) visit(c, [...segs, c.name]);
  };
  for (const top of doc.nodes) {
    const parent = top.path === undefined ? base : parseUri(top.path, tree.limits).segments;
    visit(top, top.name === '' ? base : [...parent, top.name]);
  }
  for (const p of plan) {
    let anc = p.segs.slice(0, -1);
    while (anc.length > 0 && !tree.has(anc)) anc = anc.slice(0, -1);
    if (!tree.info(anc).interior) {
      throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'parent is a leaf', formatUri(anc));
    }
  }
  for (const p of plan) tree.add(p.segs, p.init);
  return plan.map((p) => formatUri(p.segs));
}

function initOf(n: TndsNode): DmNodeInit {
  const init: { -readonly [K in keyof DmNodeInit]: DmNodeInit[K] } = {
    format: n.format ?? (n.children.length > 0 ? 'node' : 'chr'),
  };
  if (n.type !== undefined) init.type = n.type.value;
  if (n.title !== undefined) init.title = n.title;
  if (n.acl !== undefined) init.acl = n.acl;
  if (n.value !== undefined) init.value = n.value;
  return init;
}

/**
 * DM Replace with a TNDS document at `at`: each top node's subtree is replaced as a whole
 * (deleted, then added from the document; a top node that does not exist yet is simply
 * added). 405 if a subtree to replace holds a permanent node. If adding fails, the deleted
 * subtrees are put back (values, formats, types, ACLs and titles; TStamp/VerNo restart)
 * and the error is rethrown. Returns the created URIs.
 */
export function replaceTnds(tree: DmTree, at: NodeRef, doc: TndsDocument): string[] {
  const base = tree.segmentsOf(at);
  const targets: Array<readonly string[]> = [];
  for (const top of doc.nodes) {
    const parent = top.path === undefined ? base : parseUri(top.path, tree.limits).segments;
    const segs = top.name === '' ? base : [...parent, top.name];
    if (tree.has(segs)) {
      if (tree.walk(segs).some((n) => n.permanent)) {
        throw new DmStatusError(
          DmStatus.COMMAND_NOT_ALLOWED,
          'subtree holds a permanent node',
          formatUri(segs),
        );
      }
      targets.push(segs);
    }
  }
  const saved = targets.map((segs) => ({
    parent: segs.slice(0, -1),
    doc: tndsFromTree(tree, segs),
  }));
  for (const segs of targets) tree.delete(segs);
  try {
    return addTnds(tree, at, doc);
  } catch (e) {
    for (const s of saved) addTnds(tree, s.parent, s.doc);
    throw e;
  }
}
