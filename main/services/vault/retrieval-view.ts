/** Reading a retrieval's index rows back as API shapes, decrypting metadata and names. */
import type Database from 'better-sqlite3';
import { unseal, unsealJson } from './seal.js';
import type { ItemStatus, ObjectInfo, RetrievalInfo } from './types.js';
import type { ObjectRow, RetrievalRow } from './vault-db.js';

/** The encrypted metadata of a retrieval (`retrievals.meta`). */
export interface RetrievalMeta {
  readonly imei: string;
  readonly model: string | null;
  readonly link: string | null;
  readonly correlator: string;
  readonly manifestCreated: string;
}

/** Associated data of each sealed field, so a value copied into another row fails to open. */
export const aadOf = {
  meta: (id: string): string => `meta|${id}`,
  rkey: (id: string): string => `rkey|${id}`,
  name: (id: string, index: number): string => `name|${id}|${index}`,
};

/** A retrieval's objects, in manifest order. */
export function objectRows(db: Database.Database, retrievalId: string): ObjectRow[] {
  return db
    .prepare('SELECT * FROM objects WHERE retrieval_id = ? ORDER BY idx')
    .all(retrievalId) as ObjectRow[];
}

/** A retrieval row with its metadata decrypted (under the index key) and its items. */
export function retrievalInfo(
  db: Database.Database,
  indexKey: Buffer,
  r: RetrievalRow,
): RetrievalInfo {
  const meta = unsealJson<RetrievalMeta>(indexKey, aadOf.meta(r.id), r.meta);
  const counts = new Map<string, number>();
  for (const o of objectRows(db, r.id)) counts.set(o.item, (counts.get(o.item) ?? 0) + 1);
  const items: ItemStatus[] = (
    db
      .prepare('SELECT item, verified FROM items WHERE retrieval_id = ? ORDER BY item')
      .all(r.id) as { item: string; verified: number }[]
  ).map((i) => ({ item: i.item, verified: i.verified === 1, objects: counts.get(i.item) ?? 0 }));
  return {
    id: r.id,
    imei: meta.imei,
    model: meta.model,
    link: meta.link,
    correlator: meta.correlator,
    manifestCreated: meta.manifestCreated,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    state: r.state,
    items,
  };
}

/** A retrieval's objects with names decrypted under its retrieval key. */
export function objectInfos(
  db: Database.Database,
  rkey: Buffer,
  retrievalId: string,
): ObjectInfo[] {
  return objectRows(db, retrievalId).map((o) => ({
    index: o.idx,
    item: o.item,
    name: unseal(rkey, aadOf.name(retrievalId, o.idx), o.name).toString('utf8'),
    type: o.type,
    size: o.size,
    sha256: o.sha256,
    state: o.state,
    receivedSize: o.received_size,
    receivedSha256: o.received_sha256,
    stored: o.blob !== null,
    storedAt: o.stored_at,
  }));
}
