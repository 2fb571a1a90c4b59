import type { EventCursor } from '../xml/cursor.js';
import { collectFields, emit, Fields, leafNumber, leafText, quietly } from './element-reader.js';
import type { ReadContext, StreamState } from './element-reader.js';
import type {
  AlertCommand,
  Item,
  ItemCommand,
  Meta,
  ResultsCommand,
  StatusCommand,
} from './model.js';
import { readChal, readCred, readMeta } from './read-parts.js';
import { finishItem, ItemPaths, needsMeta, PendingItem, streamItem } from './stream-parts.js';
import type { ItemBearingCommand, MessageSink } from './write-message.js';

/*
 * The readers of the commands that carry Items (Add, Copy, Delete, Exec, Get, Put,
 * Replace, Alert, Results, Status): their Items are read one by one as they stream past.
 */

/** Builds a command from its collected fields, its items and its Meta (read on demand). */
type BuildCommand<C extends ItemBearingCommand> = (
  f: Fields,
  items: Item[],
  meta: () => Meta | undefined,
) => C;

/**
 * Reads a command with `Item` children: the items are read as they stream past (each
 * Item's few children built as small trees that die young), the command's other children
 * are collected into fields, and `build` makes the command of them. With `inherit`, the
 * command's Meta is the items' default Meta; it only matters for OPAQUE Data, so such an
 * item seen before the command's Meta is read once the command has ended.
 *
 * Streaming (`top` and a sink in `ctx`): at the first Item the command's start is written
 * from the fields seen so far (built quietly, items left out), then each item as it is
 * finished, which leaves it out of the returned command. A known field after the first
 * Item would make that start wrong, so it gives streaming up.
 */
function readItems<C extends ItemBearingCommand>(
  cur: EventCursor,
  known: readonly string[],
  ctx: ReadContext,
  path: string,
  inherit: boolean,
  top: boolean,
  build: BuildCommand<C>,
): C {
  const f = new Fields(known, ctx, path);
  // The items in chunks (see `joinChunks`): `items` is the chunk being filled, `n` items of
  // it filled. The first grows as usual; the others are made at their full size at once.
  let items: Item[] = [];
  let n = 0;
  let full: Item[][] | undefined;
  const add = (item: Item): void => {
    if (n === ITEM_CHUNK) {
      (full ??= []).push(items);
      items = new Array<Item>(ITEM_CHUNK);
      n = 0;
    }
    items[n++] = item;
  };
  let parsed = false;
  let meta: Meta | undefined;
  const commandMeta = (): Meta | undefined => {
    if (!parsed) {
      parsed = true;
      const m = f.one('Meta');
      meta = m === undefined ? undefined : readMeta(m, ctx, `${path}/Meta`);
    }
    return meta;
  };
  const stream = top && ctx.stream?.ok === true ? ctx.stream : undefined;
  let opened = false;
  const paths = new ItemPaths(path);
  let deferred: { at: number; pending: PendingItem }[] | undefined;
  collectFields(cur, f, (name) => {
    if (name !== 'Item') {
      if (opened && name !== undefined && stream !== undefined) stream.ok = false;
      return false;
    }
    const pending = streamItem(cur, ctx, paths.next());
    if (stream !== undefined && !opened && stream.ok)
      opened = openStream(stream, f, ctx, path, build);
    let item: Item | undefined;
    if (!(pending instanceof PendingItem)) {
      // Finished already (text Data). The command Meta is still read here, at the first
      // item, so that its warnings come where they always came.
      if (inherit) commandMeta();
      item = pending;
      if (!opened) add(item);
    } else if (inherit && !f.has('Meta') && needsMeta(pending)) {
      (deferred ??= []).push({ at: (full?.length ?? 0) * ITEM_CHUNK + n, pending });
      add({});
      // Written now with no command Meta: right unless a Meta follows, which ends streaming.
      if (opened && stream !== undefined)
        item = quietly(stream, () => finishItem(pending, ctx, undefined));
    } else {
      item = finishItem(pending, ctx, inherit ? commandMeta() : undefined);
      if (!opened) add(item);
    }
    if (opened && stream !== undefined && item !== undefined) emit(stream, sinkItem, item);
    return true;
  });
  if (full !== undefined) items.length = n;
  const all = full === undefined ? items : joinChunks([...full, items]);
  for (const d of deferred ?? []) all[d.at] = finishItem(d.pending, ctx, commandMeta());
  const command = build(f, all, commandMeta);
  if (opened && stream !== undefined) {
    emit(stream, (s) => s.closeItems());
    stream.wrote = true;
  }
  return command;
}

/** Writes one Item to the sink (made once: see `emit`). */
const sinkItem = (s: MessageSink, item: Item): void => s.item(item);

/**
 * Items are gathered in chunks of this many and joined once at the end: a single array grown
 * item by item is copied at every growth, and past 16k items each copy is a new allocation in
 * the large-object space, on fresh pages (a 100k-item Results grew through ~2.5 MB of arrays,
 * ~600 page faults, for an array of 0.8 MB). Past the first chunk the array is holey in V8's
 * terms (made by `new Array(n)`), with no holes.
 */
const ITEM_CHUNK = 4096;

/** The chunks' items in one array of exactly their number (concat allocates it once). */
function joinChunks(chunks: Item[][]): Item[] {
  // At most 1024 arrays per concat call (its arguments go on the stack).
  while (chunks.length > 1024) {
    const joined: Item[][] = [];
    for (let i = 0; i < chunks.length; i += 1024) {
      joined.push(([] as Item[]).concat(...chunks.slice(i, i + 1024)));
    }
    chunks = joined;
  }
  return ([] as Item[]).concat(...chunks);
}

/** Writes the start of a command whose first Item has just been read; false if it cannot. */
function openStream<C extends ItemBearingCommand>(
  stream: StreamState,
  f: Fields,
  ctx: ReadContext,
  path: string,
  build: BuildCommand<C>,
): boolean {
  const head = quietly(stream, () =>
    build(f, [], () => {
      const m = f.one('Meta');
      return m === undefined ? undefined : readMeta(m, ctx, `${path}/Meta`);
    }),
  );
  if (head === undefined) return false;
  emit(stream, (s) => s.openItems(head));
  return stream.ok;
}

/** Reads an Add/Copy/Delete/Exec/Get/Put/Replace whose START is current, through its END. */
export function readItemCommand(
  kind: ItemCommand['kind'],
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
  top: boolean,
): ItemCommand {
  const known = ['CmdID', 'NoResp', 'Archive', 'SftDel', 'Lang', 'Cred', 'Meta', 'Correlator'];
  return readItems(cur, [...known, 'Item'], ctx, path, true, top, (f, items, commandMeta) => {
    f.warnUnknown();
    const cred = f.one('Cred');
    const meta = commandMeta();
    const lang = f.text('Lang');
    const correlator = f.text('Correlator');
    return {
      kind,
      cmdId: f.textOrEmpty('CmdID'),
      ...(f.flag('NoResp') && { noResp: true }),
      ...(f.flag('Archive') && { archive: true }),
      ...(f.flag('SftDel') && { sftDel: true }),
      ...(lang !== undefined && { lang }),
      ...(cred !== undefined && { cred: readCred(cred, ctx, `${path}/Cred`) }),
      ...(meta !== undefined && { meta }),
      ...(correlator !== undefined && { correlator }),
      items,
    };
  });
}

/** Reads an Alert whose START is current, through its END (its Data is the alert code). */
export function readAlert(
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
  top: boolean,
): AlertCommand {
  const known = ['CmdID', 'NoResp', 'Cred', 'Data', 'Correlator', 'Item'];
  return readItems(cur, known, ctx, path, false, top, (f, items) => {
    f.warnUnknown();
    const cred = f.one('Cred');
    const data = f.one('Data');
    if (data === undefined) ctx.warn(path, '<Alert> without an alert code');
    const correlator = f.text('Correlator');
    return {
      kind: 'Alert',
      cmdId: f.textOrEmpty('CmdID'),
      ...(f.flag('NoResp') && { noResp: true }),
      ...(cred !== undefined && { cred: readCred(cred, ctx, `${path}/Cred`) }),
      ...(data !== undefined && { code: leafNumber(data, ctx, `${path}/Data`) }),
      ...(correlator !== undefined && { correlator }),
      items,
    };
  });
}

/** Reads a Results whose START is current, through its END. */
export function readResults(
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
  top: boolean,
): ResultsCommand {
  const known = ['CmdID', 'MsgRef', 'CmdRef', 'Meta', 'TargetRef', 'SourceRef', 'Item'];
  return readItems(cur, known, ctx, path, true, top, (f, items, commandMeta) => {
    f.warnUnknown();
    const msgRef = f.text('MsgRef');
    const meta = commandMeta();
    const targetRef = f.text('TargetRef');
    const sourceRef = f.text('SourceRef');
    return {
      kind: 'Results',
      cmdId: f.textOrEmpty('CmdID'),
      ...(msgRef !== undefined && { msgRef }),
      cmdRef: f.textOrEmpty('CmdRef'),
      ...(meta !== undefined && { meta }),
      ...(targetRef !== undefined && { targetRef }),
      ...(sourceRef !== undefined && { sourceRef }),
      items,
    };
  });
}

/** Reads a Status whose START is current, through its END (its Data, the code, is required). */
export function readStatus(
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
  top: boolean,
): StatusCommand {
  const known = ['CmdID', 'MsgRef', 'CmdRef', 'Cmd', 'TargetRef', 'SourceRef', 'Cred', 'Chal'];
  return readItems(cur, [...known, 'Data', 'Item'], ctx, path, false, top, (f, items) => {
    f.warnUnknown();
    const cred = f.one('Cred');
    const chal = f.one('Chal');
    const refs = (name: string): string[] =>
      f.all(name).map((x) => leafText(x, ctx, `${path}/${name}`));
    return {
      kind: 'Status',
      cmdId: f.textOrEmpty('CmdID'),
      msgRef: f.textOrEmpty('MsgRef'),
      cmdRef: f.textOrEmpty('CmdRef'),
      cmd: f.textOrEmpty('Cmd'),
      targetRefs: refs('TargetRef'),
      sourceRefs: refs('SourceRef'),
      ...(cred !== undefined && { cred: readCred(cred, ctx, `${path}/Cred`) }),
      ...(chal !== undefined && { chal: readChal(chal, ctx, `${path}/Chal`) }),
      code: leafNumber(f.required('Data'), ctx, `${path}/Data`),
      items,
    };
  });
}
