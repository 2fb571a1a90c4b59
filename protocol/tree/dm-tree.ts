import type { Clock } from '../clock.js';
import { parseAcl } from './acl.js';
import { DmStatus, DmStatusError } from './dm-status-error.js';
import type { DmGetResult, DmNodeInfo, DmNodeInit, DmReplaceMeta } from './dm-node.js';
import {
  checkAcl,
  checkTitle,
  containsPermanent,
  makeRecord,
  readProperty,
  renameChild,
  snapshot,
} from './node-record.js';
import type { NodeRec } from './node-record.js';
import { DEFAULT_URI_LIMITS, assertNodeName, formatUri, parseUri } from './uri.js';
import type { UriLimits } from './uri.js';
import { textValue } from './value.js';

export { MAX_TITLE_BYTES } from './node-record.js';

/** ACL the root gets when none is given (PROTOCOL-FACTS §6.1). */
export const DEFAULT_ROOT_ACL = 'Add=*&Get=*';

/** Most URI strings {@link DmTree.segmentsOf} keeps parsed. */
const PARSED_URI_CACHE = 4096;

/** A node address: a URI string (parsed with the tree's limits) or segments. */
export type NodeRef = string | readonly string[];

/** Options for {@link DmTree}. */
export interface DmTreeOptions {
  /** Source of TStamp; only `now()` is used. Default: the host clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** URI limits checked by every operation taking a URI string. */
  readonly limits?: UriLimits;
  /** Root ACL; must be non-empty. Default `Add=*&Get=*`. */
  readonly rootAcl?: string;
}

/**
 * An in-memory DM management tree with DM command semantics (OMA DM Protocol 1.2 §6.6,
 * TND 1.2 §7; PROTOCOL-FACTS §1.3 and §6.1). Every mutating operation either completes
 * or throws a {@link DmStatusError} and leaves the tree unchanged.
 *
 * The tree does not check ACLs (see `acl-check.ts`): the session checks the server's
 * rights first, then calls these operations. Values are stored decoded (a `b64` leaf
 * holds bytes; the wire form is the session's business).
 *
 * Change tracking: a change of a node's value or of a writable property sets its TStamp
 * to `clock.now()` and bumps its VerNo (mod 2^16); adding, deleting or renaming a child
 * counts as a change of the parent.
 */
export class DmTree {
  readonly limits: UriLimits;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly root: NodeRec;
  /** Valid URI strings already parsed, with their segments (see {@link segmentsOf}). */
  private readonly parsed = new Map<string, readonly string[]>();
  #changes = 0;

  /** Counts every change (each TStamp/VerNo bump): equal counts mean an unchanged tree. */
  get changes(): number {
    return this.#changes;
  }

  constructor(options: DmTreeOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.limits = options.limits ?? DEFAULT_URI_LIMITS;
    const rootAcl = options.rootAcl ?? DEFAULT_ROOT_ACL;
    if (rootAcl === '') throw new TypeError('rootAcl: the root ACL must not be empty');
    parseAcl(rootAcl);
    this.root = this.newRec('.', { format: 'node', acl: rootAcl, permanent: true });
  }

  /** Parses a URI string with this tree's limits (no query allowed); segments pass through. */
  segmentsOf(ref: NodeRef): readonly string[] {
    if (typeof ref !== 'string') return ref;
    const cached = this.parsed.get(ref);
    if (cached !== undefined) return cached;
    const u = parseUri(ref, this.limits);
    if (u.list !== undefined || u.prop !== undefined) {
      throw new DmStatusError(DmStatus.BAD_REQUEST, 'unexpected query in URI', ref);
    }
    // A device re-reads and re-writes the same few hundred leaves on every state change:
    // parsing (with its limit checks and %-decoding) was most of that work. Bounded.
    if (this.parsed.size >= PARSED_URI_CACHE) this.parsed.clear();
    const segments = Object.freeze([...u.segments]);
    this.parsed.set(ref, segments);
    return segments;
  }

  /** True when a node exists at `ref`. Throws only for a malformed URI. */
  has(ref: NodeRef): boolean {
    return this.find(this.segmentsOf(ref)) !== undefined;
  }

  /** A snapshot of the node at `ref`; 404 if it does not exist. */
  info(ref: NodeRef): DmNodeInfo {
    const segs = this.segmentsOf(ref);
    return snapshot(this.must(segs), segs);
  }

  /**
   * DM Get: a leaf's value with its Format/Type, or for an interior node the child names
   * joined by `/` with Format `node` (empty data when there are none). 404 if missing.
   */
  get(ref: NodeRef): DmGetResult {
    const rec = this.must(this.segmentsOf(ref));
    const data =
      rec.children !== undefined
        ? textValue([...rec.children.keys()].join('/'))
        : rec.value.slice();
    return rec.type === undefined
      ? { format: rec.format, data }
      : { format: rec.format, type: rec.type, data };
  }

  /**
   * DM Add. 418 if the node exists; missing interior ancestors are created (empty ACL,
   * not permanent); 405 if an ancestor is a leaf. Format `node` creates an interior node.
   * 400 for a bad ACL or node name, 413 for a Title over 255 bytes.
   */
  add(ref: NodeRef, init: DmNodeInit = {}): void {
    const segs = this.segmentsOf(ref);
    const uri = formatUri(segs);
    if (this.find(segs) !== undefined) {
      throw new DmStatusError(DmStatus.ALREADY_EXISTS, 'node already exists', uri);
    }
    const rec = this.newRec(segs[segs.length - 1] ?? '.', init);
    // Check the whole chain before changing anything, so that a failure leaves no parents.
    let node = this.root;
    let i = 0;
    for (; i < segs.length - 1; i++) {
      const next = node.children?.get(segs[i] as string);
      if (next === undefined) break;
      if (next.children === undefined) {
        throw new DmStatusError(
          DmStatus.COMMAND_NOT_ALLOWED,
          'parent is a leaf',
          formatUri(segs.slice(0, i + 1)),
        );
      }
      node = next;
    }
    for (; i < segs.length - 1; i++) {
      const created = this.newRec(segs[i] as string, { format: 'node' });
      this.attach(node, created);
      node = created;
    }
    this.attach(node, rec);
  }

  /**
   * DM Replace of a leaf value. 404 if missing (never creates), 405 on an interior node,
   * 405 when Meta would change a permanent node's Format or Type, 405 for Format `node`.
   */
  replace(ref: NodeRef, value: Uint8Array | string, meta: DmReplaceMeta = {}): void {
    const segs = this.segmentsOf(ref);
    const rec = this.must(segs);
    const uri = formatUri(segs);
    if (rec.children !== undefined || meta.format === 'node') {
      throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'Replace of an interior node', uri);
    }
    const format = meta.format ?? rec.format;
    const type = meta.type ?? rec.type;
    if (rec.permanent && (format !== rec.format || type !== rec.type)) {
      throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'Format/Type of a permanent node', uri);
    }
    rec.format = format;
    rec.type = type;
    rec.value = typeof value === 'string' ? textValue(value) : value.slice();
    this.touch(rec);
  }

  /** DM Delete of a node and its subtree. 404 if missing; 405 for the root or if any node in the subtree is permanent. */
  delete(ref: NodeRef): void {
    const segs = this.segmentsOf(ref);
    const uri = formatUri(segs);
    if (segs.length === 0)
      throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'Delete of the root', uri);
    const rec = this.must(segs);
    if (containsPermanent(rec)) {
      throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'subtree holds a permanent node', uri);
    }
    const parent = this.must(segs.slice(0, -1));
    parent.children?.delete(rec.name);
    this.touch(parent);
  }

  /**
   * DM Copy of a leaf to a leaf. 404 if the source is missing, 405 if it is interior; an
   * existing target must be a leaf (else 403) and a permanent target must keep its Format
   * and Type (else 403); a missing target is created like Add (with implicit parents).
   */
  copy(source: NodeRef, target: NodeRef): void {
    const src = this.must(this.segmentsOf(source));
    const tsegs = this.segmentsOf(target);
    if (src.children !== undefined) {
      throw new DmStatusError(
        DmStatus.COMMAND_NOT_ALLOWED,
        'Copy source is interior',
        formatUri(this.segmentsOf(source)),
      );
    }
    const dst = this.find(tsegs);
    const init =
      src.type === undefined
        ? { format: src.format, value: src.value }
        : { format: src.format, type: src.type, value: src.value };
    if (dst === undefined) return this.add(tsegs, init);
    const uri = formatUri(tsegs);
    if (dst.children !== undefined)
      throw new DmStatusError(DmStatus.FORBIDDEN, 'Copy target is interior', uri);
    if (dst.permanent && (dst.format !== src.format || dst.type !== src.type)) {
      throw new DmStatusError(DmStatus.FORBIDDEN, 'Copy would change a permanent node', uri);
    }
    this.replace(
      tsegs,
      src.value,
      src.type === undefined ? { format: src.format } : { format: src.format, type: src.type },
    );
  }

  /**
   * Get `?prop=<name>`. ACL gives the node's own ACL (`''` when inherited — not the
   * inherited value); Size is the leaf's byte count (406 on an interior node); Title and
   * Type give `''` when unset; TStamp is ISO 8601 basic UTC; VerNo decimal. Unknown → 406.
   */
  getProperty(ref: NodeRef, prop: string): string {
    const segs = this.segmentsOf(ref);
    const rec = this.must(segs);
    return readProperty(rec, formatUri(segs), prop);
  }

  /**
   * Replace `?prop=<name>`: ACL (validated, 400 if malformed; the root's ACL cannot
   * become empty, 405), Name (rename: 405 for the root or a permanent node, 400 for an
   * invalid name, 418 if a sibling has it), Title (413 over 255 bytes). Format, Size,
   * TStamp, Type, VerNo are read-only (405); unknown names 406.
   */
  replaceProperty(ref: NodeRef, prop: string, value: string): void {
    const segs = this.segmentsOf(ref);
    const rec = this.must(segs);
    const uri = formatUri(segs);
    switch (prop) {
      case 'ACL':
        checkAcl(value, uri);
        if (segs.length === 0 && value === '') {
          throw new DmStatusError(
            DmStatus.COMMAND_NOT_ALLOWED,
            'the root ACL must not be empty',
            uri,
          );
        }
        rec.acl = value;
        break;
      case 'Name': {
        if (segs.length === 0 || rec.permanent) {
          throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, 'rename of a permanent node', uri);
        }
        assertNodeName(value);
        if (value === rec.name) return;
        const parent = this.must(segs.slice(0, -1));
        renameChild(parent, rec, value, uri);
        this.touch(parent);
        break;
      }
      case 'Title':
        checkTitle(value, uri);
        rec.title = value;
        break;
      case 'Format':
      case 'Size':
      case 'TStamp':
      case 'Type':
      case 'VerNo':
        throw new DmStatusError(DmStatus.COMMAND_NOT_ALLOWED, `property ${prop} is read-only`, uri);
      default:
        throw new DmStatusError(
          DmStatus.OPTIONAL_FEATURE_NOT_SUPPORTED,
          `unknown property "${prop}"`,
          uri,
        );
    }
    this.touch(rec);
  }

  /**
   * Pre-order walk of the subtree at `ref`, start node first, children in insertion
   * order — the order `?list=Struct` and `?list=StructData` report. 404 if missing.
   */
  walk(ref: NodeRef): DmNodeInfo[] {
    const segs = this.segmentsOf(ref);
    const out: DmNodeInfo[] = [];
    const visit = (rec: NodeRec, at: readonly string[]): void => {
      out.push(snapshot(rec, at));
      if (rec.children !== undefined)
        for (const c of rec.children.values()) visit(c, [...at, c.name]);
    };
    visit(this.must(segs), segs);
    return out;
  }

  /** The node's own ACL for each ancestor-or-self, nearest first (used by ACL checks). 404 if missing. */
  aclChain(ref: NodeRef): string[] {
    const segs = this.segmentsOf(ref);
    const chain: string[] = [this.root.acl];
    let node = this.root;
    for (const s of segs) {
      const next = node.children?.get(s);
      if (next === undefined)
        throw new DmStatusError(DmStatus.NOT_FOUND, 'node not found', formatUri(segs));
      chain.push(next.acl);
      node = next;
    }
    return chain.reverse();
  }

  private find(segs: readonly string[]): NodeRec | undefined {
    let node: NodeRec | undefined = this.root;
    for (const s of segs) {
      node = node.children?.get(s);
      if (node === undefined) return undefined;
    }
    return node;
  }

  private must(segs: readonly string[]): NodeRec {
    const rec = this.find(segs);
    if (rec === undefined)
      throw new DmStatusError(DmStatus.NOT_FOUND, 'node not found', formatUri(segs));
    return rec;
  }

  private newRec(name: string, init: DmNodeInit): NodeRec {
    return makeRecord(name, init, this.clock.now());
  }

  private attach(parent: NodeRec, child: NodeRec): void {
    (parent.children as Map<string, NodeRec>).set(child.name, child);
    this.touch(parent);
  }

  private touch(rec: NodeRec): void {
    this.#changes++;
    rec.tstamp = this.clock.now();
    rec.verNo = (rec.verNo + 1) & 0xffff;
  }
}
