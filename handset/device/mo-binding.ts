/**
 * How the handset's state maps onto its lock-and-wipe MO in the DM tree. One binding per
 * MO (CIMO, LAWMO): the device logic works on {@link DeviceState} and the binding moves
 * values between it and the tree — device-owned leaves (State, Locked, LastOperation,
 * counts) from state to tree, console-writable leaves (ToBe*, Config) from tree to state.
 */
import type { DmTree } from '../../protocol/tree/index.js';
import type { AppRecord, InfoItemSpec, ItemStats } from '../data/types.js';
import type { DeviceState } from './device-state.js';

/** What the stores hold right now, as the tree shows it. */
export interface DataSnapshot {
  readonly items: readonly InfoItemSpec[];
  readonly stats: ReadonlyMap<string, ItemStats>;
  readonly apps: readonly AppRecord[];
}

/** One MO's view of the handset. */
export interface MoBinding {
  /** The MO's root URI. */
  readonly root: string;
  /** URI of the Exec node of `operation`, or undefined when the MO has none. */
  operationUri(operation: string): string | undefined;
  /** Creates the MO's nodes (from its DDF) for the items and apps in `data`. */
  build(tree: DmTree, data: DataSnapshot, serverId: string): void;
  /**
   * Brings the tree up to date: item and app instances added/removed to match `data`,
   * counts and sizes, and every leaf that `state` owns.
   */
  apply(tree: DmTree, data: DataSnapshot, state: DeviceState, serverId: string): void;
  /** Only the leaves `state.lastOperation` owns (a subset of {@link apply}). */
  applyLastOperation(tree: DmTree, state: DeviceState): void;
  /** `state` with the console-writable leaves read from the tree. */
  capture(tree: DmTree, state: DeviceState): DeviceState;
}

const utf8 = new TextDecoder();

/** Text of a leaf, '' when the node is missing. */
export function leafText(tree: DmTree, uri: string): string {
  if (!tree.has(uri)) return '';
  return utf8.decode(tree.get(uri).data);
}

/** A bool leaf: `true` / `1` (any case, trimmed) is true, anything else false. */
export function leafBool(tree: DmTree, uri: string): boolean {
  return /^(true|1)$/i.test(leafText(tree, uri).trim());
}

/** Writes a leaf when it exists and its text differs (so TStamp/VerNo mean a change). */
export function setLeaf(tree: DmTree, uri: string, value: string | number | boolean): void {
  if (!tree.has(uri)) return;
  const text = String(value);
  if (leafText(tree, uri) !== text) tree.replace(uri, text);
}

/**
 * Adds and removes instances under `parent` so that exactly `ids` exist (in order of
 * creation); returns the ids that were added (the caller instantiates their leaves).
 */
export function reconcileInstances(tree: DmTree, parent: string, ids: readonly string[]): string[] {
  const segs = tree.segmentsOf(parent);
  const existing = tree.info(segs).children ?? [];
  const want = new Set(ids);
  for (const name of existing) if (!want.has(name)) tree.delete([...segs, name]);
  const have = new Set(existing);
  return ids.filter((id) => !have.has(id));
}
