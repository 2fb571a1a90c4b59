/**
 * The DM tree as the browser shows it: the handset's flat node list turned into a
 * depth-first array (so a subtree is a contiguous range and collapsing skips it in one
 * step), plus the visible-row computation for expand/collapse and search. Pure and
 * linear apart from sorting siblings, so 50,000 nodes lay out in a few tens of ms: the
 * tree is opened on that path, so every per-node allocation and comparison counts.
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
}

export interface TreeModel {
  readonly rows: readonly FlatNode[];
  /** The row index of a path (as laid out: no empty segments), or undefined. */
  indexOf(path: string): number | undefined;
}

/**
 * One collator for every comparison: `localeCompare` with options builds a collator per
 * call, which made sorting 50,000 names the bulk of opening the tree. Same ordering.
 */
const collator = new Intl.Collator(undefined, { numeric: true });

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** The path with empty segments dropped ("/a//b/" → "a/b"); the common case costs no copy. */
function normalize(path: string): string {
  const clean = !path.startsWith('/') && !path.endsWith('/') && !path.includes('//') && path !== '';
  return clean ? path : segments(path).join('/');
}

/**
 * A node while building, and afterwards its row: one object per node (not a tree node
 * plus a row), and its row index kept on it, so the path map doubles as the index.
 */
interface Building extends FlatNode {
  depth: number;
  node: TreeNodeView | undefined;
  children: Building[] | undefined;
  parent: Building | undefined;
  index: number;
}

const compareNames = (a: Building, b: Building): number =>
  a.name === b.name ? 0 : collator.compare(a.name, b.name);

/** Builds the layout; children in name order (numeric-aware), missing ancestors filled in. */
export function buildTree(nodes: readonly TreeNodeView[]): TreeModel {
  const roots: Building[] = [];
  const built = new Map<string, Building>();
  // Parents are found by cutting the last segment off the path (no split per node); a
  // parent not listed (yet) is created on the way, as are its own missing ancestors.
  // Handsets list siblings together and parents before children, so the parent is
  // usually the node before or its parent: a prefix compare finds it without slicing
  // and hashing the parent path.
  let prev: Building | undefined;
  const parentOf = (path: string, cut: number): Building => {
    for (let c = prev; c !== undefined; c = c.parent)
      if (c.path.length === cut && path.startsWith(c.path)) return c;
    return get(path.slice(0, cut));
  };
  const get = (path: string): Building => {
    const have = built.get(path);
    if (have !== undefined) return have;
    const cut = path.lastIndexOf('/');
    const b: Building = {
      name: cut < 0 ? path : path.slice(cut + 1),
      path,
      depth: 0,
      end: 0,
      node: undefined,
      children: undefined,
      parent: undefined,
      index: -1,
    };
    built.set(path, b);
    if (cut < 0) roots.push(b);
    else {
      b.parent = parentOf(path, cut);
      (b.parent.children ??= []).push(b);
    }
    return b;
  };
  for (const n of nodes) {
    const p = normalize(n.path);
    // An empty path names the (never shown) root.
    if (p === '') continue;
    prev = get(p);
    prev.node = n;
  }
  const rows: Building[] = new Array<Building>(built.size);
  let count = 0;
  // Iterative DFS: deep trees must not blow the stack. Siblings are pushed in reverse
  // name order so they pop in name order; a row's `end` is set when its subtree is done.
  const stack: Building[] = [];
  const pushChildren = (list: Building[], depth: number): void => {
    // TimSort: already-ordered siblings (the usual listing) cost one pass.
    if (list.length > 1) list.sort(compareNames);
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i];
      if (c === undefined) continue;
      c.depth = depth;
      stack.push(c);
    }
  };
  pushChildren(roots, 0);
  const open: Building[] = [];
  while (stack.length > 0) {
    const b = stack.pop();
    if (b === undefined) break;
    while (open.length > b.depth) {
      const done = open.pop();
      if (done !== undefined) done.end = count;
    }
    b.index = count;
    b.end = count + 1;
    rows[count++] = b;
    open.push(b);
    if (b.children !== undefined) pushChildren(b.children, b.depth + 1);
  }
  for (const r of open) r.end = count;
  rows.length = count;
  return { rows, indexOf: (path) => built.get(path)?.index };
}

/** Whether the row has children in the layout. */
export function hasChildren(model: TreeModel, index: number): boolean {
  const r = model.rows[index];
  return r !== undefined && r.end > index + 1;
}

/**
 * Lower-cased "path NUL value" per row, what search matches against. Built on the first
 * search rather than with the layout, so opening the tree does not pay for it.
 */
const haystacks = new WeakMap<TreeModel, readonly string[]>();
function haystacksOf(model: TreeModel): readonly string[] {
  let h = haystacks.get(model);
  if (h === undefined) {
    h = model.rows.map((r) => `${r.path}\u0000${r.node?.value ?? ''}`.toLowerCase());
    haystacks.set(model, h);
  }
  return h;
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
  const hay = haystacksOf(model);
  const keep = new Uint8Array(rows.length);
  const ancestors: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === undefined) continue;
    ancestors.length = r.depth;
    if (hay[i]?.includes(q) === true) {
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

/**
 * Paths of the rows above `depth` (e.g. 2: roots and their children), skipping every
 * deeper subtree in one step, so the cost is the rows returned, not the tree's size.
 */
export function topLevels(model: TreeModel, depth: number): Set<string> {
  const out = new Set<string>();
  const rows = model.rows;
  let i = 0;
  while (i < rows.length) {
    const r = rows[i];
    if (r === undefined) break;
    if (r.depth < depth) {
      out.add(r.path);
      i++;
    } else i = r.end;
  }
  return out;
}
