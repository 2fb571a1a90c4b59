/**
 * What each console operation means on a handset's MO: the Exec node, which selector
 * leaves to set, whether it is destructive (consent) and whether it wipes (interlock).
 */
import { cimoPaths, lawmoPaths } from '../../../protocol/cimo/index.js';
import type { OperationKind } from '../../ipc/contract.js';
import type { MoView } from '../handsets/mo-view.js';
import { OperationError } from './errors.js';

/** One Replace the plan makes before the Exec. */
export interface Selector {
  readonly uri: string;
  readonly value: string;
  readonly format: 'bool' | 'chr';
}

/** The plan of one operation on one handset. */
export interface OperationPlan {
  readonly kind: OperationKind;
  /** The Exec node, e.g. `./CIMO/Operations/Wipe`. */
  readonly execUri: string;
  /** CIMO operation name (what `LastOperation/Name` says). */
  readonly opName: string;
  readonly selectors: readonly Selector[];
  /** InfoList item ids the operation acts on. */
  readonly items: readonly string[];
  readonly apps: readonly string[];
  /** Needs owner consent when the policy asks for it (CIMO-MO.md). */
  readonly destructive: boolean;
  /** Destroys item data: the retrieval-before-wipe interlock applies to `items`. */
  readonly wipes: boolean;
}

const OP_NAME: Readonly<Record<OperationKind, string>> = {
  lock: 'FullyLock',
  'partial-lock': 'PartiallyLock',
  unlock: 'UnLock',
  retrieve: 'Retrieve',
  wipe: 'Wipe',
  'factory-reset': 'FactoryReset',
  uninstall: 'Uninstall',
};

const bool = (uri: string, on: boolean): Selector => ({
  uri,
  value: on ? 'true' : 'false',
  format: 'bool',
});

/**
 * Plans `kind` on a handset whose MO is `view`. `items` default to every item (retrieve,
 * wipe, partial lock); unknown ids throw `OperationError('bad-selection')`; an operation
 * the MO lacks (Retrieve on LAWMO) throws `not-supported`.
 */
export function planOperation(
  kind: OperationKind,
  view: MoView,
  sel: { readonly items?: readonly string[]; readonly apps?: readonly string[] },
): OperationPlan {
  const opName = OP_NAME[kind];
  const known = new Set(view.items.map((i) => i.id));
  const usesItems = kind === 'retrieve' || kind === 'wipe' || kind === 'partial-lock';
  const items = kind === 'factory-reset' ? [...known] : usesItems ? [...(sel.items ?? known)] : [];
  for (const i of items)
    if (!known.has(i)) throw new OperationError('bad-selection', `no item ${i} on the handset`);
  const appIds = new Set(view.apps.map((a) => a.id));
  const apps = kind === 'uninstall' ? [...(sel.apps ?? [])] : [];
  if (kind === 'uninstall' && apps.length === 0)
    throw new OperationError('bad-selection', 'uninstall needs the apps to remove');
  for (const a of apps)
    if (!appIds.has(a)) throw new OperationError('bad-selection', `no app ${a} on the handset`);
  const selectors: Selector[] = [];
  let execUri: string;
  if (view.mo === 'cimo') {
    const p = cimoPaths(view.root);
    execUri = p.operations[opName as keyof typeof p.operations];
    const chosen = new Set(items);
    const leaf =
      kind === 'retrieve'
        ? 'ToBeRetrieved'
        : kind === 'wipe'
          ? 'ToBeWiped'
          : kind === 'partial-lock'
            ? 'ToBeLocked'
            : undefined;
    if (leaf !== undefined)
      for (const id of known) selectors.push(bool(p.info(id)[leaf], chosen.has(id)));
    if (kind === 'uninstall') {
      const chosenApps = new Set(apps);
      for (const id of appIds) selectors.push(bool(p.app(id).ToBeUninstalled, chosenApps.has(id)));
    }
  } else {
    const p = lawmoPaths(view.root);
    const op = p.operations[opName as keyof typeof p.operations] as string | undefined;
    if (op === undefined)
      throw new OperationError('not-supported', `a LAWMO handset has no ${opName}`);
    execUri = op;
    if (kind === 'wipe') {
      const chosen = new Set(items);
      for (const id of known) selectors.push(bool(p.wipeItem(id).toBeWiped, chosen.has(id)));
    }
  }
  return {
    kind,
    execUri,
    opName,
    selectors,
    items,
    apps,
    destructive:
      kind === 'wipe' || kind === 'factory-reset' || kind === 'uninstall' || kind === 'retrieve',
    wipes: kind === 'wipe' || kind === 'factory-reset',
  };
}
