import { aclAllows, formatAcl, parseAcl } from './acl.js';
import type { Acl, AclCommand } from './acl.js';
import { DmStatus, DmStatusError } from './dm-status-error.js';
import type { DmTree, NodeRef } from './dm-tree.js';
import { formatUri } from './uri.js';

/** The ACL that governs a node, and the node it was inherited from. */
export interface EffectiveAcl {
  readonly acl: Acl;
  /** URI of the node whose own ACL applies (the node itself or an ancestor). */
  readonly from: string;
}

/**
 * The ACL in force at `ref`: the node's own ACL if non-empty, else that of the nearest
 * ancestor with a non-empty ACL (PROTOCOL-FACTS §6.1). For a node that does not exist the
 * search starts at its nearest existing ancestor (that is what governs an Add). The root
 * always has a non-empty ACL, so this always finds one.
 */
export function effectiveAcl(tree: DmTree, ref: NodeRef): EffectiveAcl {
  let segs = tree.segmentsOf(ref);
  while (segs.length > 0 && !tree.has(segs)) segs = segs.slice(0, -1);
  const chain = tree.aclChain(segs);
  for (let i = 0; i < chain.length; i++) {
    const own = chain[i] as string;
    if (own !== '') return { acl: parseAcl(own), from: formatUri(segs.slice(0, segs.length - i)) };
  }
  // Unreachable while the root keeps a non-empty ACL; deny everything if it ever does not.
  return { acl: {}, from: '.' };
}

/** True when the ACL in force at `ref` grants `cmd` to `serverId`. */
export function checkAcl(tree: DmTree, ref: NodeRef, cmd: AclCommand, serverId: string): boolean {
  return aclAllows(effectiveAcl(tree, ref).acl, cmd, serverId);
}

/** A DM command as far as ACL checking is concerned. */
export interface AccessRequest {
  readonly cmd: 'Add' | 'Copy' | 'Delete' | 'Exec' | 'Get' | 'Replace';
  /** The command's Target URI (or Source for Get). */
  readonly target: NodeRef;
  /** Copy only: the Source URI. */
  readonly source?: NodeRef;
  /** Set when the URI carried `?prop=<name>`. */
  readonly prop?: string;
}

/**
 * Throws `DmStatusError(425)` unless `serverId` may run `request`. Which node's ACL is
 * asked, and for which right:
 * - Add: Add on the target's parent (its nearest existing ancestor, since parents may be
 *   created implicitly);
 * - Get, Delete, Exec, Replace: that right on the target itself;
 * - Replace `?prop=ACL`: Replace on the node if interior, on its parent if a leaf;
 * - Copy: Get on the source, and Replace on an existing target or Add on a new one's parent.
 * A missing target of Get/Delete/Exec/Replace is not this function's concern: the
 * nearest existing ancestor decides, and the tree operation then answers 404.
 */
export function requireAccess(tree: DmTree, request: AccessRequest, serverId: string): void {
  const deny = (ref: NodeRef, right: AclCommand): void => {
    if (!checkAcl(tree, ref, right, serverId)) {
      throw new DmStatusError(
        DmStatus.PERMISSION_DENIED,
        `server "${serverId}" lacks ${right}`,
        formatUri(tree.segmentsOf(ref)),
      );
    }
  };
  const segs = tree.segmentsOf(request.target);
  const parent = segs.length === 0 ? segs : segs.slice(0, -1);
  switch (request.cmd) {
    case 'Add':
      return deny(parent, 'Add');
    case 'Copy':
      if (request.source !== undefined) deny(request.source, 'Get');
      return tree.has(segs) ? deny(segs, 'Replace') : deny(parent, 'Add');
    case 'Replace':
      if (request.prop === 'ACL' && tree.has(segs) && !tree.info(segs).interior) {
        return deny(parent, 'Replace');
      }
      return deny(segs, 'Replace');
    default:
      return deny(segs, request.cmd);
  }
}

/**
 * The ACL a node created by `serverId` at `ref` gets: `''` (inherit) normally; but when
 * the server lacks Replace on the parent it could not otherwise manage what it created,
 * so the new node gets `Add=<id>&Delete=<id>&Replace=<id>` (OMA DM TND 1.2 §7.7.1,
 * PROTOCOL-FACTS §1.3).
 */
export function aclForCreatedNode(tree: DmTree, ref: NodeRef, serverId: string): string {
  const segs = tree.segmentsOf(ref);
  if (checkAcl(tree, segs.slice(0, -1), 'Replace', serverId)) return '';
  return formatAcl({ Add: [serverId], Delete: [serverId], Replace: [serverId] });
}
