/**
 * The retrieval-before-wipe interlock (ARCHITECTURE.md "Data that must not be lost"):
 * a wipe or factory reset of an item that holds data needs a verified retrieval of that
 * item from this handset in the vault, or the operator's waiver — which is recorded in
 * the audit log before the operation is even queued.
 */
import type { AuditLog } from '../audit/index.js';
import type { HandsetRecord } from '../handsets/handset-record.js';
import type { Vault } from '../vault/index.js';
import { OperationError } from './errors.js';
import type { OperationPlan } from './plan.js';

/** Items of `plan` that hold data and have no verified retrieval for `imei`. */
export function itemsWithoutRetrieval(
  vault: Vault,
  rec: HandsetRecord,
  plan: OperationPlan,
): string[] {
  if (!plan.wipes) return [];
  const imei = rec.imei ?? rec.id;
  return plan.items.filter((id) => {
    const item = rec.view?.items.find((i) => i.id === id);
    // LAWMO reports no counts: every item counts as holding data.
    const holdsData =
      rec.view?.mo !== 'cimo' || (item !== undefined && (item.itemCount > 0 || item.byteSize > 0));
    return holdsData && vault.verifiedRetrievalOf(imei, id) === undefined;
  });
}

/**
 * Throws `OperationError('interlock')` naming the items when they lack a verified
 * retrieval and no waiver was given; with a waiver, records it (a `waiver` event) and
 * returns. Does nothing when the policy is off or nothing is missing.
 */
export function checkInterlock(
  i: {
    readonly vault: Vault;
    readonly audit: AuditLog;
    readonly operator: string;
    readonly required: boolean;
    readonly waiver: { readonly reason: string } | undefined;
  },
  rec: HandsetRecord,
  plan: OperationPlan,
): void {
  if (!i.required) return;
  const missing = itemsWithoutRetrieval(i.vault, rec, plan);
  if (missing.length === 0) return;
  if (i.waiver === undefined) {
    throw new OperationError(
      'interlock',
      `${plan.kind} of ${missing.join(', ')} on ${rec.imei ?? rec.id} refused: no verified retrieval in the vault — retrieve first, or give a waiver with a reason`,
    );
  }
  i.audit.record({
    operator: i.operator,
    operation: 'waiver',
    handset: {
      imei: rec.imei ?? rec.id,
      ...(rec.model === undefined ? {} : { model: rec.model }),
      link: rec.channel.description,
    },
    selection: { items: missing },
    waiver: { by: i.operator, items: missing, reason: i.waiver.reason },
    detail: `retrieval-before-${plan.kind} interlock waived`,
  });
}
