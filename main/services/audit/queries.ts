/** Read queries over the audit table: filtered rows and the operation view. */
import type Database from 'better-sqlite3';
import { toAuditRow } from './audit-db.js';
import type { DbRow } from './audit-db.js';
import type { AuditFilter, AuditOperationView, AuditRow } from './types.js';

function where(filter: AuditFilter, extra: string[] = []): { sql: string; params: unknown[] } {
  const clauses = [...extra];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    clauses.push(sql);
    params.push(value);
  };
  if (filter.imei !== undefined) add('imei = ?', filter.imei);
  if (filter.operator !== undefined) add('operator = ?', filter.operator);
  if (filter.operation !== undefined) add('operation = ?', filter.operation);
  if (filter.from !== undefined) add('at >= ?', new Date(filter.from).toISOString());
  if (filter.to !== undefined) add('at <= ?', new Date(filter.to).toISOString());
  if (filter.kind !== undefined) add('kind = ?', filter.kind);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

/**
 * Rows matching every given filter, in id order. `from`/`to` compare the row's time
 * (inclusive; any ISO 8601 form is normalized to UTC first); `outcome` matches the row's
 * own outcome; `limit` keeps the newest rows. An invalid date throws `RangeError`.
 */
export function listRows(db: Database.Database, filter: AuditFilter): AuditRow[] {
  const w = where(filter, filter.outcome === undefined ? [] : ['outcome = ?']);
  const params = filter.outcome === undefined ? w.params : [filter.outcome, ...w.params];
  const limit = filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
  const rows = db
    .prepare(`SELECT * FROM (SELECT * FROM audit ${w.sql} ORDER BY id DESC${limit}) ORDER BY id`)
    .all(...params) as DbRow[];
  return rows.map(toAuditRow);
}

/**
 * Operations whose `started` row matches the filter (handset, operator, operation, time
 * of start), each joined with the rows that refer to it. `outcome` filters on the
 * operation's final outcome (`interrupted` for one not resolved since). `limit` keeps
 * the newest operations.
 */
export function listOperations(db: Database.Database, filter: AuditFilter): AuditOperationView[] {
  const w = where({ ...filter, kind: 'started' });
  const starts = db.prepare(`SELECT * FROM audit ${w.sql} ORDER BY id`).all(...w.params) as DbRow[];
  if (starts.length === 0) return [];
  const first = starts[0]?.id ?? 0;
  const follow = new Map<number, AuditRow[]>();
  for (const r of db
    .prepare('SELECT * FROM audit WHERE ref >= ? ORDER BY id')
    .iterate(first) as IterableIterator<DbRow>) {
    if (r.ref === null) continue;
    const list = follow.get(r.ref) ?? [];
    list.push(toAuditRow(r));
    follow.set(r.ref, list);
  }
  let views = starts.map((s) => view(toAuditRow(s), follow.get(s.id) ?? []));
  if (filter.outcome !== undefined) views = views.filter((v) => v.outcome === filter.outcome);
  if (filter.limit !== undefined) views = views.slice(Math.max(0, views.length - filter.limit));
  return views;
}

function view(start: AuditRow, followUps: AuditRow[]): AuditOperationView {
  const completions = followUps.filter((r) => r.kind === 'completed');
  const interrupted = followUps.some((r) => r.kind === 'interrupted');
  const last = completions[completions.length - 1];
  const state =
    last !== undefined
      ? interrupted
        ? 'interrupted-then-completed'
        : 'completed'
      : interrupted
        ? 'interrupted'
        : 'open';
  return {
    id: start.id,
    start,
    followUps,
    state,
    outcome: last?.outcome ?? (interrupted ? 'interrupted' : null),
    resultCode: last?.resultCode ?? null,
  };
}
