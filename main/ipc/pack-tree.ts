/**
 * The producer side of `handset:get-tree`'s wire format ({@link PackedTree}): a flat node
 * list turned into columns. Pure (no Node APIs) so any service or test gateway can use it;
 * the renderer reads the format with its own decoder (renderer/src/lib/tree-pack.ts) and
 * imports only the types from here.
 *
 * Why columns: 50,000 `TreeNodeView` objects cost the page ~100 ms to parse (and the
 * server as much to stringify); the same tree as a dozen strings and number arrays parses
 * in a few ms, and parent indexes spare the page every path split and map lookup.
 */
import type { PackedTree, TreeNodeView } from './contract.js';

/** The path with empty segments dropped ("/a//b/" → "a/b"); the common case costs no copy. */
export function normalizeTreePath(path: string): string {
  const clean = path !== '' && !path.startsWith('/') && !path.endsWith('/') && !path.includes('//');
  return clean
    ? path
    : path
        .split('/')
        .filter((s) => s !== '')
        .join('/');
}

const ascii = new TextDecoder('latin1');

/** `*`: the previous integer repeated (see {@link IntColumn}). */
const RUN = 0x2a;

/**
 * A run shorter than this is written value by value: the one-character columns the page
 * reads in place (format codes alternating node/leaf) stay in place, and a column that is
 * one value throughout (no sizes, one ACL) crosses as a few characters.
 */
const MIN_RUN = 32;

/** Writes an {@link IntColumn} into a byte buffer (no array of numbers, no garbage). */
export class IntColumnWriter {
  private bytes: Uint8Array;
  private at = 0;
  private runValue = 0;
  private runLength = 0;
  constructor(expected = 64) {
    this.bytes = new Uint8Array(Math.max(16, expected * 2));
  }
  /** Appends `v` (an integer ≥ -1; anything else is a bug and throws). */
  push(v: number): void {
    if (!Number.isSafeInteger(v) || v < -1) throw new RangeError(`not an integer ≥ -1: ${v}`);
    if (this.runLength > 0 && v === this.runValue) {
      this.runLength++;
      return;
    }
    this.flush();
    this.runValue = v;
    this.runLength = 1;
  }
  /** Writes the pending run: as a run if it is long, else value by value. */
  private flush(): void {
    const n = this.runLength;
    this.runLength = 0;
    if (n >= MIN_RUN) {
      this.write(this.runValue);
      this.room(1);
      this.bytes[this.at++] = RUN;
      this.write(n - 1);
    } else for (let k = 0; k < n; k++) this.write(this.runValue);
  }
  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    grown.set(this.bytes);
    this.bytes = grown;
  }
  private write(v: number): void {
    this.room(11);
    let u = v + 1;
    if (u < 32) {
      this.bytes[this.at++] = 0x30 + u;
      return;
    }
    let digits = 1;
    for (let x = Math.floor(u / 32); x > 0; x = Math.floor(x / 32)) digits++;
    const end = this.at + digits;
    this.bytes[end - 1] = 0x30 + (u % 32);
    u = Math.floor(u / 32);
    for (let k = end - 2; k >= this.at; k--) {
      this.bytes[k] = 0x60 + (u % 32);
      u = Math.floor(u / 32);
    }
    this.at = end;
  }
  /** The column as text (what was pushed so far; more may be pushed after). */
  text(): string {
    const value = this.runValue;
    const length = this.runLength;
    const at = this.at;
    this.flush();
    const text = ascii.decode(this.bytes.subarray(0, this.at));
    // Taking the text does not end the pending run.
    this.at = at;
    this.runValue = value;
    this.runLength = length;
    return text;
  }
}

/** A string column as indexes into a list of its distinct values. */
class Dictionary {
  readonly list: string[] = [];
  private readonly at = new Map<string, number>();
  // Neighbouring nodes mostly share a format and an ACL: skip the lookup then.
  private last: string | undefined;
  private lastCode = -1;
  code(s: string | undefined): number {
    if (s === undefined) return -1;
    if (s === this.last) return this.lastCode;
    let i = this.at.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.at.set(s, i);
    }
    this.last = s;
    this.lastCode = i;
    return i;
  }
}

/**
 * The entries so far, findable by (parent, name) in an open-addressing table of numbers:
 * no path string is built or hashed as a key, which made a path Map most of packing.
 */
class Entries {
  count = 0;
  // Sized for the listing up front (ancestors it lacks grow them): growing five arrays by
  // push was a good part of packing 50,000 nodes.
  paths: string[];
  names: string[];
  parents: Int32Array;
  /** The node listed for each entry (the last one of a repeated path), if any. */
  listed: (TreeNodeView | undefined)[];
  private table: Int32Array;
  constructor(expected: number) {
    const cap = expected + 16;
    this.paths = new Array<string>(cap);
    this.names = new Array<string>(cap);
    this.parents = new Int32Array(cap);
    this.listed = new Array<TreeNodeView | undefined>(cap);
    let t = 16;
    while (t < cap * 2) t *= 2;
    this.table = new Int32Array(t).fill(-1);
  }
  private slot(parent: number, name: string): number {
    let h = Math.imul(parent + 1, 0x9e3779b1);
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    const mask = this.table.length - 1;
    let s = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = this.table[s] ?? -1;
      if (e < 0 || (this.parents[e] === parent && this.names[e] === name)) return s;
      s = (s + 1) & mask;
    }
  }
  /** The entry `name` under `parent` (-1: a root), added (as `path`) if it is not there. */
  entry(parent: number, name: string, path: string): number {
    const s = this.slot(parent, name);
    const have = this.table[s] ?? -1;
    if (have >= 0) return have;
    const i = this.count++;
    if (i >= this.parents.length) this.grow();
    this.paths[i] = path;
    this.names[i] = name;
    this.parents[i] = parent;
    this.listed[i] = undefined;
    if (this.count * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2).fill(-1);
      for (let e = 0; e < this.count; e++)
        this.table[this.slot(this.parents[e] ?? -1, this.names[e] ?? '')] = e;
    } else this.table[s] = i;
    return i;
  }
  private grow(): void {
    const cap = this.parents.length * 2;
    const parents = new Int32Array(cap);
    parents.set(this.parents);
    this.parents = parents;
    this.paths.length = cap;
    this.names.length = cap;
    this.listed.length = cap;
  }
  /** The entry of a normalized, non-empty path, created with any missing ancestors. */
  resolve(path: string): number {
    let parent = -1;
    let from = 0;
    for (;;) {
      const cut = path.indexOf('/', from);
      const end = cut < 0 ? path.length : cut;
      parent = this.entry(parent, path.slice(from, end), path.slice(0, end));
      if (cut < 0) return parent;
      from = cut + 1;
    }
  }
}

/**
 * Packs `nodes` as {@link PackedTree}: paths normalized, a node with an empty path (the
 * unnamed root) dropped, a repeated path kept once with its last listing (at the place of
 * its first), and every ancestor the list lacks added as an unlisted entry before its
 * first descendant, so each entry's parent comes before it whatever order the handset
 * listed them in. Entry order is otherwise the listing order; siblings are not sorted
 * (how names sort is the UI's business).
 */
export function packTree(nodes: readonly TreeNodeView[]): PackedTree {
  const entries = new Entries(nodes.length);
  // Handsets list parents before children and siblings together, so a node's parent is
  // nearly always the previous entry or one of its ancestors: a length check and a prefix
  // compare find it without cutting the parent path out and looking it up.
  let prev = -1;
  for (const n of nodes) {
    const p = normalizeTreePath(n.path);
    if (p === '') continue;
    const cut = p.lastIndexOf('/');
    let parent = prev;
    while (parent >= 0) {
      const pp = entries.paths[parent] ?? '';
      if (pp.length === cut && p.startsWith(pp)) break;
      parent = entries.parents[parent] ?? -1;
    }
    const e =
      parent >= 0 || cut < 0 ? entries.entry(parent, p.slice(cut + 1), p) : entries.resolve(p);
    entries.listed[e] = n;
    prev = e;
  }
  const { count, parents, listed } = entries;
  entries.names.length = count;
  const formats = new Dictionary();
  const acls = new Dictionary();
  const types = new Dictionary();
  const parentColumn = new IntColumnWriter(count);
  const format = new IntColumnWriter(count);
  const acl = new IntColumnWriter(count);
  const type = new IntColumnWriter(count);
  const size = new IntColumnWriter(count);
  const children = new IntColumnWriter(count);
  const valueLength = new IntColumnWriter(count);
  const values: string[] = [];
  const base64: [number, string][] = [];
  for (let i = 0; i < count; i++) {
    const p = parents[i] ?? -1;
    parentColumn.push(p < 0 ? 0 : i - p);
    const n = listed[i];
    if (n === undefined) {
      format.push(-1);
      acl.push(-1);
      type.push(-1);
      size.push(-1);
      children.push(-1);
      valueLength.push(-1);
      continue;
    }
    format.push(formats.code(n.format));
    acl.push(acls.code(n.acl));
    type.push(types.code(n.type));
    size.push(n.size ?? -1);
    children.push(n.children ?? -1);
    valueLength.push(n.value?.length ?? -1);
    if (n.value !== undefined) values.push(n.value);
    if (n.base64 !== undefined) base64.push([i, n.base64]);
  }
  return {
    names: entries.names.join('/'),
    parents: parentColumn.text(),
    formats: formats.list,
    format: format.text(),
    acls: acls.list,
    acl: acl.text(),
    types: types.list,
    type: type.text(),
    size: size.text(),
    children: children.text(),
    values: values.join(''),
    valueLength: valueLength.text(),
    base64,
  };
}
