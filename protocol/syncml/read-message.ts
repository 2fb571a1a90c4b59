import { Ev, readElement, skipElement, TreeCursor } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import { el } from '../xml/element.js';
import type { XmlElement } from '../xml/element.js';
import {
  collectFields,
  emit,
  Fields,
  leafNumber,
  leafText,
  Path,
  quietly,
  syncmlError,
} from './element-reader.js';
import type { ReadContext, StreamState } from './element-reader.js';
import type { ItemBearingCommand } from './write-message.js';
import type {
  AlertCommand,
  Item,
  Command,
  ContainerCommand,
  ItemCommand,
  Meta,
  MapCommand,
  ResultsCommand,
  StatusCommand,
  SyncCommand,
  SyncHdr,
  SyncMLMessage,
} from './model.js';
import { finishItem, needsMeta, PendingItem, streamItem } from './stream-parts.js';
import { readChal, readCred, readLocRef, readMeta } from './read-parts.js';

const HEADER_FIELDS = [
  'VerDTD',
  'VerProto',
  'SessionID',
  'MsgID',
  'Target',
  'Source',
  'RespURI',
  'NoResp',
  'Cred',
  'Meta',
];

/**
 * Maps a `SyncML` element tree to the message model (tolerant reader).
 *
 * Tolerated with a warning: missing namespaces, case variants of element names, missing
 * header fields and CmdIDs (taken as `''`), a missing `SyncHdr` (DS fragments), unknown
 * elements inside known ones (dropped) and unknown commands (kept verbatim as `Unknown`).
 * Refused with `DecodeError`: another root, a missing `SyncBody`, a Status without its
 * code, duplicated single elements, non-numeric codes and sizes, mixed `Data` content.
 */
export function readMessage(root: XmlElement, ctx: ReadContext): SyncMLMessage {
  return readMessageFrom(new TreeCursor(root), ctx);
}

/**
 * {@link readMessage} pulling from a cursor over the whole document (XML, WBXML or a
 * tree): the model is built while the document is read, so only the subtree of the
 * element being read is ever materialised. Reads through EOF, so trailing-content checks
 * of the cursor run too.
 */
export function readMessageFrom(cur: EventCursor, ctx: ReadContext): SyncMLMessage {
  while (cur.next() !== Ev.START) {
    if (cur.kind === Ev.EOF) throw syncmlError('missing-element', '', 'no root element');
  }
  const rootName = cur.name;
  const rootNs = cur.ns;
  if (rootName !== 'SyncML') {
    if (rootName.toLowerCase() !== 'syncml') {
      throw syncmlError('unexpected-element', rootName, 'the root element must be <SyncML>');
    }
    ctx.warn('SyncML', `root <${rootName}> read as <SyncML>`);
  }
  if (!/^SYNCML:SYNCML1\.[0-2]$/i.test(rootNs)) {
    ctx.warn('SyncML', `unexpected namespace "${rootNs}" on <SyncML>`);
  }
  const f = new Fields(['SyncHdr', 'SyncBody'], ctx, 'SyncML');
  let body: { commands: Command[]; final: boolean } | undefined;
  const stream = ctx.stream;
  let headersAtBody = 0;
  collectFields(cur, f, (name) => {
    if (name !== 'SyncBody') return false;
    if (body !== undefined) {
      throw syncmlError('unexpected-element', 'SyncML/SyncBody', 'more than one <SyncBody>');
    }
    if (stream !== undefined) headersAtBody = beginStream(stream, f, rootNs, ctx);
    body = readBody(cur, ctx);
    return true;
  });
  while (cur.next() !== Ev.EOF) {
    // the cursor checks what follows the root
  }
  // A SyncHdr after the SyncBody: the header written at the body's start was not this one.
  if (stream !== undefined && f.all('SyncHdr').length !== headersAtBody) stream.ok = false;
  f.warnUnknown();
  const hdr = f.one('SyncHdr');
  if (body === undefined) throw syncmlError('missing-element', 'SyncML', '<SyncBody> is required');
  if (hdr === undefined) ctx.warn('SyncML', '<SyncHdr> missing; header fields taken as empty');
  const header = readHeader(hdr ?? el('SyncHdr', rootNs), ctx);
  return { header, commands: body.commands, final: body.final };
}

/**
 * Streaming: writes the header and the body's start once the body begins (the header read
 * quietly; it is read again, with its warnings, at the end). Returns how many SyncHdr
 * elements came before the body.
 */
function beginStream(stream: StreamState, f: Fields, rootNs: string, ctx: ReadContext): number {
  const headers = f.all('SyncHdr');
  if (headers.length > 1) stream.ok = false;
  const header = quietly(stream, () => readHeader(headers[0] ?? el('SyncHdr', rootNs), ctx));
  if (header !== undefined) emit(stream, (s) => s.begin(header));
  return headers.length;
}

function readBody(cur: EventCursor, ctx: ReadContext): { commands: Command[]; final: boolean } {
  const f = new Fields([...COMMAND_NAMES, 'Final'], ctx, 'SyncBody');
  const commands: Command[] = [];
  let final = false;
  let finalsBefore = 0;
  collectFields(cur, f, (name, i) => {
    for (; finalsBefore > 0; finalsBefore--) ctx.warn('SyncBody', '<Final> is not last');
    if (name === 'Final') {
      skipElement(cur);
      final = true;
      finalsBefore++;
    } else {
      const c = readCommand(cur, name, ctx, `SyncBody/${cur.name}[${i + 1}]`, true);
      const stream = ctx.stream;
      if (stream !== undefined) {
        if (!stream.wrote) emit(stream, (s) => s.command(c));
        stream.wrote = false;
      }
      commands.push(c);
    }
    return true;
  });
  if (ctx.stream !== undefined) emit(ctx.stream, (s) => s.end(final));
  return { commands, final };
}

function readHeader(e: XmlElement, ctx: ReadContext): SyncHdr {
  const p = 'SyncHdr';
  const f = Fields.of(e, HEADER_FIELDS, ctx, p);
  f.warnUnknown();
  const target = f.one('Target');
  const source = f.one('Source');
  if (target === undefined) ctx.warn(p, '<Target> missing; taken as empty');
  if (source === undefined) ctx.warn(p, '<Source> missing; taken as empty');
  const respURI = f.text('RespURI');
  const cred = f.one('Cred');
  const meta = f.one('Meta');
  return {
    verDTD: f.textOrEmpty('VerDTD'),
    verProto: f.textOrEmpty('VerProto'),
    sessionId: f.textOrEmpty('SessionID'),
    msgId: f.textOrEmpty('MsgID'),
    target: target === undefined ? { locURI: '' } : readLocRef(target, ctx, `${p}/Target`),
    source: source === undefined ? { locURI: '' } : readLocRef(source, ctx, `${p}/Source`),
    ...(respURI !== undefined && { respURI }),
    ...(f.flag('NoResp') && { noResp: true }),
    ...(cred !== undefined && { cred: readCred(cred, ctx, `${p}/Cred`) }),
    ...(meta !== undefined && { meta: readMeta(meta, ctx, `${p}/Meta`) }),
  };
}

const ITEM_KINDS = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Put', 'Replace'] as const;
/** Command element names the model types (SyncBody and container children). */
export const COMMAND_NAMES: readonly string[] = [
  ...ITEM_KINDS,
  'Alert',
  'Atomic',
  'Sequence',
  'Sync',
  'Map',
  'Results',
  'Status',
];

/** Reads the command whose START is current (canonical `name`), through its END. */
function readCommand(
  cur: EventCursor,
  name: string | undefined,
  ctx: ReadContext,
  path: string,
  top = false,
): Command {
  switch (name) {
    case 'Add':
    case 'Copy':
    case 'Delete':
    case 'Exec':
    case 'Get':
    case 'Put':
    case 'Replace':
      return readItemCommand(name, cur, ctx, path, top);
    case 'Alert':
      return readAlert(cur, ctx, path, top);
    case 'Atomic':
    case 'Sequence':
      return readContainer(name, cur, ctx, path);
    case 'Sync':
      return readSync(cur, ctx, path);
    case 'Map':
      return readMap(readElement(cur), ctx, path);
    case 'Results':
      return readResults(cur, ctx, path, top);
    case 'Status':
      return readStatus(cur, ctx, path, top);
    default: {
      const element = readElement(cur);
      ctx.warn(path, `command <${element.name}> not modelled; kept verbatim`);
      return { kind: 'Unknown', element };
    }
  }
}

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
  const items: Item[] = [];
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
  let count = 0;
  let deferred: { at: number; pending: PendingItem }[] | undefined;
  collectFields(cur, f, (name) => {
    if (name !== 'Item') {
      if (opened && name !== undefined && stream !== undefined) stream.ok = false;
      return false;
    }
    const pending = streamItem(cur, ctx, new Path(path, 'Item', ++count));
    if (stream !== undefined && !opened && stream.ok)
      opened = openStream(stream, f, ctx, path, build);
    let item: Item | undefined;
    if (!(pending instanceof PendingItem)) {
      // Finished already (text Data). The command Meta is still read here, at the first
      // item, so that its warnings come where they always came.
      if (inherit) commandMeta();
      item = pending;
      if (!opened) items.push(item);
    } else if (inherit && !f.has('Meta') && needsMeta(pending)) {
      (deferred ??= []).push({ at: items.length, pending });
      items.push({});
      // Written now with no command Meta: right unless a Meta follows, which ends streaming.
      if (opened && stream !== undefined)
        item = quietly(stream, () => finishItem(pending, ctx, undefined));
    } else {
      item = finishItem(pending, ctx, inherit ? commandMeta() : undefined);
      if (!opened) items.push(item);
    }
    if (opened && stream !== undefined && item !== undefined) {
      const it = item;
      emit(stream, (s) => s.item(it));
    }
    return true;
  });
  for (const d of deferred ?? []) items[d.at] = finishItem(d.pending, ctx, commandMeta());
  const command = build(f, items, commandMeta);
  if (opened && stream !== undefined) {
    emit(stream, (s) => s.closeItems());
    stream.wrote = true;
  }
  return command;
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

function readItemCommand(
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

function readAlert(cur: EventCursor, ctx: ReadContext, path: string, top: boolean): AlertCommand {
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

/** Reads a container's own fields and, as they stream past, its nested commands. */
function readNested(
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
  own: readonly string[],
): { f: Fields; commands: Command[] } {
  const f = new Fields([...own, ...COMMAND_NAMES], ctx, path);
  const commands: Command[] = [];
  collectFields(cur, f, (name, i) => {
    if (name !== undefined && own.includes(name)) return false;
    commands.push(readCommand(cur, name, ctx, `${path}/${cur.name}[${i + 1}]`));
    return true;
  });
  return { f, commands };
}

function readContainer(
  kind: ContainerCommand['kind'],
  cur: EventCursor,
  ctx: ReadContext,
  path: string,
): ContainerCommand {
  const { f, commands } = readNested(cur, ctx, path, ['CmdID', 'NoResp', 'Meta']);
  const meta = f.one('Meta');
  return {
    kind,
    cmdId: f.textOrEmpty('CmdID'),
    ...(f.flag('NoResp') && { noResp: true }),
    ...(meta !== undefined && { meta: readMeta(meta, ctx, `${path}/Meta`) }),
    commands,
  };
}

function readSync(cur: EventCursor, ctx: ReadContext, path: string): SyncCommand {
  const own = ['CmdID', 'NoResp', 'Cred', 'Target', 'Source', 'Meta', 'NumberOfChanges'];
  const { f, commands } = readNested(cur, ctx, path, own);
  const cred = f.one('Cred');
  const target = f.one('Target');
  const source = f.one('Source');
  const meta = f.one('Meta');
  const changes = f.one('NumberOfChanges');
  return {
    kind: 'Sync',
    cmdId: f.textOrEmpty('CmdID'),
    ...(f.flag('NoResp') && { noResp: true }),
    ...(cred !== undefined && { cred: readCred(cred, ctx, `${path}/Cred`) }),
    ...(target !== undefined && { target: readLocRef(target, ctx, `${path}/Target`) }),
    ...(source !== undefined && { source: readLocRef(source, ctx, `${path}/Source`) }),
    ...(meta !== undefined && { meta: readMeta(meta, ctx, `${path}/Meta`) }),
    ...(changes !== undefined && {
      numberOfChanges: leafNumber(changes, ctx, `${path}/NumberOfChanges`),
    }),
    commands,
  };
}

function readMap(e: XmlElement, ctx: ReadContext, path: string): MapCommand {
  const f = Fields.of(e, ['CmdID', 'Target', 'Source', 'Cred', 'Meta', 'MapItem'], ctx, path);
  f.warnUnknown();
  const cred = f.one('Cred');
  const meta = f.one('Meta');
  return {
    kind: 'Map',
    cmdId: f.textOrEmpty('CmdID'),
    target: readLocRef(f.required('Target'), ctx, `${path}/Target`),
    source: readLocRef(f.required('Source'), ctx, `${path}/Source`),
    ...(cred !== undefined && { cred: readCred(cred, ctx, `${path}/Cred`) }),
    ...(meta !== undefined && { meta: readMeta(meta, ctx, `${path}/Meta`) }),
    mapItems: f.all('MapItem').map((m, i) => {
      const p = `${path}/MapItem[${i + 1}]`;
      const mf = Fields.of(m, ['Target', 'Source'], ctx, p);
      mf.warnUnknown();
      return {
        target: readLocRef(mf.required('Target'), ctx, `${p}/Target`),
        source: readLocRef(mf.required('Source'), ctx, `${p}/Source`),
      };
    }),
  };
}

function readResults(
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

function readStatus(cur: EventCursor, ctx: ReadContext, path: string, top: boolean): StatusCommand {
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
