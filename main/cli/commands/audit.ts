/**
 * `cimo audit ls|export|verify`: the audit log of a data folder, read-only (the
 * database is opened read-only and the head file never rewritten, so checking a damaged
 * log cannot repair or hide the damage). No vault key is needed and no handset is
 * touched. `verify` exits 1 naming the first bad row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { AuditReader, hasAuditLog } from '../../services/audit/read-only.js';
import type { AuditFilter, AuditRow } from '../../services/audit/types.js';
import { ConsoleCliError, EXIT, EXIT_HELP } from '../console/exit-codes.js';
import type { ExitCode } from '../console/exit-codes.js';
import { addDataOptions, dataFolder } from '../console/options.js';
import { runConsoleAction } from '../console/run-console-action.js';
import { printTable } from '../console/table.js';

interface AuditFlags {
  readonly data?: string;
  readonly json?: boolean;
  readonly imei?: string;
  readonly operation?: string;
  readonly operator?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: string;
  readonly format?: 'csv' | 'json';
  readonly out?: string;
}

function filterOf(f: AuditFlags): AuditFilter {
  const limit = f.limit === undefined ? undefined : Number(f.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new ConsoleCliError(
      `--limit: expected a positive integer, got "${f.limit ?? ''}"`,
      EXIT.usage,
    );
  return {
    ...(f.imei === undefined ? {} : { imei: f.imei }),
    ...(f.operation === undefined ? {} : { operation: f.operation }),
    ...(f.operator === undefined ? {} : { operator: f.operator }),
    ...(f.from === undefined ? {} : { from: f.from }),
    ...(f.to === undefined ? {} : { to: f.to }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** Opens the log of the data folder read-only; undefined when there is none yet. */
function withReader<T>(flags: AuditFlags, f: (r: AuditReader) => T): T | undefined {
  const folder = join(dataFolder(flags), 'audit');
  if (!hasAuditLog(folder)) return undefined;
  const reader = new AuditReader(folder);
  try {
    return f(reader);
  } finally {
    reader.close();
  }
}

function summary(r: AuditRow): string {
  const parts = [
    r.selection?.items === undefined ? '' : `items ${r.selection.items.join(',')}`,
    r.selection?.apps === undefined ? '' : `apps ${r.selection.apps.join(',')}`,
    r.selection?.path ?? '',
    r.waiver === null ? '' : `waiver by ${r.waiver.by}: "${r.waiver.reason}"`,
    r.consent === null ? '' : `consent ${r.consent.answer} (${r.consent.via})`,
    r.detail ?? '',
  ];
  return parts.filter((p) => p !== '').join('; ');
}

function lsAction(flags: AuditFlags): Promise<ExitCode> {
  const rows = withReader(flags, (r) => r.list(filterOf(flags))) ?? [];
  if (flags.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) process.stdout.write('no audit records\n');
  else
    printTable(
      ['ID', 'AT', 'KIND', 'OPERATOR', 'OPERATION', 'IMEI', 'OUTCOME', 'DETAIL'],
      rows.map((r) => [
        String(r.id),
        r.at,
        r.ref === null ? r.kind : `${r.kind}(${r.ref})`,
        r.operator,
        r.operation,
        r.imei ?? '',
        r.outcome === null ? '' : `${r.outcome}${r.resultCode === null ? '' : ` ${r.resultCode}`}`,
        summary(r),
      ]),
    );
  return Promise.resolve(EXIT.ok);
}

function exportAction(flags: AuditFlags): Promise<ExitCode> {
  const format = flags.format ?? 'csv';
  const text =
    withReader(flags, (r) => r.export(format, filterOf(flags))) ??
    (format === 'csv' ? '' : '{"records":[]}\n');
  if (flags.out === undefined) process.stdout.write(text);
  else writeFileSync(flags.out, text);
  return Promise.resolve(EXIT.ok);
}

function verifyAction(flags: AuditFlags): Promise<ExitCode> {
  const report = withReader(flags, (r) => r.verify());
  if (report === undefined) {
    if (flags.json === true) process.stdout.write(`${JSON.stringify({ ok: true, rows: 0 })}\n`);
    else process.stdout.write('no audit log yet: nothing to verify\n');
    return Promise.resolve(EXIT.ok);
  }
  if (report.ok) {
    if (flags.json === true) process.stdout.write(`${JSON.stringify(report)}\n`);
    else
      process.stdout.write(
        `audit log ok: ${report.rows} rows, chain intact, last row ${report.lastId}${
          report.unsealed > 0 ? ` (${report.unsealed} rows not yet sealed by the head file)` : ''
        }\n`,
      );
    return Promise.resolve(EXIT.ok);
  }
  const e = report.error;
  if (flags.json === true)
    process.stdout.write(
      `${JSON.stringify({ ok: false, code: e.code, rowId: e.rowId ?? null, message: e.message })}\n`,
    );
  process.stderr.write(`cimo audit verify: FAILED: ${e.message} [${e.code}]\n`);
  return Promise.resolve(EXIT.failed);
}

/** Adds `cimo audit …` to the program. */
export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('the audit log: list, export, verify the hash chain (read-only, no vault key)');
  const filters = (c: Command): Command =>
    c
      .option('--imei <imei>', 'only this handset')
      .option('--operation <op>', 'only this operation (wipe, retrieve, waiver, …)')
      .option('--operator <name>', 'only this operator')
      .option('--from <iso>', 'from this time (ISO 8601)')
      .option('--to <iso>', 'up to this time (ISO 8601)')
      .option('--limit <n>', 'at most this many rows (the newest)');
  filters(addDataOptions(audit.command('ls').description('list audit records, oldest first')))
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('audit ls', lsAction));
  filters(
    addDataOptions(audit.command('export').description('export audit records as CSV or JSON')),
  )
    .addOption(
      new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('audit export', exportAction));
  addDataOptions(
    audit
      .command('verify')
      .description('recompute the hash chain; exit 1 naming the first edited or missing row'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('audit verify', verifyAction));
}
