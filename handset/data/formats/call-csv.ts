/**
 * Call log as CSV (RFC 4180, `text/csv; header=present`): phones have no standard call
 * log exchange format, and a spreadsheet-readable table is what an examiner wants. One
 * record is one line; an export is {@link CALL_CSV_HEADER} followed by the lines.
 */
import type { Call } from '../records.js';

/** Column names, first line of an exported call log. */
export const CALL_CSV_HEADER = 'direction,number,name,start,duration_seconds\r\n';

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One call as a CSV line (CRLF-terminated). */
export function writeCallLine(c: Call): string {
  const start = new Date(c.start).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    [c.direction, c.number, c.name ?? '', start, String(c.durationSeconds)].map(field).join(',') +
    '\r\n'
  );
}

/** Splits CSV text into rows of fields (quotes, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length > 0) rows.push([...row, cur]);
  return rows;
}

/** Reads a call log (with or without the header line). */
export function readCalls(text: string): Call[] {
  return parseCsv(text)
    .filter((r) => r[0] !== 'direction' && r.length >= 5)
    .map(([direction = '', number = '', name = '', start = '', duration = '0']) => ({
      direction: direction === 'outgoing' || direction === 'missed' ? direction : 'incoming',
      number,
      ...(name !== '' ? { name } : {}),
      start: Date.parse(start),
      durationSeconds: Number(duration),
    }));
}
