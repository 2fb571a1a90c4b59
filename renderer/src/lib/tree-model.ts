/**
 * The DM tree as the browser shows it: the packed node list ({@link PackedTree}) laid out
 * depth-first (so a subtree is a contiguous range and collapsing skips it in one step),
 * plus the visible-row computation for expand/collapse and search.
 *
 * Opening the tree runs this, so it is built for 50,000 nodes: the layout is typed arrays
 * computed from the parent indexes the wire carries (no path is split, hashed or even
 * built), and a row's path and object are made only when asked for — the rows on screen,
 * or all of them on the first search.
 */
import type { PackedTree, TreeNodeView } from '../../../main/ipc/contract.js';
import { nodeOf, readPackedTree, valueOf } from './tree-pack.js';
import type { TreeColumns } from './tree-pack.js';

/** One row of the depth-first layout. */
export interface FlatNode {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  /** Index one past the last descendant (subtree = [index, end)). */
  readonly end: number;
  /** The node as the handset described it; undefined for an ancestor it did not list. */
  readonly node: TreeNodeView | undefined;
}

export interface TreeModel {
  /** How many rows. */
  readonly size: number;
  /** Depth per row (roots 0). */
  readonly depths: Int32Array;
  /** Per row, one past its last descendant. */
  readonly ends: Int32Array;
  /** Row `index` (the same object every time), or undefined past the end. */
  row(index: number): FlatNode | undefined;
  /** The path of row `index` ("" past the end). */
  path(index: number): string;
  /** The text value of row `index`, if it has one. */
  value(index: number): string | undefined;
  /** The row index of a path (empty segments ignored), or undefined. */
  indexOf(path: string): number | undefined;
}

/**
 * One collator for every comparison: `localeCompare` with options builds a collator per
 * call. Numeric, so File9 sorts before File10.
 */
const collator = new Intl.Collator(undefined, { numeric: true });

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/*
 * The layout is built by small functions of one or two loops each rather than one
 * function with all of them: on the first open every loop is hot, and V8 compiles a
 * function for each hot loop in it (on-stack replacement) — one large function was
 * compiled several times over, most of the first open's compile time.
 */

/**
 * Children of each entry as contiguous ranges of `kids` (group g = parent + 1, so group
 * 0 holds the roots, range `[from[g], from[g + 1])`), in listing order.
 */
function childRanges(parents: Int32Array): { from: Int32Array; kids: Int32Array } {
  const n = parents.length;
  const from = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) {
    const g = (parents[i] ?? -1) + 2;
    from[g] = (from[g] ?? 0) + 1;
  }
  for (let g = 1; g < n + 2; g++) from[g] = (from[g] ?? 0) + (from[g - 1] ?? 0);
  const kids = new Int32Array(n);
  const fill = from.slice(0, n + 1);
  for (let i = 0; i < n; i++) {
    const g = (parents[i] ?? -1) + 1;
    const at = fill[g] ?? 0;
    kids[at] = i;
    fill[g] = at + 1;
  }
  return { from, kids };
}

/**
 * Puts each range of siblings in name order. Handsets list them in order mostly, so each
 * range is checked first (one comparison per entry in the usual case); a short one out
 * of order is sorted in place by insertion.
 */
function sortSiblings(names: readonly string[], from: Int32Array, kids: Int32Array): void {
  const byName = (a: number, b: number): number => {
    const x = names[a] ?? '';
    const y = names[b] ?? '';
    return x === y ? 0 : collator.compare(x, y);
  };
  const groups = from.length - 1;
  for (let g = 0; g < groups; g++) {
    const a = from[g] ?? 0;
    const b = from[g + 1] ?? 0;
    let k = a + 1;
    while (k < b && byName(kids[k - 1] ?? 0, kids[k] ?? 0) <= 0) k++;
    if (k >= b) continue;
    if (b - a > 16) {
      kids.set(Array.from(kids.subarray(a, b)).sort(byName), a);
      continue;
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
}

/** Subtree sizes from the leaves up (a parent's index is below its children's). */
function subtreeSizes(parents: Int32Array): Int32Array {
  const n = parents.length;
  const sub = new Int32Array(n).fill(1);
  for (let i = n - 1; i >= 0; i--) {
    const p = parents[i] ?? -1;
    if (p >= 0) sub[p] = (sub[p] ?? 0) + (sub[i] ?? 0);
  }
  return sub;
}

/**
 * The depth-first rows: an iterative walk (deep trees must not blow the stack), children
 * pushed in reverse so they pop in name order.
 */
function layOut(
  parents: Int32Array,
  from: Int32Array,
  kids: Int32Array,
  sub: Int32Array,
): { entryOf: Int32Array; rowOf: Int32Array; depths: Int32Array; ends: Int32Array } {
  const n = parents.length;
  const entryOf = new Int32Array(n);
  const rowOf = new Int32Array(n);
  const depths = new Int32Array(n);
  const ends = new Int32Array(n);
  const stack = new Int32Array(n);
  const depthOf = new Int32Array(n);
  let top = 0;
  for (let k = (from[1] ?? 0) - 1; k >= 0; k--) stack[top++] = kids[k] ?? 0;
  let row = 0;
  while (top > 0) {
    const e = stack[--top] ?? 0;
    const p = parents[e] ?? -1;
    const d = p < 0 ? 0 : (depthOf[p] ?? 0) + 1;
    depthOf[e] = d;
    entryOf[row] = e;
    rowOf[e] = row;
    depths[row] = d;
    ends[row] = row + (sub[e] ?? 1);
    row++;
    for (let k = (from[e + 2] ?? 0) - 1; k >= (from[e + 1] ?? 0); k--) stack[top++] = kids[k] ?? 0;
  }
  return { entryOf, rowOf, depths, ends };
}

/** Builds the layout; children in name order (numeric-aware). Throws PackedTreeError. */
export function buildTree(packed: PackedTree): TreeModel {
  const c = readPackedTree(packed);
  const { from, kids } = childRanges(c.parents);
  sortSiblings(c.names, from, kids);
  const { entryOf, rowOf, depths, ends } = layOut(c.parents, from, kids, subtreeSizes(c.parents));
  return new PackedTreeModel(c, entryOf, rowOf, depths, ends);
}

class PackedTreeModel implements TreeModel {
  readonly size: number;
  private readonly paths: (string | undefined)[];
  private readonly rows: (FlatNode | undefined)[];
  constructor(
    private readonly c: TreeColumns,
    private readonly entryOf: Int32Array,
    private readonly rowOf: Int32Array,
    readonly depths: Int32Array,
    readonly ends: Int32Array,
  ) {
    this.size = c.count;
    this.paths = new Array<string | undefined>(c.count);
    this.rows = new Array<FlatNode | undefined>(c.count);
  }

  /** Entry `e`'s path, built from its parent's (cached) and kept. */
  private entryPath(e: number): string {
    const have = this.paths[e];
    if (have !== undefined) return have;
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

  path(index: number): string {
    return index >= 0 && index < this.size ? this.entryPath(this.entryOf[index] ?? 0) : '';
  }

  value(index: number): string | undefined {
    return index >= 0 && index < this.size ? valueOf(this.c, this.entryOf[index] ?? 0) : undefined;
  }

  row(index: number): FlatNode | undefined {
    if (!(index >= 0 && index < this.size)) return undefined;
    let r = this.rows[index];
    if (r === undefined) {
      const e = this.entryOf[index] ?? 0;
      const path = this.entryPath(e);
      r = {
        path,
        name: this.c.names[e] ?? '',
        depth: this.depths[index] ?? 0,
        end: this.ends[index] ?? index + 1,
        node: nodeOf(this.c, e, path),
      };
      this.rows[index] = r;
    }
    return r;
  }

  indexOf(path: string): number | undefined {
    // Down from the roots one segment at a time, stepping over whole subtrees: the cost
    // is the siblings passed on the way, with no path map to build.
    let lo = 0;
    let hi = this.size;
    let found: number | undefined;
    for (const seg of segments(path)) {
      found = undefined;
      for (let i = lo; i < hi; i = this.ends[i] ?? hi) {
        if (this.c.names[this.entryOf[i] ?? 0] === seg) {
          found = i;
          break;
        }
      }
      if (found === undefined) return undefined;
      lo = found + 1;
      hi = this.ends[found] ?? lo;
    }
    return found;
  }
}

/** Whether the row has children in the layout. */
export function hasChildren(model: TreeModel, index: number): boolean {
  return index >= 0 && index < model.size && (model.ends[index] ?? 0) > index + 1;
}

/**
 * Lower-cased "path NUL value" per row, what search matches against, built rows
 * `[0, done)` so far. Not built with the layout, so opening the tree does not pay for it:
 * the browser builds it in idle time after the tree shows ({@link buildSearchText}), and
 * a search that comes first builds what is left.
 */
interface SearchText {
  readonly rows: string[];
  done: number;
}
const searchTexts = new WeakMap<TreeModel, SearchText>();

/**
 * Builds the search text of up to `rows` more rows of `model` (all: Infinity); true once
 * every row has it.
 */
export function buildSearchText(model: TreeModel, rows: number): boolean {
  let t = searchTexts.get(model);
  if (t === undefined) {
    t = { rows: new Array<string>(model.size), done: 0 };
    searchTexts.set(model, t);
  }
  const end = Math.min(model.size, t.done + rows);
  for (let i = t.done; i < end; i++)
    t.rows[i] = `${model.path(i)}\u0000${model.value(i) ?? ''}`.toLowerCase();
  t.done = end;
  return end === model.size;
}

function haystacksOf(model: TreeModel): readonly string[] {
  buildSearchText(model, Infinity);
  return searchTexts.get(model)?.rows ?? [];
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
  const { size, depths, ends } = model;
  const q = query.trim().toLowerCase();
  if (q === '') {
    let i = 0;
    while (i < size) {
      out.push(i);
      i = expanded.has(model.path(i)) ? i + 1 : (ends[i] ?? size);
    }
    return out;
  }
  const hay = haystacksOf(model);
  const keep = new Uint8Array(size);
  const ancestors: number[] = [];
  for (let i = 0; i < size; i++) {
    ancestors.length = depths[i] ?? 0;
    if (hay[i]?.includes(q) === true) {
      keep[i] = 1;
      for (const a of ancestors) keep[a] = 1;
    }
    ancestors.push(i);
  }
  for (let i = 0; i < size; i++) if (keep[i] === 1) out.push(i);
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
  const { size, depths, ends } = model;
  let i = 0;
  while (i < size) {
    if ((depths[i] ?? 0) < depth) {
      out.add(model.path(i));
      i++;
    } else i = ends[i] ?? size;
  }
  return out;
}
