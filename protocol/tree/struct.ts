import type { DmTree, NodeRef } from './dm-tree.js';
import type { DmFormat } from './format.js';

/** One Results item of `Get <uri>?list=Struct` or `?list=StructData` (PROTOCOL-FACTS §6.2). */
export interface StructItem {
  /** Source LocURI: the node's canonical URI. */
  readonly uri: string;
  readonly format: DmFormat;
  readonly type?: string;
  /** StructData only, leaves only: the value. */
  readonly data?: Uint8Array;
}

/** The `?list=` values answered by {@link listStruct}. */
export type StructList = 'Struct' | 'StructData';

/**
 * The items of `?list=Struct` (every node of the subtree, start node first, pre-order, no
 * data) or `?list=StructData` (the same plus each leaf's value). 404 if `ref` is missing.
 */
export function listStruct(tree: DmTree, ref: NodeRef, list: StructList): StructItem[] {
  return tree.walk(ref).map((n) => {
    const base =
      n.type === undefined
        ? { uri: n.uri, format: n.format }
        : { uri: n.uri, format: n.format, type: n.type };
    return list === 'StructData' && n.value !== undefined ? { ...base, data: n.value } : base;
  });
}
