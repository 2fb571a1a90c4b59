/**
 * What an operation will do, in words, and which of its steps need more than a click:
 * the review text, the interlock (retrieval before wipe), the consent step and the
 * typed confirmation for a factory reset. Pure, so the rules are testable in Node.
 */
import type { HandsetDetail, OperationKind } from '../../../main/ipc/contract.js';

export const OPERATION_LABEL: Readonly<Record<OperationKind, string>> = {
  lock: 'Lock',
  'partial-lock': 'Lock selected items',
  unlock: 'Unlock',
  retrieve: 'Retrieve',
  wipe: 'Wipe',
  'factory-reset': 'Factory reset',
  uninstall: 'Uninstall',
};

/** Operations that destroy data on the handset and cannot be undone. */
export function isIrreversible(op: OperationKind): boolean {
  return op === 'wipe' || op === 'factory-reset' || op === 'uninstall';
}

/** Operations the owner may have to consent to (CIMO-MO.md, ConsentRequired). */
export function needsConsentStep(op: OperationKind): boolean {
  return op === 'wipe' || op === 'factory-reset' || op === 'uninstall' || op === 'retrieve';
}

/** Operations that take an item selection. */
export function takesItems(op: OperationKind): boolean {
  return op === 'retrieve' || op === 'wipe' || op === 'partial-lock';
}

/** One handset's part of the plan. */
export interface PlanTarget {
  readonly handsetId: string;
  readonly label: string;
  readonly imei: string | undefined;
  /** Item ids chosen (empty = every item, for batch actions). */
  readonly items: readonly string[];
  readonly detail: HandsetDetail | undefined;
}

/** The sentence that says exactly what will happen to one handset. */
export function describeTarget(
  op: OperationKind,
  t: PlanTarget,
  apps: readonly string[] = [],
): string {
  const names = itemNames(t);
  const who = `${t.label}${t.imei === undefined ? '' : ` (IMEI ${t.imei})`}`;
  switch (op) {
    case 'lock':
      return `${who} will be fully locked: the handset refuses data access until unlocked.`;
    case 'partial-lock':
      return `On ${who}, access to ${names} will be locked.`;
    case 'unlock':
      return `${who} will be unlocked; every item becomes accessible again.`;
    case 'retrieve':
      return `${names} on ${who} will be copied into the encrypted vault and checked object by object.`;
    case 'wipe':
      return `${names} on ${who} will be deleted for good. The handset overwrites the data; it cannot be recovered.`;
    case 'factory-reset':
      return `${who} will be factory reset: every item wiped, every removable app uninstalled, settings reset. This cannot be undone.`;
    case 'uninstall':
      return `${apps.length === 1 ? 'One app' : `${apps.length} apps`} (${apps.join(', ')}) will be removed from ${who}.`;
  }
}

/** The chosen items' display names ("Phone book, Photos"), or "every item". */
export function itemNames(t: PlanTarget): string {
  if (t.items.length === 0) return 'every item';
  const byId = new Map((t.detail?.items ?? []).map((i) => [i.id, i.name]));
  return t.items.map((id) => byId.get(id) ?? id).join(', ');
}

/**
 * Items of this target that would be wiped without a verified retrieval (the interlock).
 * For a batch target without a selection, every item with data counts.
 */
export function unretrievedItems(op: OperationKind, t: PlanTarget): string[] {
  if (op !== 'wipe' && op !== 'factory-reset') return [];
  const items = t.detail?.items ?? [];
  const chosen =
    op === 'factory-reset' || t.items.length === 0
      ? items.filter((i) => i.itemCount > 0)
      : items.filter((i) => t.items.includes(i.id));
  return chosen.filter((i) => i.verifiedRetrieval === undefined).map((i) => i.name);
}

/** Whether the typed text confirms a factory reset of a handset with this IMEI. */
export function confirmationMatches(typed: string, imei: string | undefined): boolean {
  return imei !== undefined && imei.length >= 4 && typed.trim() === imei.slice(-4);
}
