/**
 * The DM tree as the browser shows it: the handset's flat node list turned into a
 * depth-first array (so a subtree is a contiguous range and collapsing skips it in one
 * step), plus the visible-row computation for expand/collapse and search. Pure and
 * linear, so 50,000 nodes stay fast.
 */
import type { TreeNodeView } from '../../../main/ipc/contract.js';

/** One row of the depth-first layout. */
export interface FlatNode {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  /** Index one past the last descendant (subtree = [index, end)). */
  end: number;
  /** The node as the handset described it; undefined for an ancestor it did not list. */
  readonly node: TreeNodeView | undefined;
  /** Lower-cased path + value, for search. */
  readonly haystack: string;
}

export interface TreeModel {
  readonly rows: readonly FlatNode[];
  readonly byPath: ReadonlyMap<string, number>;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

interface Building {
  node: TreeNodeView | undefined;
  children: Map<string, Building>;
}

/** Builds the layout; children in name order, missing ancestors filled in. */
export function buildTree(nodes: readonly TreeNodeView[]): TreeModel {
  const root: Building = { node: undefined, children: new Map() };
  for (const n of nodes) {
    let cur = root;
    for (const seg of segments(n.path)) {
      let next = cur.children.get(seg);
      if (next === undefined) {
        next = { node: undefined, children: new Map() };
        cur.children.set(seg, next);
      }
      cur = next;
    }
    cur.node = n;
  }
  const rows: FlatNode[] = [];
  const byPath = new Map<string, number>();
  // Iterative DFS: deep trees must not blow the stack.
  const stack: { b: Building; name: string; path: string; depth: number; index?: number }[] = [];
  const pushChildren = (b: Building, parentPath: string, depth: number): void => {
    const names = [...b.children.keys()].sort((x, y) =>
      x.localeCompare(y, undefined, { numeric: true }),
    );
    for (let i = names.length - 1; i >= 0; i--) {
      const name = names[i] ?? '';
      const child = b.children.get(name);
      if (child === undefined) continue;
      stack.push({
        b: child,
        name,
        path: parentPath === '' ? name : `${parentPath}/${name}`,
        depth,
      });
    }
  };
  pushChildren(root, '', 0);
  const open: FlatNode[] = [];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === undefined) break;
    while (open.length > e.depth) {
      const done = open.pop();
      if (done !== undefined) done.end = rows.length;
    }
    const value = e.b.node?.value ?? '';
    const row: FlatNode = {
      path: e.path,
      name: e.name,
      depth: e.depth,
      end: rows.length + 1,
      node: e.b.node,
      haystack: `${e.path}\u0000${value}`.toLowerCase(),
    };
    byPath.set(e.path, rows.length);
    rows.push(row);
    open.push(row);
    pushChildren(e.b, e.path, e.depth + 1);
  }
  for (const r of open) r.end = rows.length;
  return { rows, byPath };
}

/** Whether the row has children in the layout. */
export function hasChildren(model: TreeModel, index: number): boolean {
  const r = model.rows[index];
  return r !== undefined && r.end > index + 1;
}

/**
 * Indices of the rows to show. Without a query: roots, and children of expanded rows.
 * With a query (case-insensitive, path or value): every match and its ancestors.
 */
export function visibleRows(
  model: TreeModel,
  expanded: ReadonlySet<string>,
  query: string,
): number[] {
  const out: number[] = [];
  const rows = model.rows;
  const q = query.trim().toLowerCase();
  if (q === '') {
    let i = 0;
    while (i < rows.length) {
      const r = rows[i];
      if (r === undefined) break;
      out.push(i);
      i = expanded.has(r.path) ? i + 1 : r.end;
    }
    return out;
  }
  const keep = new Uint8Array(rows.length);
  const ancestors: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === undefined) continue;
    ancestors.length = r.depth;
    if (r.haystack.includes(q)) {
      keep[i] = 1;
      for (const a of ancestors) keep[a] = 1;
    }
    ancestors.push(i);
  }
  for (let i = 0; i < rows.length; i++) if (keep[i] === 1) out.push(i);
  return out;
}

/** Every ancestor path of `path` ("a/b/c" → ["a", "a/b"]), to expand a found node. */
export function ancestorPaths(path: string): string[] {
  const segs = segments(path);
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) out.push(segs.slice(0, i).join('/'));
  return out;
}
