import { Ev, skipElement, TreeCursor } from '../xml/cursor.js';
import type { EventCursor } from '../xml/cursor.js';
import { el } from '../xml/element.js';
import type { XmlElement } from '../xml/element.js';
import { collectFields, emit, Fields, quietly, syncmlError } from './element-reader.js';
import type { ReadContext, StreamState } from './element-reader.js';
import type { Command, SyncHdr, SyncMLMessage } from './model.js';
import { COMMAND_NAMES, readCommand } from './read-commands.js';
import { readCred, readLocRef, readMeta } from './read-parts.js';

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
