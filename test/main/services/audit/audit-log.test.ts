import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, AuditReader, isAuditStateError } from '../../../../main/services/audit/index.js';
import { tempFolder } from './audit-support.js';

const HANDSET = { imei: '356938035643809', model: 'Nokia 6230i', link: 'serial /dev/ttyACM0' };

describe('AuditLog', () => {
  let dir: string;
  let cleanup: () => void;
  let log: AuditLog;
  let clock: number;

  beforeEach(() => {
    ({ dir, cleanup } = tempFolder());
    clock = Date.parse('2025-03-01T10:00:00Z');
    log = AuditLog.open(dir, { now: () => new Date((clock += 1000)) });
  });
  afterEach(() => {
    log.close();
    cleanup();
  });

  it('records a start before the result and a completion row that refers to it', () => {
    const id = log.begin({
      operator: 'alice',
      operation: 'wipe',
      handset: HANDSET,
      selection: { items: ['PhoneBook', 'Photos'] },
      waiver: { by: 'alice', items: ['Photos'], reason: 'customer declined backup' },
      correlator: 'c-17',
    });
    // The start is on disk before complete(): another connection sees it.
    const raw = new Database(join(dir, 'audit.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT kind, operation FROM audit WHERE id = ?').get(id)).toEqual({
      kind: 'started',
      operation: 'wipe',
    });
    raw.close();
    const cid = log.complete(id, {
      outcome: 'succeeded',
      resultCode: 1201,
      resultSource: 'cimo',
      verification: { PhoneBook: { ItemCount: 0, ByteSize: 0 } },
    });
    expect(cid).toBe(id + 1);
    const op = log.operation(id);
    expect(op?.state).toBe('completed');
    expect(op?.outcome).toBe('succeeded');
    expect(op?.resultCode).toBe(1201);
    const done = op?.followUps[0];
    expect(done?.ref).toBe(id);
    expect(done?.imei).toBe(HANDSET.imei);
    expect(done?.waiver).toEqual({
      by: 'alice',
      items: ['Photos'],
      reason: 'customer declined backup',
    });
    expect(done?.verification).toEqual({ PhoneBook: { ItemCount: 0, ByteSize: 0 } });
    expect(log.verify()).toMatchObject({ ok: true, rows: 2, unsealed: 0 });
  });

  it('records consent given during the operation on the completion row', () => {
    const id = log.begin({ operator: 'bob', operation: 'factory-reset', handset: HANDSET });
    log.complete(id, {
      outcome: 'refused',
      resultCode: 1401,
      resultSource: 'cimo',
      consent: { by: 'handset owner', via: 'handset', answer: 'refused' },
    });
    const [row] = log.list({ kind: 'completed' });
    expect(row?.consent).toEqual({ by: 'handset owner', via: 'handset', answer: 'refused' });
    expect(row?.resultCode).toBe(1401);
  });

  it('refuses to complete an id that is not a started operation', () => {
    const id = log.begin({ operator: 'bob', operation: 'lock', handset: HANDSET });
    const cid = log.complete(id, { outcome: 'succeeded', resultCode: 1200 });
    const codes = [99, cid].map((x) => {
      try {
        log.complete(x, { outcome: 'failed' });
        return 'no error';
      } catch (e) {
        return isAuditStateError(e) ? e.code : String(e);
      }
    });
    expect(codes).toEqual(['unknown-operation', 'not-a-start']);
  });

  it('refuses UPDATE and DELETE through SQLite while the triggers stand', () => {
    log.begin({ operator: 'bob', operation: 'lock', handset: HANDSET });
    const raw = new Database(join(dir, 'audit.sqlite'));
    expect(() => raw.exec(`UPDATE audit SET operator = 'eve'`)).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM audit')).toThrow(/append-only/);
    raw.close();
  });

  it('filters rows by handset, operator, operation, time range and outcome', () => {
    const a = log.begin({ operator: 'alice', operation: 'lock', handset: HANDSET });
    log.complete(a, { outcome: 'succeeded', resultCode: 1200 });
    const b = log.begin({
      operator: 'bob',
      operation: 'wipe',
      handset: { imei: '490154203237518' },
    });
    log.complete(b, { outcome: 'failed', resultCode: 1405 });
    log.record({
      operator: 'bob',
      operation: 'vault-export',
      handset: HANDSET,
      outcome: 'succeeded',
    });
    expect(log.list({ imei: HANDSET.imei }).map((r) => r.id)).toEqual([1, 2, 5]);
    expect(log.list({ operator: 'bob' }).map((r) => r.id)).toEqual([3, 4, 5]);
    expect(log.list({ operation: 'wipe', kind: 'started' }).map((r) => r.id)).toEqual([3]);
    expect(log.list({ outcome: 'failed' }).map((r) => r.id)).toEqual([4]);
    // Rows are stamped 10:00:01, :02, :03, :04, :05.
    expect(
      log.list({ from: '2025-03-01T10:00:02Z', to: '2025-03-01T11:00:03+01:00' }).map((r) => r.id),
    ).toEqual([2, 3]);
    expect(log.list({ limit: 2 }).map((r) => r.id)).toEqual([4, 5]);
    expect(log.operations({ outcome: 'failed' }).map((o) => o.id)).toEqual([3]);
    expect(log.operations({ imei: HANDSET.imei }).map((o) => o.id)).toEqual([1]);
  });

  it('marks an operation begun by another (dead) process as interrupted, and can resolve it', () => {
    const id = log.begin({
      operator: 'alice',
      operation: 'wipe',
      handset: HANDSET,
      correlator: 'c-1',
    });
    log.close();
    log = AuditLog.open(dir);
    const pending = log.recoverInterrupted();
    expect(pending.map((o) => [o.id, o.state])).toEqual([[id, 'interrupted']]);
    // A second recovery marks nothing new but still reports it unresolved.
    expect(log.recoverInterrupted().map((o) => o.id)).toEqual([id]);
    expect(log.list({ kind: 'interrupted' })).toHaveLength(1);
    log.complete(id, { outcome: 'succeeded', resultCode: 1201, detail: 'from LastOperation' });
    expect(log.operation(id)).toMatchObject({
      state: 'interrupted-then-completed',
      outcome: 'succeeded',
    });
    expect(log.recoverInterrupted()).toEqual([]);
    expect(log.verify().ok).toBe(true);
  });

  it('does not mark operations still in flight in this process as interrupted', () => {
    const id = log.begin({ operator: 'alice', operation: 'retrieve', handset: HANDSET });
    expect(log.recoverInterrupted()).toEqual([]);
    expect(log.operation(id)?.state).toBe('open');
  });

  it('exports CSV quoted per RFC 4180 and defused against formula injection', () => {
    log.begin({
      operator: 'alice',
      operation: 'raw-get',
      handset: { imei: '1', model: '=HYPERLINK("http://x","y")' },
      detail: 'line one\r\nline "two", end',
      correlator: '@SUM(A1)',
    });
    const reader = new AuditReader(dir);
    const csv = reader.export('csv');
    reader.close();
    const [header, line] = csv.split('\r\n');
    expect(header?.split(',')).toContain('prevHash');
    expect(line).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(line).toContain(`'@SUM(A1)`);
    expect(csv).toContain('"line one\r\nline ""two"", end"');
  });

  it('exports JSON with the log id and rows as recorded', () => {
    const id = log.begin({
      operator: 'alice',
      operation: 'lock',
      handset: HANDSET,
      selection: { items: ['A'] },
    });
    log.complete(id, { outcome: 'succeeded', resultCode: 1200 });
    const reader = new AuditReader(dir);
    const doc = JSON.parse(reader.export('json')) as {
      logId: string;
      rows: { selection: unknown }[];
    };
    reader.close();
    expect(doc.logId).toBe(log.logId);
    expect(doc.rows).toHaveLength(2);
    expect(doc.rows[0]?.selection).toEqual({ items: ['A'] });
  });

  it('keeps a head file naming the last row', () => {
    log.begin({ operator: 'alice', operation: 'lock', handset: HANDSET });
    const head = JSON.parse(readFileSync(join(dir, 'audit-head.json'), 'utf8')) as {
      count: number;
      hash: string;
    };
    expect(head.count).toBe(1);
    expect(head.hash).toBe(log.list()[0]?.hash);
  });
});
