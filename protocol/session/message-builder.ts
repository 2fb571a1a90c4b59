/**
 * Builds outgoing messages under the peer's MaxMsgSize (PROTOCOL-FACTS §1.6, §1.7):
 * CmdIDs are assigned as commands are placed, a Results too big for the space left is
 * split into several Results (same CmdRef), and an item too big for any message is sent
 * in chunks (MoreData, Meta Size on the first chunk). Whole commands are measured by
 * encoding and chunks sized from their encoded overhead, so the limit holds for both
 * encodings.
 */
import { encodeMessage } from '../syncml/codec.js';
import type { SyncMLEncoding } from '../syncml/codec.js';
import type { Command, Data, Item, SyncHdr, SyncMLMessage } from '../syncml/model.js';
import { chunkDone, chunkSource, nextChunk, unitsForBudget } from './chunker.js';
import type { ChunkSource } from './chunker.js';
import { serializeXml } from '../xml/serialize-xml.js';

/** A command waiting in the outbox. Its `cmdId` (and inner ones) are assigned when sent. */
export interface Outgoing {
  readonly command: Command;
  /**
   * Called once per sent piece with the command as sent. `last` is false for a non-final
   * chunk of a large object and for a Results piece followed by more of the same Results.
   */
  readonly onSent?: (sent: Command, msgId: string, last: boolean) => void;
  /** Set while the command's single item is being chunked. */
  chunk?: ChunkSource;
}

/** What {@link buildMessage} produced. */
export interface BuiltMessage {
  readonly message: SyncMLMessage;
  readonly body: Uint8Array;
}

/** Smallest space worth starting a chunk in; below it the chunk waits for the next message. */
const MIN_CHUNK = 256;

/**
 * Bytes a chunk's Data element may take beyond the data itself compared with the empty
 * probe it is measured against: WBXML content flag, STR_I terminator or OPAQUE length
 * (≤ 5), END; XML `<Data>…</Data>` instead of `<Data/>`; up to 3 bytes a UTF-8 cut may
 * run past its budget.
 */
const DATA_SLACK = 16;

/**
 * Where CmdIDs come from. Measuring a command numbers it; `mark`/`rewind` give back the
 * ids of a command that was measured but not placed, so sent CmdIDs have no gaps.
 */
export interface CmdIdSource {
  /** Takes the next id. */
  next(): string;
  /** A position to {@link rewind} to. */
  mark(): number;
  /** Makes the ids taken since `mark` available again. */
  rewind(mark: number): void;
}

/** A {@link CmdIdSource} counting from 1. */
export class CmdIdCounter implements CmdIdSource {
  private n = 0;
  next = (): string => String(++this.n);
  mark(): number {
    return this.n;
  }
  rewind(mark: number): void {
    this.n = mark;
  }
}

function withIds(c: Command, ids: CmdIdSource): Command {
  if (c.kind === 'Unknown') return c;
  if (c.kind === 'Atomic' || c.kind === 'Sequence') {
    const cmdId = ids.next();
    return { ...c, cmdId, commands: c.commands.map((x) => withIds(x, ids)) };
  }
  return { ...c, cmdId: ids.next() };
}

function itemsOf(c: Command): readonly Item[] | undefined {
  return 'items' in c ? c.items : undefined;
}

function withItems(c: Command, items: readonly Item[]): Command {
  return { ...c, items } as Command;
}

/**
 * Builds one message: `header`, then `fixed` (already numbered, e.g. the SyncHdr
 * Status), then as much of `outbox` as fits in `maxMsgSize` bytes, removing what was sent.
 * `final(outboxEmpty)` decides the Final flag. At least one outbox piece is placed when
 * the outbox is not empty (an oversized single command is sent anyway: the peer answers
 * it with an error, better than a stalled session).
 *
 * Cost: each whole command is measured by one encoding of the small fixed part plus it;
 * a large-object chunk is sized arithmetically from one encoding of its empty probe
 * ({@link unitsForBudget}), and the finished message is encoded once (again only if the
 * arithmetic overshot, which the slack makes an exception).
 */
export function buildMessage(
  header: SyncHdr,
  fixed: readonly Command[],
  outbox: Outgoing[],
  opts: {
    encoding: SyncMLEncoding;
    maxMsgSize: number;
    cmdIds: CmdIdSource;
    final: (outboxEmpty: boolean) => boolean;
  },
): BuiltMessage {
  const ids = opts.cmdIds;
  const enc = (commands: readonly Command[], final: boolean): Uint8Array =>
    encodeMessage({ header, commands, final }, opts.encoding);
  const base = enc(fixed, true).length;
  const sizeOf = (c: Command): number => enc([...fixed, c], true).length - base;
  const placed: Command[] = [];
  const notes: (() => void)[] = [];
  let used = base;
  const limit = opts.maxMsgSize - 16;
  /** The chunk placed last, to cut again smaller should the message come out too big. */
  let chunk: { recut: (budget: number) => void; budget: number } | undefined;

  while (outbox.length > 0) {
    const next = outbox[0] as Outgoing;
    const room = limit - used;
    const items = itemsOf(next.command);
    const single = items?.length === 1 ? items[0] : undefined;
    const big =
      next.chunk !== undefined ||
      (single?.data !== undefined && approxData(single) > Math.max(room, opts.maxMsgSize / 2));
    if (!big) {
      const mark = ids.mark();
      const c = withIds(next.command, ids);
      const size = sizeOf(c);
      if (size <= room) {
        outbox.shift();
        placed.push(c);
        used += size;
        notes.push(() => next.onSent?.(c, header.msgId, true));
        continue;
      }
      if (items !== undefined && items.length > 1 && next.command.kind === 'Results') {
        // Split the Results: largest prefix of items that fits (same CmdID, sent now).
        const k = fitPrefix(items, room, (it) => sizeOf(withItems(c, it)));
        if (k > 0) {
          const part = withItems(c, items.slice(0, k));
          placed.push(part);
          outbox[0] = { ...next, command: withItems(next.command, items.slice(k)) };
          notes.push(() => next.onSent?.(part, header.msgId, false));
          break;
        }
      }
      if (placed.length === 0) {
        outbox.shift();
        placed.push(c);
        used += size;
        notes.push(() => next.onSent?.(c, header.msgId, true));
        continue;
      }
      ids.rewind(mark);
      break;
    }
    // Large object: cut a chunk that fits the room left.
    if (room < MIN_CHUNK && placed.length > 0) break;
    const item = single as Item;
    const src = (next.chunk ??= chunkSource(
      item.data ?? { kind: 'text', text: '' },
      opts.encoding,
    ));
    const first = src.offset === 0;
    const empty: Data =
      src.kind === 'bytes'
        ? { kind: 'bytes', bytes: new Uint8Array(0) }
        : { kind: 'text', text: '' };
    const probe = withIds(withItems(next.command, [chunkItem(item, empty, first, src, true)]), ids);
    const savedOffset = src.offset;
    const at = placed.length;
    const cut = (budget: number): void => {
      src.offset = savedOffset;
      const data = nextChunk(src, unitsForBudget(src, budget, opts.encoding), opts.encoding);
      const done = chunkDone(src);
      const sent = { ...probe, items: [chunkItem(item, data, first, src, !done)] } as Command;
      placed[at] = sent;
      notes[at] = () => next.onSent?.(sent, header.msgId, done);
      if (done && outbox[0] === next) outbox.shift();
      else if (!done && outbox[0] !== next) outbox.unshift(next);
    };
    const budget = Math.max(64, room - sizeOf(probe) - DATA_SLACK);
    cut(budget);
    chunk = { recut: cut, budget };
    break;
  }

  let message: SyncMLMessage;
  let body: Uint8Array;
  for (let attempt = 0; ; attempt++) {
    const final = opts.final(outbox.length === 0);
    message = { header, commands: [...fixed, ...placed], final };
    body = encodeMessage(message, opts.encoding);
    const over = body.length - opts.maxMsgSize;
    if (over <= 0 || chunk === undefined || chunk.budget <= 64 || attempt >= 4) break;
    chunk.budget = Math.max(64, chunk.budget - over - DATA_SLACK);
    chunk.recut(chunk.budget);
  }
  for (const n of notes) n();
  return { message, body };
}

function chunkItem(item: Item, data: Data, first: boolean, src: ChunkSource, more: boolean): Item {
  const meta = { ...(item.meta ?? {}) } as Record<string, unknown>;
  delete meta['size'];
  if (first) meta['size'] = src.size;
  const out: Record<string, unknown> = { ...item, data };
  if (Object.keys(meta).length > 0) out['meta'] = meta;
  else delete out['meta'];
  if (more) out['moreData'] = true;
  else delete out['moreData'];
  return out as unknown as Item;
}

function approxData(item: Item): number {
  const d = item.data;
  if (d === undefined) return 0;
  if (d.kind === 'text') return d.text.length;
  if (d.kind === 'bytes') return d.bytes.length;
  return serializeXml(d.element).length;
}

/** Largest k (≥ 0) such that `size(items[0..k))` ≤ room; size is monotone in k. */
function fitPrefix(
  items: readonly Item[],
  room: number,
  size: (items: readonly Item[]) => number,
): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(items.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
