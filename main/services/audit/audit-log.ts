/**
 * The console's audit log: an append-only, hash-chained SQLite table in the user's data
 * folder, with a head file that seals the end of the chain (see `head-file.ts`).
 *
 * Write-ahead use by the operation runner:
 *
 * 1. `begin(start)` appends a `started` row and returns its id — *before* the operation
 *    is sent to the handset. The commit is synchronous and fsynced.
 * 2. `complete(id, outcome)` appends a `completed` row referring to it; nothing is ever
 *    updated in place.
 * 3. After a crash, `recoverInterrupted()` appends an `interrupted` row for every start
 *    that has neither, and returns the unresolved operations so the runner can read the
 *    handset's `LastOperation` and `complete` them with the real outcome — an operation
 *    then reads "interrupted, then completed".
 *
 * One console process owns a log folder; readers (`cimo audit verify|ls|export`) may open
 * it read-only at the same time (WAL lets them).
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { GENESIS_HASH, jsonOrNull, rowHash } from './canonical.js';
import type { HashedColumns } from './canonical.js';
import { DB_FILE, openAuditDb } from './audit-db.js';
import type { DbRow } from './audit-db.js';
import { AuditStateError } from './errors.js';
import { headProblem } from './head-check.js';
import { HEAD_FILE, readHead, writeHead } from './head-file.js';
import { listOperations, listRows } from './queries.js';
import { verifyChain } from './verify-chain.js';
import type { AuditVerifyReport } from './verify-chain.js';
import type {
  AuditEvent,
  AuditFilter,
  AuditOperationView,
  AuditOutcome,
  AuditRow,
  AuditStart,
} from './types.js';

/** Options of {@link AuditLog.open}. */
export interface AuditLogOptions {
  /** Secret for the head file's HMAC (kept outside the folder, e.g. in `safeStorage`). */
  readonly headKey?: Uint8Array;
  /**
   * What to do when the head file does not match the database at open (rows deleted at
   * the end, head rewritten or missing): `'refuse'` (default) throws the
   * `AuditVerifyError`, so nothing overwrites the evidence; `'reset'` moves the old head
   * aside as `audit-head.json.broken-<time>`, appends a `head-reset` event saying why, and
   * carries on — for an administrator who has looked at the damage.
   */
  readonly onBrokenHead?: 'refuse' | 'reset';
  /** Clock, for tests; returns the time rows are stamped with. */
  readonly now?: () => Date;
}

/** An open audit log. Not safe to share one folder between two writing processes. */
export class AuditLog {
  readonly #db: Database.Database;
  readonly #headPath: string;
  readonly #logId: string;
  readonly #headKey: Uint8Array | undefined;
  readonly #now: () => Date;
  /** Starts begun by this process and not yet completed: never "interrupted". */
  readonly #inFlight = new Set<number>();
  /** Prepared once: every append runs both (a bench of 16 handsets appends ~100 rows). */
  #insertRow: Database.Statement | undefined;
  #selectTip: Database.Statement | undefined;
  #closed = false;

  private constructor(
    db: Database.Database,
    folder: string,
    logId: string,
    options: AuditLogOptions,
  ) {
    this.#db = db;
    this.#headPath = join(folder, HEAD_FILE);
    this.#logId = logId;
    this.#headKey = options.headKey;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Opens (creating if needed) the log in `folder`. Checks the head against the last
   * rows (a quick check, not the full chain): when the database is ahead of the head by
   * rows that chain onto it (a crash between commit and head write) it re-seals; when
   * the head names rows that are gone or differ, it throws `AuditVerifyError` unless
   * `onBrokenHead: 'reset'`.
   */
  static open(folder: string, options: AuditLogOptions = {}): AuditLog {
    mkdirSync(folder, { recursive: true });
    const { db, logId } = openAuditDb(join(folder, DB_FILE));
    const log = new AuditLog(db, folder, logId, options);
    try {
      log.#checkHeadAtOpen(options.onBrokenHead ?? 'refuse');
    } catch (e) {
      db.close();
      throw e;
    }
    return log;
  }

  /** Random id of this log (also in the head file and JSON exports). */
  get logId(): string {
    return this.#logId;
  }

  /**
   * Appends a `started` row and returns its id. Call before sending the operation: when
   * this returns, the row is committed and on disk.
   */
  begin(start: AuditStart): number {
    const id = this.#append(this.#startColumns('started', null, start));
    this.#inFlight.add(id);
    return id;
  }

  /**
   * Appends a `completed` row for the operation `id` (a `started` row id). May be called
   * for an operation marked interrupted (the runner learnt the real outcome from the
   * handset), and more than once (a later, better-informed result); rows are never edited.
   * Throws `AuditStateError('unknown-operation' | 'not-a-start')`.
   */
  complete(id: number, outcome: AuditOutcome): number {
    const start = this.#startRow(id);
    this.#inFlight.delete(id);
    return this.#append({
      ...this.#copyStart('completed', start),
      consent: jsonOrNull(outcome.consent) ?? start.consent,
      outcome: outcome.outcome,
      result_code: outcome.resultCode ?? null,
      result_source: outcome.resultSource ?? null,
      verification: jsonOrNull(outcome.verification),
      detail: outcome.detail ?? null,
    });
  }

  /** Appends a lone `event` row (a waiver given, consent asked, a vault export) and returns its id. */
  record(event: AuditEvent): number {
    return this.#append({
      ...this.#startColumns('event', null, event),
      outcome: event.outcome ?? null,
      result_code: event.resultCode ?? null,
      verification: jsonOrNull(event.verification),
    });
  }

  /**
   * Marks every `started` row that has no `completed` and no `interrupted` row (and was
   * not begun by this process) with an `interrupted` row, in one transaction. Returns
   * every operation still unresolved — marked now or by an earlier open — so the runner
   * can resolve them from the handset's `LastOperation`.
   */
  recoverInterrupted(): AuditOperationView[] {
    this.#assertOpen();
    const pending = this.#db
      .prepare(
        `SELECT * FROM audit s WHERE s.kind = 'started'
           AND NOT EXISTS (SELECT 1 FROM audit c WHERE c.ref = s.id AND c.kind = 'completed')
         ORDER BY s.id`,
      )
      .all() as DbRow[];
    const unresolved = pending.filter((s) => !this.#inFlight.has(s.id));
    const marked = new Set(
      (
        this.#db
          .prepare(`SELECT ref FROM audit WHERE kind = 'interrupted' AND ref IS NOT NULL`)
          .all() as { ref: number }[]
      ).map((r) => r.ref),
    );
    for (const s of unresolved) {
      if (marked.has(s.id)) continue;
      this.#append({
        ...this.#copyStart('interrupted', s),
        outcome: 'interrupted',
        detail: 'the console stopped before the result was recorded',
      });
    }
    const ids = new Set(unresolved.map((s) => s.id));
    return listOperations(this.#db, {}).filter((op) => ids.has(op.id));
  }

  /** Rows matching `filter`, in id order. */
  list(filter: AuditFilter = {}): AuditRow[] {
    this.#assertOpen();
    return listRows(this.#db, filter);
  }

  /** Operations (start + follow-ups) whose start matches `filter`; `outcome` filters on the final state. */
  operations(filter: AuditFilter = {}): AuditOperationView[] {
    this.#assertOpen();
    return listOperations(this.#db, filter);
  }

  /** One operation by its start id, or undefined. */
  operation(id: number): AuditOperationView | undefined {
    return this.operations({}).find((op) => op.id === id);
  }

  /** Full chain check (see `verifyChain`); never throws for a bad chain, reports it. */
  verify(): AuditVerifyReport {
    this.#assertOpen();
    return verifyChain(this.#db, this.#logId, readHead(this.#headPath), this.#headKey);
  }

  /** Closes the database. Further calls throw `AuditStateError('closed')`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AuditStateError('closed', 'the log is closed');
  }

  #startRow(id: number): DbRow {
    this.#assertOpen();
    const row = this.#db.prepare('SELECT * FROM audit WHERE id = ?').get(id) as DbRow | undefined;
    if (row === undefined) throw new AuditStateError('unknown-operation', `no row ${id}`);
    if (row.kind !== 'started')
      throw new AuditStateError(
        'not-a-start',
        `row ${id} is a ${row.kind} row, not a started operation`,
      );
    return row;
  }

  #startColumns(
    kind: string,
    ref: number | null,
    s: AuditStart,
  ): Omit<HashedColumns, 'at' | 'prev_hash'> {
    if (typeof s.operator !== 'string' || s.operator === '')
      throw new AuditStateError('bad-argument', 'operator is required');
    if (typeof s.operation !== 'string' || (s.operation as string) === '')
      throw new AuditStateError('bad-argument', 'operation is required');
    return {
      kind,
      ref,
      operator: s.operator,
      operation: s.operation,
      imei: s.handset?.imei ?? null,
      model: s.handset?.model ?? null,
      link: s.handset?.link ?? null,
      correlator: s.correlator ?? null,
      selection: jsonOrNull(s.selection),
      consent: jsonOrNull(s.consent),
      waiver: jsonOrNull(s.waiver),
      outcome: null,
      result_code: null,
      result_source: null,
      verification: null,
      detail: s.detail ?? null,
    };
  }

  /** Who/what/which handset of a start, repeated so each row reads on its own in exports. */
  #copyStart(kind: string, s: DbRow): Omit<HashedColumns, 'at' | 'prev_hash'> {
    return {
      kind,
      ref: s.id,
      operator: s.operator,
      operation: s.operation,
      imei: s.imei,
      model: s.model,
      link: s.link,
      correlator: s.correlator,
      selection: s.selection,
      consent: s.consent,
      waiver: s.waiver,
      outcome: null,
      result_code: null,
      result_source: null,
      verification: null,
      detail: null,
    };
  }

  /** Appends one row (tip read, hash, insert in one IMMEDIATE transaction), then reseals the head. */
  #append(cols: Omit<HashedColumns, 'at' | 'prev_hash'>): number {
    this.#assertOpen();
    const at = this.#now().toISOString();
    const { id, hash } = this.#db
      .transaction(() => {
        const tip = this.#tip();
        const full: HashedColumns = { ...cols, at, prev_hash: tip.hash };
        const h = rowHash(full);
        const newId = tip.id + 1;
        this.#insertRow ??= this.#db.prepare(
          `INSERT INTO audit (id, kind, ref, at, operator, operation, imei, model, link, correlator,
             selection, consent, waiver, outcome, result_code, result_source, verification, detail,
             prev_hash, hash)
           VALUES (@id, @kind, @ref, @at, @operator, @operation, @imei, @model, @link, @correlator,
             @selection, @consent, @waiver, @outcome, @result_code, @result_source, @verification,
             @detail, @prev_hash, @hash)`,
        );
        this.#insertRow.run({ ...full, id: newId, hash: h });
        return { id: newId, hash: h };
      })
      .immediate();
    this.#seal(id, hash);
    return id;
  }

  #tip(): { id: number; hash: string } {
    this.#selectTip ??= this.#db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    const row = this.#selectTip.get() as { id: number; hash: string } | undefined;
    return row ?? { id: 0, hash: GENESIS_HASH };
  }

  #seal(lastId: number, hash: string): void {
    writeHead(
      this.#headPath,
      { version: 1, logId: this.#logId, count: lastId, lastId, hash },
      this.#headKey,
    );
  }

  #checkHeadAtOpen(onBroken: 'refuse' | 'reset'): void {
    const tip = this.#tip();
    const read = readHead(this.#headPath);
    // A head sealed with a key we do not have: every append would reseal it without its
    // MAC, and the keyed console (the desktop app) would then refuse the head as forged.
    if (this.#headKey === undefined && read.kind === 'ok' && read.head.mac !== undefined)
      throw new AuditStateError(
        'head-key-needed',
        'the head is sealed with a key this process does not have: the desktop app keeps it in the OS keychain, so open this folder with the app, its keychain unlocked; reading the log (audit ls, export, verify) still works',
      );
    const problem = headProblem(this.#db, this.#logId, tip, read, this.#headKey);
    if (problem === undefined) {
      // Equal, or rows committed after the last head write (a crash in between): reseal.
      if (read.kind !== 'ok' || read.head.lastId !== tip.id) this.#seal(tip.id, tip.hash);
      return;
    }
    if (onBroken === 'refuse') throw problem;
    if (read.kind !== 'missing')
      renameSync(
        this.#headPath,
        `${this.#headPath}.broken-${this.#now().toISOString().replace(/[:.]/g, '-')}`,
      );
    this.#seal(tip.id, tip.hash);
    this.record({ operator: 'console', operation: 'head-reset', detail: problem.message });
  }
}
