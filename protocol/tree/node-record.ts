import { encodeUtf8 } from '../bytes/utf8.js';
import { AclError, parseAcl } from './acl.js';
import type { DmNodeInfo, DmNodeInit } from './dm-node.js';
import { DmStatus, DmStatusError } from './dm-status-error.js';
import type { DmFormat } from './format.js';
import { DEFAULT_LEAF_FORMAT } from './format.js';
import { formatUri } from './uri.js';
import { formatTStamp, textValue } from './value.js';

/** Largest Title, in UTF-8 bytes (OMA DM TND 1.2 §7.7.x). */
export const MAX_TITLE_BYTES = 255;

/** The tree's internal, mutable node record (never handed out; see {@link snapshot}). */
export interface NodeRec {
  name: string;
  format: DmFormat;
  type: string | undefined;
  value: Uint8Array;
  children: Map<string, NodeRec> | undefined;
  acl: string;
  title: string | undefined;
  tstamp: number;
  verNo: number;
  permanent: boolean;
}

/** A new record from `init`, validated (400 bad ACL, 413 long Title), stamped `now`. */
export function makeRecord(name: string, init: DmNodeInit, now: number): NodeRec {
  const format = init.format ?? DEFAULT_LEAF_FORMAT;
  if (init.acl !== undefined) checkAcl(init.acl, name);
  if (init.title !== undefined) checkTitle(init.title, name);
  const interior = format === 'node';
  const v = init.value;
  return {
    name,
    format,
    type: init.type,
    value:
      interior || v === undefined
        ? new Uint8Array(0)
        : typeof v === 'string'
          ? textValue(v)
          : v.slice(),
    children: interior ? new Map() : undefined,
    acl: init.acl ?? '',
    title: init.title,
    tstamp: now,
    verNo: 0,
    permanent: init.permanent === true,
  };
}

/** The text of `?prop=<prop>` on `rec` (see `DmTree.getProperty`). */
export function readProperty(rec: NodeRec, uri: string, prop: string): string {
  switch (prop) {
    case 'ACL':
      return rec.acl;
    case 'Format':
      return rec.format;
    case 'Name':
      return rec.name;
    case 'Size':
      if (rec.children !== undefined) {
        throw new DmStatusError(
          DmStatus.OPTIONAL_FEATURE_NOT_SUPPORTED,
          'Size of an interior node',
          uri,
        );
      }
      return String(rec.value.length);
    case 'Title':
      return rec.title ?? '';
    case 'TStamp':
      return formatTStamp(rec.tstamp);
    case 'Type':
      return rec.type ?? '';
    case 'VerNo':
      return String(rec.verNo);
    default:
      throw new DmStatusError(
        DmStatus.OPTIONAL_FEATURE_NOT_SUPPORTED,
        `unknown property "${prop}"`,
        uri,
      );
  }
}

export function checkAcl(value: string, uri: string): void {
  try {
    parseAcl(value);
  } catch (e) {
    if (e instanceof AclError) throw new DmStatusError(DmStatus.BAD_REQUEST, e.message, uri);
    throw e;
  }
}

export function checkTitle(value: string, uri: string): void {
  if (encodeUtf8(value).length > MAX_TITLE_BYTES) {
    throw new DmStatusError(
      DmStatus.REQUEST_ENTITY_TOO_LARGE,
      `Title over ${MAX_TITLE_BYTES} bytes`,
      uri,
    );
  }
}

export function containsPermanent(rec: NodeRec): boolean {
  if (rec.permanent) return true;
  if (rec.children === undefined) return false;
  for (const c of rec.children.values()) if (containsPermanent(c)) return true;
  return false;
}

export function snapshot(rec: NodeRec, segs: readonly string[]): DmNodeInfo {
  const base = {
    segments: [...segs],
    uri: formatUri(segs),
    name: rec.name,
    interior: rec.children !== undefined,
    format: rec.format,
    acl: rec.acl,
    tstamp: rec.tstamp,
    verNo: rec.verNo,
    permanent: rec.permanent,
    ...(rec.type === undefined ? {} : { type: rec.type }),
    ...(rec.title === undefined ? {} : { title: rec.title }),
  };
  return rec.children !== undefined
    ? { ...base, children: [...rec.children.keys()] }
    : { ...base, value: rec.value.slice() };
}

/**
 * Renames `rec` (a child of `parent`) to `name`, keeping its place among its siblings;
 * 418 if a sibling already has the name.
 */
export function renameChild(parent: NodeRec, rec: NodeRec, name: string, uri: string): void {
  const siblings = parent.children as Map<string, NodeRec>;
  if (siblings.has(name)) {
    throw new DmStatusError(DmStatus.ALREADY_EXISTS, `sibling "${name}" exists`, uri);
  }
  const entries = [...siblings.entries()].map(([k, v]): [string, NodeRec] =>
    k === rec.name ? [name, v] : [k, v],
  );
  siblings.clear();
  for (const [k, v] of entries) siblings.set(k, v);
  rec.name = name;
}
