import { fromBase64 } from '../bytes/base64.js';
import { formatAcl } from './acl.js';
import type { Acl, AclCommand } from './acl.js';
import type { DdfDocument, DdfNode } from './ddf.js';
import type { DmNodeInit } from './dm-node.js';
import type { DmTree } from './dm-tree.js';
import { parseUri } from './uri.js';
import { formatUri } from './uri.js';

/** Options for {@link instantiateTree}. */
export interface InstantiateOptions {
  /** The tree to build in. */
  readonly tree: DmTree;
  /**
   * URI of the DDF's top node in the tree, e.g. `./CIMO`; its last segment names the node
   * (replacing a placeholder). Required when the top node is a placeholder or the DDF has
   * no `Path`; the DDF must then have exactly one top node.
   */
  readonly at?: string;
  /**
   * Instance names for placeholders, keyed by the placeholder's path relative to the top
   * node with the names of enclosing instances filled in, e.g.
   * `{ 'InfoList/<x>': ['PhoneBook', 'Calendar'], 'InfoList/PhoneBook/Parts/<x>': ['a'] }`.
   * A placeholder without an entry gets no instances.
   */
  readonly instances?: Readonly<Record<string, readonly string[]>>;
  /**
   * When set, each created node gets an ACL derived from its AccessType for this server
   * id (`Get` → `Get=<id>`, …; `Copy` has no ACL entry). When absent, created nodes keep
   * an empty ACL and inherit.
   */
  readonly serverId?: string;
}

const ACL_OF_ACCESS: Readonly<Record<string, AclCommand | undefined>> = {
  Add: 'Add',
  Delete: 'Delete',
  Exec: 'Exec',
  Get: 'Get',
  Replace: 'Replace',
};

/**
 * Builds the nodes a DDF describes. The rule:
 * - every named node is created (whatever its Occurrence), placeholders only for the names
 *   in `instances`; nodes that already exist are kept as they are (their descendants are
 *   still visited, so instantiating into an existing MO fills in what is missing);
 * - Format = DFFormat, else `node` when the description has children, else `chr`;
 *   Type = DFType; Title = DFTitle; Scope Permanent → permanent node;
 * - a leaf's value is its DefaultValue (base64-decoded for `b64`/`bin`), else empty;
 * - ACL: see {@link InstantiateOptions.serverId}.
 *
 * Returns the URIs created, in creation (pre-order) order. Throws `DmStatusError` from the
 * tree (e.g. 405 when a path runs through a leaf), `DecodeError` for a bad base64 default,
 * `TypeError` when `at` is missing but needed.
 */
export function instantiateTree(ddf: DdfDocument | DdfNode, options: InstantiateOptions): string[] {
  const { tree } = options;
  const tops = 'nodes' in ddf ? ddf.nodes : [ddf];
  const created: string[] = [];
  if (options.at !== undefined) {
    const top = tops[0];
    if (tops.length !== 1 || top === undefined) {
      throw new TypeError(`at: the DDF must have exactly one top node, it has ${tops.length}`);
    }
    build(top, tree.segmentsOf(options.at), '', options, created);
    return created;
  }
  for (const top of tops) {
    if (top.placeholder)
      throw new TypeError('at: needed for a DDF whose top node is a placeholder');
    const parent = parseUri(top.path ?? '.', tree.limits).segments;
    build(top, [...parent, top.name], '', options, created);
  }
  return created;
}

function build(
  node: DdfNode,
  segs: readonly string[],
  relPath: string,
  options: InstantiateOptions,
  created: string[],
): void {
  const { tree } = options;
  if (!tree.has(segs)) {
    tree.add(segs, initOf(node, options.serverId));
    created.push(formatUri(segs));
  }
  for (const child of node.children) {
    const prefix = relPath === '' ? '' : `${relPath}/`;
    if (child.placeholder) {
      for (const name of options.instances?.[`${prefix}<x>`] ?? []) {
        build(child, [...segs, name], `${prefix}${name}`, options, created);
      }
    } else {
      build(child, [...segs, child.name], `${prefix}${child.name}`, options, created);
    }
  }
}

function initOf(node: DdfNode, serverId: string | undefined): DmNodeInit {
  const format = node.format ?? (node.children.length > 0 ? 'node' : 'chr');
  const init: { -readonly [K in keyof DmNodeInit]: DmNodeInit[K] } = { format };
  if (node.type !== undefined) init.type = node.type.value;
  if (node.title !== undefined) init.title = node.title;
  if (node.scope === 'Permanent') init.permanent = true;
  if (format !== 'node' && node.defaultValue !== undefined) {
    init.value =
      format === 'b64' || format === 'bin' ? fromBase64(node.defaultValue) : node.defaultValue;
  }
  if (serverId !== undefined) {
    const acl: Partial<Record<AclCommand, string[]>> = {};
    for (const a of node.accessTypes) {
      const cmd = ACL_OF_ACCESS[a];
      if (cmd !== undefined) acl[cmd] = [serverId];
    }
    init.acl = formatAcl(acl as Acl);
  }
  return init;
}
