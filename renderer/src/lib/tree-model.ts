/**
 * The DM tree as the browser shows it: the packed node list ({@link PackedTree}) as a
 * tree, plus the visible-row computation for expand/collapse and search.
 *
 * Opening the tree runs this, so it is built for 50,000 nodes and does for the first
 * paint only what the rows shown need: one pass links each entry to its parent's list of
 * children; a node's children are put in name order when it is first shown expanded; a
 * row's path and object are made when it is shown. A search reads the names and values
 * as they arrived (tree-search.ts) and orders only its matches and their ancestors, never
 * the whole tree.
 */
import type { PackedTree, TreeNodeView } from '../../../main/ipc/contract.js';
import { nodeOf, readPackedTree, valueOf } from './tree-pack.js';
import type { TreeColumns } from './tree-pack.js';
import { TreeSearch } from './tree-search.js';

/** One row of the tree: an entry of the packed list. */
export interface FlatNode {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  /** The node as the handset described it; undefined for an ancestor it did not list. */
  readonly node: TreeNodeView | undefined;
}

/**
 * The tree of a packed list. A row is named by its entry's index in the list (stable
 * whatever is expanded); the depth-first order of the whole tree is built only when
 * asked for ({@link TreeModel.order}): neither opening the tree nor a search needs it.
 */
export interface TreeModel {
  /** How many rows. */
  readonly size: number;
  /** Row `index` (the same object every time), or undefined past the end. */
  row(index: number): FlatNode | undefined;
  /** The path of row `index` ("" past the end). */
  path(index: number): string;
  /** The text value of row `index`, if it has one. */
  value(index: number): string | undefined;
  /** The row index of a path (empty segments ignored), or undefined. */
  indexOf(path: string): number | undefined;
  /** The children of row `index` (-1: the roots), in name order. */
  children(index: number): Int32Array;
  /** Whether row `index` has children. */
  hasChildren(index: number): boolean;
  /** The parent of row `index` (-1: a root or past the end). */
  parent(index: number): number;
  /**
   * The rows marked 1 in `kept` and their ancestors (marked too, in place), in
   * depth-first order, children in name order: the order {@link order} lists them in,
   * without ordering the rest.
   */
  inOrder(kept: Uint8Array): number[];
  /**
   * The rows whose text (path, NUL, value; lower-cased) holds `q` (lower case, not
   * empty), marked 1 in an array of {@link size} that the next call reuses; see
   * tree-search.ts.
   */
  matches(q: string): Uint8Array;
  /** Every row in depth-first order, with its depth, built on the first call. */
  order(): DepthFirst;
}

/** The depth-first order: `rows[k]` is the k-th row, at depth `depths[k]`. */
export interface DepthFirst {
  readonly rows: Int32Array;
  readonly depths: Int32Array;
}

/**
 * One collator for every comparison: `localeCompare` with options builds a collator per
 * call. Numeric, so File9 sorts before File10.
 */
const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * Whether {@link comparePlain} orders as {@link collator} does: the collation of ASCII
 * letters and digits it encodes is the root one that English uses; other languages
 * reorder letters (Danish "aa", Estonian "z", Lithuanian "y"), so they always take the
 * collator.
 */
const plainOrderHolds = /^(en|und|root)\b/.test(collator.resolvedOptions().locale);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether `s` is made of ASCII letters and digits only, no run of digits starting with a
 * zero (the collator counts "01" equal to "1") or longer than 100 digits: the names
 * {@link comparePlain} orders exactly as the collator does.
 */
export function isPlainName(s: string): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      if (run === 0 && c === 0x30 && isDigit(s.charCodeAt(i + 1))) return false;
      if (++run > 100) return false;
    } else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) run = 0;
    else return false;
  }
  return true;
}

/**
 * Two plain names ({@link isPlainName}) in the order of a numeric root collator, without
 * it: first by letters regardless of case and runs of digits by their value, a run of
 * digits before a letter and an ended name before either; when those are all equal, by
 * the first difference of case, lower case first. (Intl.Collator has no fast path for
 * numeric collation: this is several times faster.)
 */
export function comparePlain(x: string, y: string): number {
  let i = 0;
  let j = 0;
  let byCase = 0;
  for (;;) {
    if (i >= x.length) return j >= y.length ? byCase : -1;
    if (j >= y.length) return 1;
    const a = x.charCodeAt(i);
    const b = y.charCodeAt(j);
    const da = isDigit(a);
    const db = isDigit(b);
    if (da && db) {
      let ie = i + 1;
      while (ie < x.length && isDigit(x.charCodeAt(ie))) ie++;
      let je = j + 1;
      while (je < y.length && isDigit(y.charCodeAt(je))) je++;
      if (ie - i !== je - j) return ie - i < je - j ? -1 : 1;
      for (; i < ie; i++, j++) {
        const d = x.charCodeAt(i) - y.charCodeAt(j);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      continue;
    }
    if (da !== db) return da ? -1 : 1;
    const la = a | 0x20;
    const lb = b | 0x20;
    if (la !== lb) return la < lb ? -1 : 1;
    if (byCase === 0 && a !== b) byCase = a > b ? -1 : 1;
    i++;
    j++;
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/*
 * The tree is built by small functions of one or two loops each rather than one
 * function with all of them: on the first open every loop is hot, and V8 compiles a
 * function for each hot loop in it (on-stack replacement) — one large function was
 * compiled several times over.
 */

/** The entries of one linked list of children, in listing order. */
function listOf(first: Int32Array, next: Int32Array, g: number): Int32Array {
  let count = 0;
  for (let e = first[g] ?? 0; e !== 0; e = next[e - 1] ?? 0) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let e = first[g] ?? 0; e !== 0; e = next[e - 1] ?? 0) out[k++] = e - 1;
  return out;
}

/**
 * Orders entries by name: `plain[e]` caches whether entry e's name is plain (1) or not
 * (2), so most comparisons skip the collator.
 */
function nameOrder(names: readonly string[], plain: Uint8Array): (a: number, b: number) => number {
  const fast = (e: number): boolean => {
    let p = plain[e] ?? 0;
    if (p === 0) {
      p = isPlainName(names[e] ?? '') ? 1 : 2;
      plain[e] = p;
    }
    return p === 1;
  };
  return (a, b) => {
    const x = names[a] ?? '';
    const y = names[b] ?? '';
    if (x === y) return 0;
    return plainOrderHolds && fast(a) && fast(b) ? comparePlain(x, y) : collator.compare(x, y);
  };
}

/**
 * Puts `kids[a, b)` (siblings) in name order, stably. Handsets list them in order
 * mostly, so the range is checked first (one comparison per entry in the usual case); a
 * short one out of order is sorted in place by insertion.
 */
function sortRange(
  byName: (a: number, b: number) => number,
  kids: Int32Array,
  a: number,
  b: number,
): void {
  let k = a + 1;
  while (k < b && byName(kids[k - 1] ?? 0, kids[k] ?? 0) <= 0) k++;
  if (k >= b) return;
  if (b - a > 16) {
    kids.set(Array.from(kids.subarray(a, b)).sort(byName), a);
    return;
  }
  for (; k < b; k++) {
    const e = kids[k] ?? 0;
    let j = k - 1;
    while (j >= a && byName(kids[j] ?? 0, e) > 0) {
      kids[j + 1] = kids[j] ?? 0;
      j--;
    }
    kids[j + 1] = e;
  }
}

/**
 * The depth-first order: an iterative walk (deep trees must not blow the stack), each
 * entry's children (sorted) pushed in reverse so they pop in name order.
 */
function depthFirst(count: number, children: (g: number) => Int32Array): DepthFirst {
  const rows = new Int32Array(count);
  const depths = new Int32Array(count);
  const stack = new Int32Array(count);
  const stackDepth = new Int32Array(count);
  let top = 0;
  const roots = children(-1);
  for (let k = roots.length - 1; k >= 0; k--) stack[top++] = roots[k] ?? 0;
  let at = 0;
  while (top > 0) {
    const e = stack[--top] ?? 0;
    const d = stackDepth[top] ?? 0;
    rows[at] = e;
    depths[at] = d;
    at++;
    const kids = children(e);
    for (let k = kids.length - 1; k >= 0; k--) {
      stackDepth[top] = d + 1;
      stack[top++] = kids[k] ?? 0;
    }
  }
  return { rows, depths };
}

/** Builds the tree; children in name order (numeric-aware). Throws PackedTreeError. */
export function buildTree(packed: PackedTree): TreeModel {
  const c = readPackedTree(packed);
  return new PackedTreeModel(c, c.firstChild, c.nextSibling);
}

class PackedTreeModel implements TreeModel {
  readonly size: number;
  private readonly paths: (string | undefined)[];
  private readonly rows: (FlatNode | undefined)[];
  /** Depth + 1 per entry, 0 until asked for. */
  private readonly depthOf: Int32Array;
  /** Sorted children per group (parent + 1), made when first asked for. */
  private readonly sorted = new Map<number, Int32Array>();
  private readonly byName: (a: number, b: number) => number;
  private depthFirst: DepthFirst | undefined;
  private search: TreeSearch | undefined;
  private keptFirst: Int32Array | undefined;
  private keptNext: Int32Array | undefined;
  constructor(
    private readonly c: TreeColumns,
    private readonly first: Int32Array,
    private readonly next: Int32Array,
  ) {
    this.size = c.count;
    this.paths = new Array<string | undefined>(c.count);
    this.rows = new Array<FlatNode | undefined>(c.count);
    this.depthOf = new Int32Array(c.count);
    this.byName = nameOrder(c.names, new Uint8Array(c.count));
  }

  /** Entry `e`'s path, built from its parent's (cached) and kept. */
  private entryPath(e: number): string {
    const have = this.paths[e];
    if (have !== undefined) return have;
    // Entries asked for in listing order (the search text) find their parent's path made.
    const parent = this.c.parents[e] ?? -1;
    const parentPath = parent < 0 ? undefined : this.paths[parent];
    if (parentPath !== undefined) {
      const path = `${parentPath}/${this.c.names[e] ?? ''}`;
      this.paths[e] = path;
      return path;
    }
    // Up to the nearest ancestor with a path, then down (no recursion: depth is unbounded).
    const chain: number[] = [];
    let a = e;
    let base = '';
    while (a >= 0) {
      const p = this.paths[a];
      if (p !== undefined) {
        base = p;
        break;
      }
      chain.push(a);
      a = this.c.parents[a] ?? -1;
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const x = chain[k] ?? 0;
      const name = this.c.names[x] ?? '';
      base = a < 0 && k === chain.length - 1 ? name : `${base}/${name}`;
      this.paths[x] = base;
    }
    return base;
  }

  /** Entry `e`'s depth, from its nearest ancestor's known one (no recursion). */
  private depth(e: number): number {
    const have = this.depthOf[e] ?? 0;
    if (have !== 0) return have - 1;
    const chain: number[] = [];
    let a = e;
    let d = 0;
    while (a >= 0) {
      const k = this.depthOf[a] ?? 0;
      if (k !== 0) {
        d = k;
        break;
      }
      chain.push(a);
      a = this.c.parents[a] ?? -1;
    }
    for (let k = chain.length - 1; k >= 0; k--) this.depthOf[chain[k] ?? 0] = ++d;
    return d - 1;
  }

  private inRange(index: number): boolean {
    return index >= 0 && index < this.size;
  }

  path(index: number): string {
    return this.inRange(index) ? this.entryPath(index) : '';
  }

  value(index: number): string | undefined {
    return this.inRange(index) ? valueOf(this.c, index) : undefined;
  }

  row(index: number): FlatNode | undefined {
    if (!this.inRange(index)) return undefined;
    let r = this.rows[index];
    if (r === undefined) {
      const path = this.entryPath(index);
      r = {
        path,
        name: this.c.names[index] ?? '',
        depth: this.depth(index),
        node: nodeOf(this.c, index, path),
      };
      this.rows[index] = r;
    }
    return r;
  }

  children(index: number): Int32Array {
    const g = index < 0 ? 0 : index + 1;
    let kids = this.sorted.get(g);
    if (kids === undefined) {
      kids = listOf(this.first, this.next, g);
      sortRange(this.byName, kids, 0, kids.length);
      this.sorted.set(g, kids);
    }
    return kids;
  }

  hasChildren(index: number): boolean {
    return this.inRange(index) && (this.first[index + 1] ?? 0) !== 0;
  }

  matches(q: string): Uint8Array {
    this.search ??= new TreeSearch({
      count: this.size,
      parents: this.c.parents,
      firstChild: this.first,
      names: this.c.names,
      joinedNames: this.c.packed.names,
      values: this.c.packed.values,
      valueStart: this.c.valueStart,
      valueLength: this.c.valueLength,
      rowText: (i) => `${this.entryPath(i)}\u0000${valueOf(this.c, i) ?? ''}`,
    });
    return this.search.matches(q);
  }

  parent(index: number): number {
    return this.inRange(index) ? (this.c.parents[index] ?? -1) : -1;
  }

  inOrder(kept: Uint8Array): number[] {
    // Backwards, so each row is final (its descendants, after it, have marked it) when it
    // is reached: its parent is marked, and it goes in front of its parent's list of kept
    // children, which so ends up in listing order, as the whole tree's lists are. The walk
    // then orders each list: one child as it is, a few sorted (stably, so as the sort of
    // all siblings would leave them), many taken from the parent's sorted children
    // (sorted once, kept for the next search).
    const n = this.size;
    // Kept for the next search: fresh arrays of this size per keystroke (off the heap)
    // brought full collections into the searches after them.
    this.keptFirst ??= new Int32Array(n + 1);
    this.keptNext ??= new Int32Array(n);
    const first = this.keptFirst.fill(0);
    const next = this.keptNext;
    for (let e = n - 1; e >= 0; e--) {
      if (kept[e] !== 1) continue;
      const p = this.c.parents[e] ?? -1;
      if (p >= 0) kept[p] = 1;
      next[e] = first[p + 1] ?? 0;
      first[p + 1] = e + 1;
    }
    const out: number[] = [];
    const stack: number[] = [];
    const push = (g: number): void => {
      const one = first[g] ?? 0;
      if (one === 0) return;
      if ((next[one - 1] ?? 0) === 0) {
        stack.push(one - 1);
        return;
      }
      const kids = listOf(first, next, g);
      if (kids.length > 16) {
        const all = this.children(g - 1);
        for (let j = all.length - 1; j >= 0; j--) {
          const e = all[j] ?? 0;
          if (kept[e] === 1) stack.push(e);
        }
        return;
      }
      sortRange(this.byName, kids, 0, kids.length);
      for (let j = kids.length - 1; j >= 0; j--) stack.push(kids[j] ?? 0);
    };
    push(0);
    while (stack.length > 0) {
      const e = stack.pop() ?? 0;
      out.push(e);
      push(e + 1);
    }
    return out;
  }

  order(): DepthFirst {
    this.depthFirst ??= depthFirst(this.size, (e) =>
      // Leaves (most entries) cost nothing and are not remembered.
      e < 0 || (this.first[e + 1] ?? 0) !== 0 ? this.children(e) : NO_CHILDREN,
    );
    return this.depthFirst;
  }

  indexOf(path: string): number | undefined {
    // Down from the roots one segment at a time among the children listed.
    let g = 0;
    let found: number | undefined;
    for (const seg of segments(path)) {
      found = undefined;
      for (let e = this.first[g] ?? 0; e !== 0; e = this.next[e - 1] ?? 0) {
        if (this.c.names[e - 1] === seg) {
          found = e - 1;
          break;
        }
      }
      if (found === undefined) return undefined;
      g = found + 1;
    }
    return found;
  }
}

const NO_CHILDREN = new Int32Array(0);

/** Whether the row has children. */
export function hasChildren(model: TreeModel, index: number): boolean {
  return model.hasChildren(index);
}

/**
 * Indices of the rows to show, in the order shown. Without a query: roots, and children
 * of expanded rows (only their subtrees are ordered). With a query (case-insensitive,
 * path or value): every match and its ancestors, wherever they are.
 */
export function visibleRows(
  model: TreeModel,
  expanded: ReadonlySet<string>,
  query: string,
): number[] {
  const q = query.trim().toLowerCase();
  return q === '' ? expandedRows(model, expanded) : matchingRows(model, q);
}

function expandedRows(model: TreeModel, expanded: ReadonlySet<string>): number[] {
  const out: number[] = [];
  // Iterative (deep trees must not blow the stack): children pushed in reverse.
  const stack: number[] = [];
  const push = (kids: Int32Array): void => {
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k] ?? 0);
  };
  push(model.children(-1));
  while (stack.length > 0) {
    const e = stack.pop() ?? 0;
    out.push(e);
    if (model.hasChildren(e) && expanded.has(model.path(e))) push(model.children(e));
  }
  return out;
}

/** The matches and their ancestors, ordered: only they are, not the whole tree. */
function matchingRows(model: TreeModel, q: string): number[] {
  return model.inOrder(model.matches(q));
}

/** Every ancestor path of `path` ("a/b/c" → ["a", "a/b"]), to expand a found node. */
export function ancestorPaths(path: string): string[] {
  const segs = segments(path);
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) out.push(segs.slice(0, i).join('/'));
  return out;
}

/**
 * Paths of the rows above `depth` (e.g. 2: roots and their children), found from the
 * roots down, so the cost is the rows returned, not the tree's size.
 */
export function topLevels(model: TreeModel, depth: number): Set<string> {
  const out = new Set<string>();
  let level: readonly number[] = Array.from(model.children(-1));
  for (let d = 0; d < depth; d++) {
    const below: number[] = [];
    for (const e of level) {
      out.add(model.path(e));
      if (d + 1 < depth && model.hasChildren(e)) for (const k of model.children(e)) below.push(k);
    }
    level = below;
  }
  return out;
}
