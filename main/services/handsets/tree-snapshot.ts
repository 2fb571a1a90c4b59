/**
 * A handset's tree as `handset:get-tree` answers it, kept between requests: the subtree
 * the console read (at identification, at every refresh of the MO view, or for the tree
 * browser), packed once — when first asked for, or soon after it was read where a tree
 * browser may ask (see `RegistryOptions.prepackTrees`) — rather than on every request.
 */
import type { PackedTree, TreeNodeView } from '../../ipc/contract.js';
import { packTree } from '../../ipc/pack-tree.js';
import type { FetchedNode, FetchedTree } from './tree-read.js';

/** A packed subtree and the DM session it was read in. */
export interface KeptTree {
  /** The subtree's root as it was asked for. */
  readonly root: string;
  /**
   * The handset's {@link HandsetRecord.treeRevision} in the session that read it: the
   * tree is current while no later session has started.
   */
  readonly revision: number;
  /** Packed on first use, then kept (the CLI reads trees but never shows one). */
  readonly packed: PackedTree;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One fetched node as the tree browser lists it (a value that is not UTF-8 as base64). */
export function fetchedNodeView(n: FetchedNode): TreeNodeView {
  let value: string | undefined;
  if (n.value !== undefined) {
    try {
      value = utf8.decode(n.value);
    } catch {
      value = undefined;
    }
  }
  return {
    path: n.uri,
    format: n.format ?? (n.children !== undefined ? 'node' : 'chr'),
    ...(n.type === undefined ? {} : { type: n.type }),
    ...(n.value === undefined ? {} : { size: n.value.length }),
    ...(value !== undefined
      ? { value }
      : n.value === undefined
        ? {}
        : { base64: Buffer.from(n.value).toString('base64') }),
    ...(n.children === undefined ? {} : { children: n.children.length }),
  };
}

/**
 * `tree` for `handset:get-tree`, noted as read at `root` in session `revision`; packed
 * when first asked for.
 */
export function keepTree(root: string, revision: number, tree: FetchedTree): KeptTree {
  let packed: PackedTree | undefined;
  return {
    root,
    revision,
    get packed(): PackedTree {
      packed ??= packTree([...tree.nodes.values()].map(fetchedNodeView));
      return packed;
    },
  };
}
