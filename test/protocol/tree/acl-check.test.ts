import { describe, expect, it } from 'vitest';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import {
  aclForCreatedNode,
  checkAcl,
  effectiveAcl,
  requireAccess,
} from '../../../protocol/tree/acl-check.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';
import type { AccessRequest } from '../../../protocol/tree/acl-check.js';

function tree(): DmTree {
  const t = new DmTree();
  t.add('./Vendor', { format: 'node', acl: 'Get=*&Replace=op&Add=op&Delete=op' });
  t.add('./Vendor/Leaf', { value: 'x' });
  t.add('./Vendor/Own', { format: 'node', acl: 'Get=other&Exec=other' });
  t.add('./Vendor/Own/Deep', { value: 'y' });
  return t;
}

function allowed(t: DmTree, req: AccessRequest, sid: string): boolean {
  try {
    requireAccess(t, req, sid);
    return true;
  } catch (e) {
    if (isDmStatusError(e) && e.status === 425) return false;
    throw e;
  }
}

describe('acl-check', () => {
  it('inherits from the nearest ancestor that has a non-empty ACL', () => {
    const t = tree();
    expect(effectiveAcl(t, './Vendor/Leaf').from).toBe('./Vendor');
    expect(effectiveAcl(t, './Vendor/Own/Deep').from).toBe('./Vendor/Own');
    expect(checkAcl(t, './Vendor/Leaf', 'Replace', 'op')).toBe(true);
    expect(checkAcl(t, './Vendor/Own/Deep', 'Replace', 'op')).toBe(false);
    expect(checkAcl(t, './Vendor/Own/Deep', 'Exec', 'other')).toBe(true);
  });

  it('uses the root default Add=*&Get=* where nothing else is set', () => {
    const t = new DmTree();
    t.add('./Free', { value: '1' });
    expect(checkAcl(t, './Free', 'Get', 'anyone')).toBe(true);
    expect(checkAcl(t, './Free', 'Replace', 'anyone')).toBe(false);
    expect(effectiveAcl(t, './Not/There').from).toBe('.');
  });

  it('checks Add on the nearest existing ancestor of the new node', () => {
    const t = tree();
    expect(allowed(t, { cmd: 'Add', target: './Vendor/New/Sub' }, 'op')).toBe(true);
    expect(allowed(t, { cmd: 'Add', target: './Vendor/New' }, 'other')).toBe(false);
    expect(allowed(t, { cmd: 'Add', target: './Vendor/Own/New' }, 'op')).toBe(false);
  });

  it('needs Replace on the parent to change a leaf’s ACL and on the node itself for an interior node', () => {
    const t = tree();
    t.replaceProperty('./Vendor/Leaf', 'ACL', 'Replace=leafer');
    // leafer may replace the leaf's value but not its ACL (that needs Replace on ./Vendor).
    expect(allowed(t, { cmd: 'Replace', target: './Vendor/Leaf' }, 'leafer')).toBe(true);
    expect(allowed(t, { cmd: 'Replace', target: './Vendor/Leaf', prop: 'ACL' }, 'leafer')).toBe(
      false,
    );
    expect(allowed(t, { cmd: 'Replace', target: './Vendor/Leaf', prop: 'ACL' }, 'op')).toBe(true);
    // For an interior node the node's own ACL decides.
    expect(allowed(t, { cmd: 'Replace', target: './Vendor/Own', prop: 'ACL' }, 'op')).toBe(false);
    t.replaceProperty('./Vendor/Own', 'ACL', 'Replace=boss');
    expect(allowed(t, { cmd: 'Replace', target: './Vendor/Own', prop: 'ACL' }, 'boss')).toBe(true);
  });

  it('checks Get on the source and Add or Replace on the target of a Copy', () => {
    const t = tree();
    expect(allowed(t, { cmd: 'Copy', source: './Vendor/Leaf', target: './Vendor/New' }, 'op')).toBe(
      true,
    );
    expect(
      allowed(t, { cmd: 'Copy', source: './Vendor/Own/Deep', target: './Vendor/New' }, 'op'),
    ).toBe(false);
  });

  it('gives a creator without Replace on the parent Add/Delete/Replace on what it creates', () => {
    const t = tree();
    expect(aclForCreatedNode(t, './Vendor/New', 'op')).toBe('');
    expect(aclForCreatedNode(t, './Vendor/New', 'guest')).toBe(
      'Add=guest&Delete=guest&Replace=guest',
    );
  });
});
