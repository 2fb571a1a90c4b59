import type { XmlElement } from '../xml/element.js';
import { Fields, leafNumber, leafText, syncmlError } from './element-reader.js';
import type { ReadContext } from './element-reader.js';
import type {
  AlertCommand,
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
import { readChal, readCred, readItem, readLocRef, readMeta } from './read-parts.js';

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
  if (root.name !== 'SyncML') {
    if (root.name.toLowerCase() !== 'syncml') {
      throw syncmlError('unexpected-element', root.name, 'the root element must be <SyncML>');
    }
    ctx.warn('SyncML', `root <${root.name}> read as <SyncML>`);
  }
  if (!/^SYNCML:SYNCML1\.[0-2]$/i.test(root.ns)) {
    ctx.warn('SyncML', `unexpected namespace "${root.ns}" on <SyncML>`);
  }
  const f = new Fields(root, ['SyncHdr', 'SyncBody'], ctx, 'SyncML');
  f.warnUnknown();
  const hdr = f.one('SyncHdr');
  const body = f.required('SyncBody');
  if (hdr === undefined) ctx.warn('SyncML', '<SyncHdr> missing; header fields taken as empty');
  const header = readHeader(hdr ?? { ...root, name: 'SyncHdr', children: [] }, ctx);
  const bodyFields = new Fields(body, [...COMMAND_NAMES, 'Final'], ctx, 'SyncBody');
  const commands: Command[] = [];
  let final = false;
  bodyFields.ordered.forEach(({ name, element }, i) => {
    if (name === 'Final') {
      if (i !== bodyFields.ordered.length - 1) ctx.warn('SyncBody', '<Final> is not last');
      final = true;
    } else commands.push(readCommand(name, element, ctx, `SyncBody/${element.name}[${i + 1}]`));
  });
  return { header, commands, final };
}

function readHeader(e: XmlElement, ctx: ReadContext): SyncHdr {
  const p = 'SyncHdr';
  const f = new Fields(e, HEADER_FIELDS, ctx, p);
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

function readCommand(
  name: string | undefined,
  e: XmlElement,
  ctx: ReadContext,
  path: string,
): Command {
  switch (name) {
    case 'Add':
    case 'Copy':
    case 'Delete':
    case 'Exec':
    case 'Get':
    case 'Put':
    case 'Replace':
      return readItemCommand(name, e, ctx, path);
    case 'Alert':
      return readAlert(e, ctx, path);
    case 'Atomic':
    case 'Sequence':
      return readContainer(name, e, ctx, path);
    case 'Sync':
      return readSync(e, ctx, path);
    case 'Map':
      return readMap(e, ctx, path);
    case 'Results':
      return readResults(e, ctx, path);
    case 'Status':
      return readStatus(e, ctx, path);
    default:
      ctx.warn(path, `command <${e.name}> not modelled; kept verbatim`);
      return { kind: 'Unknown', element: e };
  }
}

function readItems(f: Fields, ctx: ReadContext, path: string, inherited: Meta | undefined) {
  return f.all('Item').map((x, i) => readItem(x, ctx, `${path}/Item[${i + 1}]`, inherited));
}

function readItemCommand(
  kind: ItemCommand['kind'],
  e: XmlElement,
  ctx: ReadContext,
  path: string,
): ItemCommand {
  const f = new Fields(
    e,
    ['CmdID', 'NoResp', 'Archive', 'SftDel', 'Lang', 'Cred', 'Meta', 'Correlator', 'Item'],
    ctx,
    path,
  );
  f.warnUnknown();
  const cred = f.one('Cred');
  const metaEl = f.one('Meta');
  const meta = metaEl === undefined ? undefined : readMeta(metaEl, ctx, `${path}/Meta`);
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
    items: readItems(f, ctx, path, meta),
  };
}

function readAlert(e: XmlElement, ctx: ReadContext, path: string): AlertCommand {
  const f = new Fields(e, ['CmdID', 'NoResp', 'Cred', 'Data', 'Correlator', 'Item'], ctx, path);
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
    items: readItems(f, ctx, path, undefined),
  };
}

function readNested(f: Fields, ctx: ReadContext, path: string, own: readonly string[]): Command[] {
  const out: Command[] = [];
  f.ordered.forEach(({ name, element }, i) => {
    if (name !== undefined && own.includes(name)) return;
    out.push(readCommand(name, element, ctx, `${path}/${element.name}[${i + 1}]`));
  });
  return out;
}

function readContainer(
  kind: ContainerCommand['kind'],
  e: XmlElement,
  ctx: ReadContext,
  path: string,
): ContainerCommand {
  const own = ['CmdID', 'NoResp', 'Meta'];
  const f = new Fields(e, [...own, ...COMMAND_NAMES], ctx, path);
  const meta = f.one('Meta');
  return {
    kind,
    cmdId: f.textOrEmpty('CmdID'),
    ...(f.flag('NoResp') && { noResp: true }),
    ...(meta !== undefined && { meta: readMeta(meta, ctx, `${path}/Meta`) }),
    commands: readNested(f, ctx, path, own),
  };
}

function readSync(e: XmlElement, ctx: ReadContext, path: string): SyncCommand {
  const own = ['CmdID', 'NoResp', 'Cred', 'Target', 'Source', 'Meta', 'NumberOfChanges'];
  const f = new Fields(e, [...own, ...COMMAND_NAMES], ctx, path);
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
    commands: readNested(f, ctx, path, own),
  };
}

function readMap(e: XmlElement, ctx: ReadContext, path: string): MapCommand {
  const f = new Fields(e, ['CmdID', 'Target', 'Source', 'Cred', 'Meta', 'MapItem'], ctx, path);
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
      const mf = new Fields(m, ['Target', 'Source'], ctx, p);
      mf.warnUnknown();
      return {
        target: readLocRef(mf.required('Target'), ctx, `${p}/Target`),
        source: readLocRef(mf.required('Source'), ctx, `${p}/Source`),
      };
    }),
  };
}

function readResults(e: XmlElement, ctx: ReadContext, path: string): ResultsCommand {
  const f = new Fields(
    e,
    ['CmdID', 'MsgRef', 'CmdRef', 'Meta', 'TargetRef', 'SourceRef', 'Item'],
    ctx,
    path,
  );
  f.warnUnknown();
  const msgRef = f.text('MsgRef');
  const metaEl = f.one('Meta');
  const meta = metaEl === undefined ? undefined : readMeta(metaEl, ctx, `${path}/Meta`);
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
    items: readItems(f, ctx, path, meta),
  };
}

function readStatus(e: XmlElement, ctx: ReadContext, path: string): StatusCommand {
  const f = new Fields(
    e,
    ['CmdID', 'MsgRef', 'CmdRef', 'Cmd', 'TargetRef', 'SourceRef', 'Cred', 'Chal', 'Data', 'Item'],
    ctx,
    path,
  );
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
    items: readItems(f, ctx, path, undefined),
  };
}
