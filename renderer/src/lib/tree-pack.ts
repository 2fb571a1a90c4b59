/**
 * The reading side of `handset:get-tree`'s wire format ({@link PackedTree}, packed by
 * main/ipc/pack-tree.ts, which the renderer may not import): decodes and checks the
 * columns once into typed arrays, then answers per entry without building an object per
 * node until one is asked for.
 */
import type { IntColumn, PackedTree, TreeNodeView } from '../../../main/ipc/contract.js';

/** The packed tree broke one of its invariants (a bug or a foreign producer). */
export class PackedTreeError extends Error {
  override readonly name = 'PackedTreeError';
  readonly code = 'bad-tree';
}

/**
 * One decoded integer column: `at(i)` is entry `i`'s integer (-1: absent). Every value
 * was checked against its range when the column was read.
 */
export interface IntReader {
  at(i: number): number;
}

/** A checked {@link PackedTree}, its integer columns decoded. */
export interface TreeColumns {
  readonly count: number;
  readonly names: readonly string[];
  /** Parent entry per entry, -1 for a root (always below the entry's own index). */
  readonly parents: Int32Array;
  /**
   * Children as linked lists in listing order: `firstChild[p + 1]` is entry p's first
   * child + 1 (`firstChild[0]`: the first root + 1), `nextSibling[e]` entry e's next
   * sibling + 1; 0 ends a list.
   */
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly format: IntReader;
  readonly acl: IntReader;
  readonly type: IntReader;
  readonly size: IntReader;
  readonly children: IntReader;
  readonly valueLength: IntReader;
  /** Where each entry's text value starts in `packed.values` (meaningless without one). */
  readonly valueStart: Int32Array;
  readonly packed: PackedTree;
  readonly base64: ReadonlyMap<number, string>;
}

/**
 * A column whose every integer is one character (-1…30, the usual case for the
 * dictionary codes and for absent sizes): read in place from the string, no decoding.
 */
class OneCharColumn implements IntReader {
  constructor(private readonly text: string) {}
  at(i: number): number {
    return this.text.charCodeAt(i) - 0x31;
  }
}

class ArrayColumn implements IntReader {
  constructor(private readonly values: Int32Array | Float64Array) {}
  at(i: number): number {
    return this.values[i] ?? -1;
  }
}

/** A column of one integer throughout, sent as one run: nothing decoded or allocated. */
class SameColumn implements IntReader {
  constructor(
    private readonly value: number,
    private readonly count: number,
  ) {}
  at(i: number): number {
    return i >= 0 && i < this.count ? this.value : -1;
  }
}

/** One integer, then `*` and its count of repeats (see {@link IntColumn}). */
const ONE_RUN = /^([`-\x7f]*[0-O])\*([`-\x7f]*[0-O])$/;

/** The integer `digits` spell (continuation digits, then one last digit). */
function intOf(digits: string): number {
  let acc = 0;
  for (let k = 0; k < digits.length - 1; k++) acc = acc * 32 + (digits.charCodeAt(k) - 0x60);
  return acc * 32 + (digits.charCodeAt(digits.length - 1) - 0x30) - 1;
}

/**
 * "Every code is one character and below `below`": the one-character codes run from "0"
 * (-1) to "O" (30), so the class stops at `below` or at "O", whichever comes first.
 */
function oneCharCodes(below: number): RegExp {
  return new RegExp(`^[0-${String.fromCharCode(0x30 + Math.min(below, 31))}]*$`);
}

/**
 * Reads an {@link IntColumn} of `count` integers in [-1, below): as one value when it is
 * one run, in place when every code is one character — checked by one native
 * regular-expression scan, so opening a 50,000-node tree does not run a decoding loop
 * over each such column — else decoded.
 */
function readColumn(
  what: string,
  text: IntColumn,
  count: number,
  below: number,
  wide: boolean,
): IntReader {
  if (text.length === count && oneCharCodes(below).test(text)) return new OneCharColumn(text);
  const run = ONE_RUN.exec(text);
  if (run !== null) {
    const value = intOf(run[1] ?? '');
    // Anything else (a count that does not match, a value out of range) is refused below.
    if (intOf(run[2] ?? '') + 1 === count && value < below && value <= Number.MAX_SAFE_INTEGER)
      return new SameColumn(value, count);
  }
  return new ArrayColumn(
    readInts(what, text, wide ? new Float64Array(count) : new Int32Array(count), below),
  );
}

/** `*` in an {@link IntColumn}: the previous integer repeated. */
const RUN = 0x2a;

/**
 * Decodes an {@link IntColumn} of exactly `out.length` integers into `out`, each checked
 * to lie in [-1, below); a run (`*` and a count) is filled in one call.
 */
function readInts<T extends Int32Array | Float64Array>(
  what: string,
  text: IntColumn,
  out: T,
  below: number,
): T {
  let i = 0;
  let acc = 0;
  let run = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x60 && c < 0x80) acc = acc * 32 + (c - 0x60);
    else if (c >= 0x30 && c < 0x50) {
      const v = acc * 32 + (c - 0x30) - 1;
      acc = 0;
      if (run) {
        run = false;
        if (v < 1 || i + v > out.length)
          throw new PackedTreeError(`${what}: a run of ${v} after entry ${i}`);
        out.fill(out[i - 1] ?? 0, i, i + v);
        i += v;
        continue;
      }
      if (i >= out.length || v >= below || v > Number.MAX_SAFE_INTEGER)
        throw new PackedTreeError(`${what}: entry ${i} (${v}) out of range, or too many`);
      out[i++] = v;
    } else if (c === RUN && !run && acc === 0 && i > 0 && text.charCodeAt(k - 1) < 0x60) run = true;
    else throw new PackedTreeError(`${what}: character ${c} at ${k}`);
  }
  if (i !== out.length || acc !== 0 || run)
    throw new PackedTreeError(`${what}: ${i} entries for ${out.length}`);
  return out;
}

/** Decoded parents and the children lists they make ({@link TreeColumns}). */
interface Family {
  readonly parents: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
}

/**
 * Decodes the parents column (distances back, 0: a root; one pointing before entry 0 is
 * refused) and links each entry into its parent's list of children, in one pass: on the
 * first open this code runs unoptimized, and every pass over 50,000 entries counts.
 */
function readFamily(text: IntColumn, count: number): Family {
  const parents = new Int32Array(count);
  const firstChild = new Int32Array(count + 1);
  const lastChild = new Int32Array(count + 1);
  const nextSibling = new Int32Array(count);
  let i = 0;
  let acc = 0;
  let d = 0;
  let run = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x60 && c < 0x80) {
      acc = acc * 32 + (c - 0x60);
      continue;
    }
    if (c === RUN && !run && acc === 0 && i > 0 && text.charCodeAt(k - 1) < 0x60) {
      run = true;
      continue;
    }
    if (c < 0x30 || c >= 0x50) throw new PackedTreeError(`parents: character ${c} at ${k}`);
    const v = acc * 32 + (c - 0x30) - 1;
    acc = 0;
    // A run repeats the previous distance (d) v more times: the entries are linked one
    // by one below, in the loop of its own (rare: a chain, roots side by side).
    let end = i + 1;
    if (run) {
      run = false;
      if (v < 1) throw new PackedTreeError(`parents: a run of ${v} after entry ${i}`);
      end = i + v;
    } else d = v;
    if (end > count) throw new PackedTreeError(`parents: more than ${count} entries`);
    // One entry per code, as nearly every entry comes: no inner loop for it.
    do {
      if (d > i || d < 0) throw new PackedTreeError(`parents: entry ${i} points ${d} back`);
      const p = d === 0 ? -1 : i - d;
      parents[i] = p;
      const last = lastChild[p + 1] ?? 0;
      if (last === 0) firstChild[p + 1] = i + 1;
      else nextSibling[last - 1] = i + 1;
      lastChild[p + 1] = i + 1;
    } while (++i < end);
  }
  if (i !== count || acc !== 0 || run)
    throw new PackedTreeError(`parents: ${i} entries for ${count}`);
  return { parents, firstChild, nextSibling };
}

/**
 * Where each entry's text value starts in the concatenated values, checked against
 * their total length. One-character lengths are read from the string directly.
 */
function valueStarts(
  lengths: IntReader,
  text: IntColumn,
  count: number,
  total: number,
): Int32Array {
  const starts = new Int32Array(count);
  let from = 0;
  if (lengths instanceof OneCharColumn)
    for (let i = 0; i < count; i++) {
      starts[i] = from;
      const len = text.charCodeAt(i) - 0x31;
      if (len > 0) from += len;
    }
  else
    for (let i = 0; i < count; i++) {
      starts[i] = from;
      const len = lengths.at(i);
      if (len > 0) from += len;
    }
  if (from !== total) throw new PackedTreeError(`values: ${total} characters, lengths say ${from}`);
  return starts;
}

/** Checks `packed` (counts, index ranges, parents before children) and decodes it. */
export function readPackedTree(packed: PackedTree): TreeColumns {
  const names = packed.names === '' ? [] : packed.names.split('/');
  const count = names.length;
  if (names.includes('')) throw new PackedTreeError('names: an empty one');
  const { parents, firstChild, nextSibling } = readFamily(packed.parents, count);
  const coded = (what: string, text: IntColumn, list: readonly string[]): IntReader =>
    readColumn(what, text, count, list.length, false);
  const format = coded('format', packed.format, packed.formats);
  const acl = coded('acl', packed.acl, packed.acls);
  const type = coded('type', packed.type, packed.types);
  const size = readColumn('size', packed.size, count, Infinity, true);
  const children = readColumn('children', packed.children, count, Infinity, true);
  const valueLength = readColumn('valueLength', packed.valueLength, count, 2 ** 31, false);
  const valueStart = valueStarts(valueLength, packed.valueLength, count, packed.values.length);
  const base64 = new Map<number, string>();
  for (const [i, b] of packed.base64) {
    if (!Number.isInteger(i) || i < 0 || i >= count)
      throw new PackedTreeError(`base64 for entry ${i} of ${count}`);
    base64.set(i, b);
  }
  return {
    count,
    names,
    parents,
    firstChild,
    nextSibling,
    format,
    acl,
    type,
    size,
    children,
    valueLength,
    valueStart,
    packed,
    base64,
  };
}

/** Entry `i`'s text value, or undefined. */
export function valueOf(c: TreeColumns, i: number): string | undefined {
  const len = c.valueLength.at(i);
  if (len < 0) return undefined;
  const from = c.valueStart[i] ?? 0;
  return c.packed.values.slice(from, from + len);
}

/** Entry `i` as the handset listed it (with `path` as its path), or undefined if unlisted. */
export function nodeOf(c: TreeColumns, i: number, path: string): TreeNodeView | undefined {
  const p = c.packed;
  const format = p.formats[c.format.at(i)];
  if (format === undefined) return undefined;
  const type = p.types[c.type.at(i)];
  const acl = p.acls[c.acl.at(i)];
  const size = c.size.at(i);
  const value = valueOf(c, i);
  const base64 = c.base64.get(i);
  const children = c.children.at(i);
  return {
    path,
    format,
    ...(type === undefined ? {} : { type }),
    ...(acl === undefined ? {} : { acl }),
    ...(size < 0 ? {} : { size }),
    ...(value === undefined ? {} : { value }),
    ...(base64 === undefined ? {} : { base64 }),
    ...(children < 0 ? {} : { children }),
  };
}

/**
 * Every listed node back as a {@link TreeNodeView}, in entry order, paths rebuilt from
 * the parent chain (normalized). The inverse of `packTree` up to what packing normalizes.
 */
export function unpackTree(packed: PackedTree): TreeNodeView[] {
  const c = readPackedTree(packed);
  const paths = new Array<string>(c.count);
  const out: TreeNodeView[] = [];
  for (let i = 0; i < c.count; i++) {
    const parent = c.parents[i] ?? -1;
    const name = c.names[i] ?? '';
    const path = parent < 0 ? name : `${paths[parent] ?? ''}/${name}`;
    paths[i] = path;
    const n = nodeOf(c, i, path);
    if (n !== undefined) out.push(n);
  }
  return out;
}
