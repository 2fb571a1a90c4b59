/**
 * Builds outgoing messages under the peer's MaxMsgSize (PROTOCOL-FACTS §1.6, §1.7):
 * CmdIDs are assigned as commands are placed, a Results too big for the space left is
 * split into several Results (same CmdRef), and an item too big for any message is sent
 * in chunks (MoreData, Meta Size on the first chunk). Sizes are measured by encoding, so
 * the limit holds for both encodings.
 */
import { encodeMessage } from '../syncml/codec.js';
import type { SyncMLEncoding } from '../syncml/codec.js';
import type { Command, Item, SyncHdr, SyncMLMessage } from '../syncml/model.js';
import { chunkDone, chunkSource, nextChunk } from './chunker.js';
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

type IdSource = () => string;

function withIds(c: Command, id: IdSource): Command {
  if (c.kind === 'Unknown') return c;
  if (c.kind === 'Atomic' || c.kind === 'Sequence') {
    const cmdId = id();
    return { ...c, cmdId, commands: c.commands.map((x) => withIds(x, id)) };
  }
  return { ...c, cmdId: id() };
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
 */
export function buildMessage(
  header: SyncHdr,
  fixed: readonly Command[],
  outbox: Outgoing[],
  opts: {
    encoding: SyncMLEncoding;
    maxMsgSize: number;
    nextCmdId: IdSource;
    final: (outboxEmpty: boolean) => boolean;
  },
): BuiltMessage {
  const enc = (commands: readonly Command[], final: boolean): Uint8Array =>
    encodeMessage({ header, commands, final }, opts.encoding);
  const base = enc(fixed, true).length;
  const sizeOf = (c: Command): number => enc([...fixed, c], true).length - base;
  const placed: Command[] = [];
  const notes: (() => void)[] = [];
  let used = base;
  const limit = opts.maxMsgSize - 16;

  while (outbox.length > 0) {
    const next = outbox[0] as Outgoing;
    const room = limit - used;
    const items = itemsOf(next.command);
    const single = items?.length === 1 ? items[0] : undefined;
    const big =
      next.chunk !== undefined ||
      (single?.data !== undefined && approxData(single) > Math.max(room, opts.maxMsgSize / 2));
    if (!big) {
      const c = withIds(next.command, opts.nextCmdId);
      const size = sizeOf(c);
      if (size <= room || placed.length === 0) {
        if (
          size > room &&
          items !== undefined &&
          items.length > 1 &&
          next.command.kind === 'Results'
        ) {
          // Split the Results: largest prefix of items that fits.
          const k = fitPrefix(items, room, (it) => sizeOf(withItems(c, it)));
          if (k > 0) {
            const part = withItems(c, items.slice(0, k));
            placed.push(part);
            outbox[0] = { ...next, command: withItems(next.command, items.slice(k)) };
            notes.push(() => next.onSent?.(part, header.msgId, false));
            break;
          }
        }
        outbox.shift();
        placed.push(c);
        used += size;
        notes.push(() => next.onSent?.(c, header.msgId, true));
        continue;
      }
      if (items !== undefined && items.length > 1 && next.command.kind === 'Results') {
        const k = fitPrefix(items, room, (it) => sizeOf(withItems(c, it)));
        if (k > 0) {
          const part = withItems(c, items.slice(0, k));
          placed.push(part);
          outbox[0] = { ...next, command: withItems(next.command, items.slice(k)) };
          notes.push(() => next.onSent?.(part, header.msgId, false));
        }
      }
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
    const probe = withIds(
      withItems(next.command, [chunkItem(item, { kind: 'text', text: '' }, first, src, true)]),
      opts.nextCmdId,
    );
    const overhead = sizeOf(probe);
    let units = Math.max(64, room - overhead - 8);
    let piece: Command | undefined;
    const savedOffset = src.offset;
    for (let attempt = 0; attempt < 6; attempt++) {
      src.offset = savedOffset;
      const data = nextChunk(src, units, opts.encoding);
      const more = !chunkDone(src);
      piece = { ...probe, items: [chunkItem(item, data, first, src, more)] } as Command;
      const size = sizeOf(piece);
      if (size <= room || units <= 64) break;
      units = Math.max(64, Math.floor(units - (size - room) * 1.1 - 16));
    }
    const done = chunkDone(src);
    const sent = piece as Command;
    placed.push(sent);
    notes.push(() => next.onSent?.(sent, header.msgId, done));
    if (done) outbox.shift();
    break;
  }

  const final = opts.final(outbox.length === 0);
  const message: SyncMLMessage = { header, commands: [...fixed, ...placed], final };
  const body = encodeMessage(message, opts.encoding);
  for (const n of notes) n();
  return { message, body };
}

function chunkItem(
  item: Item,
  data: Item['data'] & object,
  first: boolean,
  src: ChunkSource,
  more: boolean,
): Item {
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
