/**
 * Large objects (PROTOCOL-FACTS §1.7): cutting an item's data into chunks that fit a
 * message, and putting received chunks back together.
 *
 * Sizes are counted in transmitted units: UTF-8 bytes of text; bytes of binary data in
 * WBXML, base64 characters of it in XML (where binary travels as base64 text and reads
 * back as text). Meta `Size` on the first chunk is the total in these units, so the
 * receiver can compare what it assembled without knowing the sender's encoding.
 */
import { encodeUtf8 } from '../bytes/utf8.js';
import type { SyncMLEncoding } from '../syncml/codec.js';
import type { Data, Item } from '../syncml/model.js';
import { serializeXml } from '../xml/serialize-xml.js';
import { xmlSizeBound } from '../xml/xml-size-bound.js';

/** Data being sent in chunks: text kept as UTF-8 bytes so it can be cut by size. */
export interface ChunkSource {
  readonly kind: 'text' | 'bytes';
  readonly bytes: Uint8Array;
  /** Next byte to send. */
  offset: number;
  /** Meta Size: the total in transmitted units. */
  readonly size: number;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Transmitted size of `data` in `encoding` (see the module comment). */
export function transmittedSize(data: Data, encoding: SyncMLEncoding): number {
  if (data.kind === 'text') return encodeUtf8(data.text).length;
  if (data.kind === 'bytes') {
    return encoding === 'xml' ? Math.ceil(data.bytes.length / 3) * 4 : data.bytes.length;
  }
  return encodeUtf8(serializeXml(data.element, { declaration: false })).length;
}

/**
 * True when `data` is over `max` transmitted units. An embedded XML document (a DM tree) is
 * serialized only when a cheap upper bound of its size is over `max`: for a tree of a few
 * thousand nodes, writing it out only to count it was most of what receiving it cost.
 */
export function exceedsTransmitted(data: Data, encoding: SyncMLEncoding, max: number): boolean {
  if (data.kind === 'xml' && xmlSizeBound(data.element) <= max) return false;
  return transmittedSize(data, encoding) > max;
}

/** Starts chunking `data` (an embedded XML document is sent as its XML text). */
export function chunkSource(data: Data, encoding: SyncMLEncoding): ChunkSource {
  if (data.kind === 'bytes') {
    return { kind: 'bytes', bytes: data.bytes, offset: 0, size: transmittedSize(data, encoding) };
  }
  // Text travels as UTF-8, so its transmitted size is the byte count: encode it once.
  const bytes = encodeUtf8(data.kind === 'text' ? data.text : serializeXml(data.element));
  return { kind: 'text', bytes, offset: 0, size: bytes.length };
}

/**
 * Extra bytes XML escaping adds per UTF-8 byte of text (`&amp;`, `&lt;`, `&gt;`, `&#13;`;
 * see `escapeText`); every other byte is written as is.
 */
const XML_TEXT_GROWTH = (() => {
  const t = new Uint8Array(256);
  t[0x26] = 4;
  t[0x3c] = 3;
  t[0x3e] = 3;
  t[0x0d] = 4;
  return t;
})();

/**
 * The `units` to pass {@link nextChunk} so the chunk's data takes at most `budget` bytes
 * in the encoded message (the Data element's tags aside). Exact and linear in the chunk:
 * binary costs its length in WBXML and 4/3 of it in XML (which `nextChunk` accounts for),
 * text its UTF-8 length in WBXML (STR_I is not escaped) plus escaping growth in XML.
 */
export function unitsForBudget(src: ChunkSource, budget: number, encoding: SyncMLEncoding): number {
  if (src.kind === 'bytes' || encoding === 'wbxml') return budget;
  const b = src.bytes;
  const end = Math.min(b.length, src.offset + budget);
  let cost = 0;
  let i = src.offset;
  for (; i < end; i++) {
    cost += 1 + (XML_TEXT_GROWTH[b[i] as number] as number);
    if (cost > budget) break;
  }
  return i - src.offset;
}

const isSpace = (b: number | undefined): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Cuts the next chunk of at most `units` transmitted units (at least one unit's worth so
 * a session always progresses). Text is cut on a UTF-8 boundary and never next to
 * whitespace (decoders trim the edges of text values); binary in XML is cut on a multiple
 * of 3 bytes so the base64 of the chunks concatenates. Advances `src.offset`.
 */
export function nextChunk(src: ChunkSource, units: number, encoding: SyncMLEncoding): Data {
  const left = src.bytes.length - src.offset;
  let n: number;
  if (src.kind === 'bytes') {
    n = encoding === 'xml' ? Math.max(3, Math.floor(units / 4) * 3) : Math.max(1, units);
    n = Math.min(n, left);
  } else {
    n = Math.min(Math.max(1, units), left);
    const b = src.bytes;
    let end = src.offset + n;
    if (end < b.length) {
      const min = src.offset + Math.max(1, Math.floor(n / 2));
      let e = end;
      while (e > min && ((b[e]! & 0xc0) === 0x80 || isSpace(b[e]) || isSpace(b[e - 1]))) e--;
      if (e > min) end = e;
      else while (end < b.length && (b[end]! & 0xc0) === 0x80) end++;
    }
    n = end - src.offset;
  }
  const part = src.bytes.subarray(src.offset, src.offset + n);
  src.offset += n;
  return src.kind === 'bytes'
    ? { kind: 'bytes', bytes: part.slice() }
    : { kind: 'text', text: utf8.decode(part) };
}

/** True when every byte of `src` has been cut. */
export function chunkDone(src: ChunkSource): boolean {
  return src.offset >= src.bytes.length;
}

/** Outcome of feeding one item to {@link ChunkAssembler.add}. */
export type AssembleResult =
  | { readonly kind: 'more' }
  | { readonly kind: 'complete'; readonly data: Data; readonly item: Item }
  | { readonly kind: 'mismatch'; readonly expected: number; readonly received: number };

/**
 * Reassembles one chunked item at a time. `key` names the command and node (e.g.
 * `Replace ./A`); a chunk with another key while one is open is the caller's cue to
 * send 1225 and {@link abandon} the open one.
 */
export class ChunkAssembler {
  private open:
    | { key: string; first: Item; size: number | undefined; parts: Data[]; received: number }
    | undefined;

  /** Key of the item being assembled, if any. */
  get openKey(): string | undefined {
    return this.open?.key;
  }

  /** Drops the open item (interrupted, 1225); returns its first chunk. */
  abandon(): Item | undefined {
    const first = this.open?.first;
    this.open = undefined;
    return first;
  }

  /**
   * Feeds one item. A first chunk (`moreData`) opens an assembly; the last chunk (no
   * `moreData`) completes it, checked against the first chunk's Meta Size (when given).
   * An item without `moreData` and nothing open is complete as is.
   */
  add(key: string, item: Item, encoding: SyncMLEncoding): AssembleResult {
    const data = item.data ?? { kind: 'text', text: '' };
    if (this.open === undefined) {
      if (item.moreData !== true) return { kind: 'complete', data, item };
      this.open = { key, first: item, size: item.meta?.size, parts: [], received: 0 };
    }
    const open = this.open;
    open.parts.push(data);
    open.received += transmittedSize(data, encoding);
    if (item.moreData === true) return { kind: 'more' };
    this.open = undefined;
    if (open.size !== undefined && open.size !== open.received) {
      return { kind: 'mismatch', expected: open.size, received: open.received };
    }
    return { kind: 'complete', data: join(open.parts), item: open.first };
  }
}

function join(parts: readonly Data[]): Data {
  if (parts.every((p) => p.kind === 'text')) {
    return { kind: 'text', text: parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') };
  }
  const chunks = parts.map((p) =>
    p.kind === 'bytes' ? p.bytes : encodeUtf8(p.kind === 'text' ? p.text : serializeXml(p.element)),
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { kind: 'bytes', bytes: out };
}
