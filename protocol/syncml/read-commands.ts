import { readElement } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import type { XmlElement } from '../xml/element.js';
import { collectFields, Fields, leafNumber } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import type { Command, ContainerCommand, MapCommand, SyncCommand } from './model.js';
import { readAlert, readItemCommand, readResults, readStatus } from './read-item-commands.js';
import { readCred, readLocRef, readMeta } from './read-parts.js';

/*
 * Dispatch of a command element to its reader, and the readers of the commands that
 * contain other commands (Atomic, Sequence, Sync) or MapItems (Map).
 */

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
export function readCommand(
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
