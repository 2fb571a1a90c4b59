/**
 * Runs one server command (Add, Copy, Delete, Get, Replace) against the handset's tree:
 * ACL check first (425), then the tree operation, whose `DmStatusError` becomes the
 * Status code (PROTOCOL-FACTS §1.3, §6). Mutations record an undo step so that Atomic
 * can roll back.
 */
import { isDecodeError } from '../../bytes/decode-error.js';
import type { SyncMLEncoding } from '../../syncml/codec.js';
import type { Data, Item, ItemCommand } from '../../syncml/model.js';
import { requireAccess, aclForCreatedNode } from '../../tree/acl-check.js';
import { DmStatus, isDmStatusError } from '../../tree/dm-status-error.js';
import type { DmTree } from '../../tree/dm-tree.js';
import { isDmFormat } from '../../tree/format.js';
import type { DmFormat } from '../../tree/format.js';
import { listStruct } from '../../tree/struct.js';
import { parseTndsList } from '../../tree/tnds-select.js';
import { tndsFromElement, tndsToElement } from '../../tree/tnds.js';
import {
  TNDS_WBXML_TYPE,
  TNDS_XML_TYPE,
  addTnds,
  decodeTndsXml,
  replaceTnds,
  tndsFromTree,
} from '../../tree/tnds-tree.js';
import { parseUri } from '../../tree/uri.js';
import { dataText, dataToValue, valueToData } from '../wire-value.js';

/** What running a command gave: its Status code and, for Get, the Results items. */
export interface RunOutcome {
  readonly status: number;
  readonly results?: readonly Item[];
}

/** Context a command runs in. */
export interface RunContext {
  readonly tree: DmTree;
  /** Server id the ACLs are checked for. */
  readonly serverId: string;
  readonly encoding: SyncMLEncoding;
  /** Undo steps of mutations, pushed in order (Atomic rolls them back in reverse). */
  readonly undo?: (() => void)[];
}

/** Runs `fn`, turning a DmStatusError into its code and a DecodeError into 400. */
export function statusOf(fn: () => RunOutcome): RunOutcome {
  try {
    return fn();
  } catch (e) {
    if (isDmStatusError(e)) return { status: e.status };
    if (isDecodeError(e)) return { status: DmStatus.BAD_REQUEST };
    throw e;
  }
}

/** Runs an Add/Copy/Delete/Get/Replace (one outcome per command; items run in order). */
export function runItemCommand(cmd: ItemCommand, ctx: RunContext): RunOutcome {
  return statusOf(() => {
    const results: Item[] = [];
    if (cmd.items.length === 0) return { status: DmStatus.BAD_REQUEST };
    for (const item of cmd.items) {
      const r = runItem(cmd, item, ctx);
      if (r.status >= 300) return r;
      if (r.results !== undefined) results.push(...r.results);
    }
    return cmd.kind === 'Get' ? { status: 200, results } : { status: 200 };
  });
}

function runItem(cmd: ItemCommand, item: Item, ctx: RunContext): RunOutcome {
  const { tree, serverId } = ctx;
  const uriText = item.target?.locURI ?? (cmd.kind === 'Get' ? item.source?.locURI : undefined);
  if (uriText === undefined) return { status: DmStatus.BAD_REQUEST };
  const uri = parseUri(uriText, tree.limits);
  const segs = uri.segments;
  const meta = item.meta ?? cmd.meta;
  const format = meta?.format;
  switch (cmd.kind) {
    case 'Get': {
      requireAccess(tree, { cmd: 'Get', target: segs }, serverId);
      return { status: 200, results: getItems(tree, uriText, uri, ctx.encoding) };
    }
    case 'Replace': {
      if (uri.prop !== undefined) {
        requireAccess(tree, { cmd: 'Replace', target: segs, prop: uri.prop }, serverId);
        const old = tree.getProperty(segs, uri.prop);
        tree.replaceProperty(segs, uri.prop, dataText(item.data));
        const renamed = uri.prop === 'Name' ? [...segs.slice(0, -1), dataText(item.data)] : segs;
        ctx.undo?.push(() => tree.replaceProperty(renamed, uri.prop as string, old));
        return { status: 200 };
      }
      requireAccess(tree, { cmd: 'Replace', target: segs }, serverId);
      if (isTnds(meta?.type)) {
        const before = tree.has(segs) ? tndsFromTree(tree, segs) : undefined;
        replaceTnds(tree, parentOf(segs), tndsOf(item.data));
        ctx.undo?.push(() => {
          if (before !== undefined) replaceTnds(tree, parentOf(segs), before);
        });
        return { status: 200 };
      }
      const old = tree.info(segs);
      const value = dataToValue(item.data, format);
      tree.replace(segs, value, replaceMeta(format, meta?.type));
      ctx.undo?.push(() =>
        tree.replace(segs, old.value ?? new Uint8Array(0), replaceMeta(old.format, old.type)),
      );
      return { status: 200 };
    }
    case 'Add': {
      requireAccess(tree, { cmd: 'Add', target: segs }, serverId);
      if (isTnds(meta?.type)) {
        const created = addTnds(tree, parentOf(segs), tndsOf(item.data));
        ctx.undo?.push(() => deleteCreated(tree, created));
        return { status: 200 };
      }
      const existing = highestMissing(tree, segs);
      const acl = aclForCreatedNode(tree, segs, serverId);
      const fmt: DmFormat = format !== undefined && isDmFormat(format) ? format : 'chr';
      if (format !== undefined && !isDmFormat(format)) return { status: 415 };
      tree.add(segs, {
        format: fmt,
        ...(meta?.type !== undefined ? { type: meta.type } : {}),
        ...(fmt === 'node' ? {} : { value: dataToValue(item.data, fmt) }),
        acl,
      });
      ctx.undo?.push(() => tree.delete(existing));
      return { status: 200 };
    }
    case 'Delete': {
      requireAccess(tree, { cmd: 'Delete', target: segs }, serverId);
      const before = tree.has(segs) ? tndsFromTree(tree, segs) : undefined;
      tree.delete(segs);
      ctx.undo?.push(() => {
        if (before !== undefined) addTnds(tree, parentOf(segs), before);
      });
      return { status: 200 };
    }
    case 'Copy': {
      const src = item.source?.locURI;
      if (src === undefined) return { status: DmStatus.BAD_REQUEST };
      const ssegs = tree.segmentsOf(src);
      requireAccess(tree, { cmd: 'Copy', target: segs, source: ssegs }, serverId);
      const old = tree.has(segs) ? tree.info(segs) : undefined;
      const existing = old === undefined ? highestMissing(tree, segs) : segs;
      tree.copy(ssegs, segs);
      ctx.undo?.push(() => {
        if (old === undefined) tree.delete(existing);
        else tree.replace(segs, old.value ?? new Uint8Array(0), replaceMeta(old.format, old.type));
      });
      return { status: 200 };
    }
    default:
      return { status: 406 };
  }
}

function replaceMeta(
  format: string | undefined,
  type: string | undefined,
): {
  format?: DmFormat;
  type?: string;
} {
  const out: { format?: DmFormat; type?: string } = {};
  if (format !== undefined && isDmFormat(format)) out.format = format;
  if (type !== undefined) out.type = type;
  return out;
}

function parentOf(segs: readonly string[]): readonly string[] {
  return segs.slice(0, -1);
}

function highestMissing(tree: DmTree, segs: readonly string[]): readonly string[] {
  let i = segs.length;
  while (i > 1 && !tree.has(segs.slice(0, i - 1))) i--;
  return segs.slice(0, i);
}

function deleteCreated(tree: DmTree, created: readonly string[]): void {
  for (const uri of [...created].reverse()) if (tree.has(uri)) tree.delete(uri);
}

function isTnds(type: string | undefined): boolean {
  return type === TNDS_XML_TYPE || type === TNDS_WBXML_TYPE;
}

function tndsOf(data: Data | undefined): ReturnType<typeof tndsFromElement> {
  if (data?.kind === 'xml') return tndsFromElement(data.element);
  if (data?.kind === 'bytes') return decodeTndsXml(data.bytes);
  return decodeTndsXml(data?.text ?? '');
}

function getItems(
  tree: DmTree,
  uriText: string,
  uri: ReturnType<typeof parseUri>,
  encoding: SyncMLEncoding,
): Item[] {
  const source = { locURI: uriText };
  const segs = uri.segments;
  if (uri.prop !== undefined) {
    return [{ source, data: { kind: 'text', text: tree.getProperty(segs, uri.prop) } }];
  }
  if (uri.list === 'Struct' || uri.list === 'StructData') {
    return listStruct(tree, segs, uri.list).map((s) => {
      const meta = {
        ...(s.format !== 'chr' ? { format: s.format } : {}),
        ...(s.type !== undefined && s.type !== 'text/plain' ? { type: s.type } : {}),
      };
      const it: Item = { source: { locURI: s.uri } };
      return {
        ...it,
        ...(Object.keys(meta).length > 0 ? { meta } : {}),
        ...(s.data !== undefined ? { data: valueToData(s.data, s.format) } : {}),
      };
    });
  }
  if (uri.list !== undefined) {
    const doc = tndsFromTree(tree, segs, parseTndsList(uri.list));
    return [
      {
        source,
        meta: { type: TNDS_XML_TYPE, format: 'xml' },
        data: { kind: 'xml', element: tndsToElement(doc, encoding) },
      },
    ];
  }
  const r = tree.get(segs);
  const meta = { format: r.format, ...(r.type !== undefined ? { type: r.type } : {}) };
  return [
    {
      source,
      meta,
      data:
        r.format === 'node'
          ? { kind: 'text', text: new TextDecoder().decode(r.data) }
          : valueToData(r.data, r.format),
    },
  ];
}
