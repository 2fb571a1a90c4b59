/**
 * Exports of audit rows for people and other tools: CSV (RFC 4180) and JSON.
 *
 * CSV injection: spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@`
 * (and, in some, TAB or CR) as a formula, and handset- or operator-typed text (a model
 * name, a detail) could start with one. Such cells are written with a leading `'`, which
 * spreadsheets show as text; the original value is the cell without that first quote.
 * The JSON export is never altered this way.
 */
import type { AuditRow } from './types.js';

/** CSV columns, in order. JSON-valued columns are written as compact JSON text. */
export const CSV_COLUMNS = [
  'id',
  'kind',
  'ref',
  'at',
  'operator',
  'operation',
  'imei',
  'model',
  'link',
  'correlator',
  'selection',
  'consent',
  'waiver',
  'outcome',
  'resultCode',
  'resultSource',
  'verification',
  'detail',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: null is empty; objects are JSON; a value starting with `= + - @`, TAB or
 * CR gets a leading `'`; a value containing `,` `"` CR or LF is quoted with inner quotes
 * doubled.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text with a header line, CRLF line ends (RFC 4180). */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows as a JSON document: `{logId, exportedAt, rows}`, pretty-printed. */
export function auditJson(
  logId: string,
  rows: readonly AuditRow[],
  exportedAt = new Date(),
): string {
  return `${JSON.stringify({ logId, exportedAt: exportedAt.toISOString(), rows }, null, 2)}\n`;
}
