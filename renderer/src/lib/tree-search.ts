/**
 * Search in the DM tree: which rows' text — lower-cased "path NUL value" — holds a query.
 *
 * No row's text is ever built. The names and the values arrive as two strings (the
 * packed tree's `names`, `values`); each is lower-cased once, natively, on the first
 * search, and searched with `indexOf`:
 * - a value holds the query: that row matches;
 * - a name holds a query without "/": that row and every row below it match (their paths
 *   hold the name);
 * - a query "s0/s1/…/sk" is found where a name starts with sk, its parent is named
 *   s(k-1), …, and the ancestor above those ends with s0: that row and every row below it
 *   match.
 * So the first search after the tree opens costs two `toLowerCase` calls and a pass over
 * the names' lengths, not 50,000 paths. A query with a NUL (which could run from a path
 * into its value), or a tree whose lower case is not character for character (a name or
 * value with "İ", whose lower case is longer, or a value with "Σ", whose lower case
 * depends on the letters around it), is matched row by row.
 */
import type { IntReader } from './tree-pack.js';

/** The columns a search reads (see {@link TreeSearch}). */
export interface SearchColumns {
  readonly count: number;
  /** Parent entry per entry, -1 for a root (always below the entry's own index). */
  readonly parents: Int32Array;
  /** Non-zero at `e + 1` when entry e has children. */
  readonly firstChild: Int32Array;
  /** Every name, in entry order. */
  readonly names: readonly string[];
  /** The same names joined by "/" (as they arrived). */
  readonly joinedNames: string;
  /** Every text value in entry order, concatenated. */
  readonly values: string;
  readonly valueStart: Int32Array;
  /** Length of each entry's value (-1: none). */
  readonly valueLength: IntReader;
  /** Row `i`'s text as search defines it: path, NUL, value (for the row-by-row way). */
  rowText(i: number): string;
}

/** The last index `i` in `[0, n)` with `starts[i] <= at` (0 if none). */
function lastAtOrBefore(starts: Int32Array, n: number, at: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Search over one tree's columns; lower-cases them when made (on the first search). */
export class TreeSearch {
  /** "/" + each name lower-cased + "/": name i between `nameStart[i]` and `nameStart[i + 1]`. */
  private readonly names: string;
  private readonly nameStart: Int32Array;
  private readonly values: string;
  /** Whether the lower-cased strings line up with the entries (else: row by row). */
  private readonly exact: boolean;
  private readonly hit: Uint8Array;

  constructor(private readonly c: SearchColumns) {
    const { count, names } = c;
    const nameStart = new Int32Array(count + 1);
    let at = 0;
    for (let i = 0; i < count; i++) nameStart[i + 1] = at += (names[i] ?? '').length + 1;
    const rawNames = `/${c.joinedNames}/`;
    this.names = rawNames.toLowerCase();
    this.nameStart = nameStart;
    this.hit = new Uint8Array(count);
    this.values = c.values.toLowerCase();
    this.exact =
      this.names.length === rawNames.length &&
      this.values.length === c.values.length &&
      !c.values.includes('Σ');
  }

  /**
   * Marks (1) the entries whose row text holds `q` (lower case, not empty), in an array
   * the next call reuses (one per keystroke, off the heap, brought full collections).
   */
  matches(q: string): Uint8Array {
    const { count } = this.c;
    const hit = this.hit.fill(0);
    if (!this.exact || q.includes('\u0000')) {
      for (let i = 0; i < count; i++) if (this.c.rowText(i).toLowerCase().includes(q)) hit[i] = 1;
    } else {
      if (this.byPath(q, hit)) this.markBelow(hit);
      this.byValue(q, hit);
    }
    return hit;
  }

  /** The entry whose name holds position `at` of {@link names} (a "/" counts to the next). */
  private entryAt(at: number): number {
    return lastAtOrBefore(this.nameStart, this.c.count, at - 1);
  }

  /** Marks the entries whose own path segment(s) hold `q`; true if one has children. */
  private byPath(q: string, hit: Uint8Array): boolean {
    const { names, nameStart } = this;
    let any = false;
    const segs = q.split('/');
    if (segs.length === 1) {
      for (let at = names.indexOf(q); at >= 0;) {
        const e = this.entryAt(at);
        hit[e] = 1;
        any ||= this.c.firstChild[e + 1] !== 0;
        at = names.indexOf(q, nameStart[e + 1] ?? names.length);
      }
      return any;
    }
    const last = `/${segs[segs.length - 1] ?? ''}`;
    // `at` is the "/" before a name (the one after the last name starts none).
    for (let at = names.indexOf(last); at >= 0 && at < names.length - 1;) {
      const e = this.entryAt(at + 1);
      if (this.chainHolds(e, segs)) {
        hit[e] = 1;
        any ||= this.c.firstChild[e + 1] !== 0;
      }
      at = names.indexOf(last, at + 1);
    }
    return any;
  }

  /**
   * Whether the ancestors of `e` (whose name starts with the last segment) are named as
   * `segs` says: whole names in the middle, the topmost ending with the first segment.
   */
  private chainHolds(e: number, segs: readonly string[]): boolean {
    const { names, nameStart } = this;
    let a = e;
    for (let j = segs.length - 2; j >= 0; j--) {
      a = this.c.parents[a] ?? -1;
      if (a < 0) return false;
      const seg = segs[j] ?? '';
      const start = (nameStart[a] ?? 0) + 1;
      const end = nameStart[a + 1] ?? 0;
      const ok =
        j > 0
          ? end - start === seg.length && names.startsWith(seg, start)
          : end - start >= seg.length && names.endsWith(seg, end);
      if (!ok) return false;
    }
    return true;
  }

  /** Marks every entry below a marked one (parents come before their children). */
  private markBelow(hit: Uint8Array): void {
    const { count, parents } = this.c;
    for (let i = 0; i < count; i++) if (hit[i] === 0 && hit[parents[i] ?? -1] === 1) hit[i] = 1;
  }

  /** Marks the entries whose value holds `q`. */
  private byValue(q: string, hit: Uint8Array): void {
    const { values } = this;
    const { count, valueStart, valueLength } = this.c;
    for (let at = values.indexOf(q); at >= 0;) {
      const e = lastAtOrBefore(valueStart, count, at);
      const end = (valueStart[e] ?? 0) + valueLength.at(e);
      if (at + q.length <= end) {
        hit[e] = 1;
        at = values.indexOf(q, end);
      } else at = values.indexOf(q, at + 1);
    }
  }
}
