/**
 * Reading a handset's tree over a DM session: one node's text, a subtree as a flat
 * map (TNDS when the handset answers it, `?list=StructData` otherwise), and the
 * `MoTreeReader` that `findMo` walks with.
 */
import type { MoTreeReader } from '../../../protocol/cimo/index.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import type { TndsNode } from '../../../protocol/tree/index.js';

/** One node of a fetched subtree. */
export interface FetchedNode {
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  readonly value?: Uint8Array;
  /** Child names, for interior nodes (TNDS only; StructData gives the children as nodes). */
  readonly children?: readonly string[];
}

/** A fetched subtree by URI, and how it was read. */
export interface FetchedTree {
  readonly via: 'tnds' | 'structdata';
  readonly nodes: ReadonlyMap<string, FetchedNode>;
}

const utf8 = new TextDecoder();

const isStatus = (e: unknown, codes: readonly number[]): boolean =>
  typeof e === 'object' &&
  e !== null &&
  (e as { dmStatusError?: unknown }).dmStatusError === true &&
  codes.includes((e as { status: number }).status);

/** The text of a leaf, or undefined when the node does not exist (404) or is not allowed. */
export async function getText(s: ServerSession, uri: string): Promise<string | undefined> {
  try {
    const r = await s.get(uri);
    const d = r.items[0]?.data;
    return d === undefined ? '' : utf8.decode(d);
  } catch (e) {
    if (isStatus(e, [401, 403, 404, 405, 406, 425])) return undefined;
    throw e;
  }
}

/** A `findMo` reader over a live session. */
export function sessionReader(s: ServerSession): MoTreeReader {
  return {
    getType: (uri) => getText(s, `${uri}?prop=Type`),
    listChildren: async (uri) => {
      const t = await getText(s, uri);
      return t === undefined || t === '' ? [] : t.split('/').filter((n) => n !== '');
    },
  };
}

/**
 * The subtree at `root`: first `Get <root>?list=TNDS+Format+Type+Value`; a handset that
 * refuses it (406 and friends) or answers without a TNDS document is asked
 * `?list=StructData` instead.
 */
export async function fetchTree(s: ServerSession, root: string): Promise<FetchedTree> {
  try {
    const r = await s.get(`${root}?list=TNDS+Format+Type+Value`);
    const doc = r.items[0]?.tnds;
    if (doc !== undefined) return { via: 'tnds', nodes: flattenTnds(doc.nodes, root) };
  } catch (e) {
    if (!isStatus(e, [400, 401, 403, 405, 406, 413, 500])) throw e;
  }
  const r = await s.get(`${root}?list=StructData`);
  const nodes = new Map<string, FetchedNode>();
  for (const i of r.items) {
    nodes.set(i.uri, {
      uri: i.uri,
      ...(i.format === undefined ? {} : { format: i.format }),
      ...(i.type === undefined ? {} : { type: i.type }),
      ...(i.data === undefined || i.format === 'node' ? {} : { value: i.data }),
    });
  }
  return { via: 'structdata', nodes };
}

function flattenTnds(top: readonly TndsNode[], root: string): Map<string, FetchedNode> {
  const out = new Map<string, FetchedNode>();
  const visit = (n: TndsNode, uri: string): void => {
    out.set(uri, {
      uri,
      ...(n.format === undefined ? {} : { format: n.format }),
      ...(n.type === undefined ? {} : { type: n.type.value }),
      ...(n.value === undefined ? {} : { value: n.value }),
      ...(n.children.length > 0 ? { children: n.children.map((c) => c.name) } : {}),
    });
    for (const c of n.children) visit(c, `${uri}/${c.name}`);
  };
  for (const n of top) {
    const uri =
      n.path === undefined ? (n.name === '' ? root : `./${n.name}`) : `${n.path}/${n.name}`;
    visit(n, n.name === '' ? root : uri);
  }
  return out;
}

/** Text of a fetched node's value ('' when it has none). */
export function textOf(nodes: ReadonlyMap<string, FetchedNode>, uri: string): string | undefined {
  const n = nodes.get(uri);
  if (n === undefined) return undefined;
  return n.value === undefined ? '' : utf8.decode(n.value);
}
