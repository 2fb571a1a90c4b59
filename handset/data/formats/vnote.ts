/** Notes as vNote 1.1 (the IrMC note format phones sync). */
import type { Note } from '../records.js';
import { firstValue, parseVObjects, prop21 } from './vobject21.js';

/** `YYYYMMDDTHHMMSSZ`. */
export function basicUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Parses `YYYYMMDDTHHMMSS[Z]` (taken as UTC); NaN when malformed. */
export function parseBasicUtc(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?Z?$/.exec(s.trim());
  if (m === null) return NaN;
  const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
}

/** One note as a vNote 1.1 object. */
export function writeVNote(n: Note): string {
  return (
    'BEGIN:VNOTE\r\n' +
    'VERSION:1.1\r\n' +
    prop21('SUMMARY', [], n.summary) +
    prop21('BODY', [], n.body) +
    `DCREATED:${basicUtc(n.created)}\r\n` +
    `LAST-MODIFIED:${basicUtc(n.modified)}\r\n` +
    'END:VNOTE\r\n'
  );
}

/** Reads every vNote in `text`. */
export function readVNotes(text: string): Note[] {
  return parseVObjects(text)
    .filter((c) => c.name === 'VNOTE')
    .map((c) => {
      const body = firstValue(c, 'BODY') ?? '';
      return {
        summary: firstValue(c, 'SUMMARY') ?? body.split(/\r?\n/)[0] ?? '',
        body,
        created: parseBasicUtc(firstValue(c, 'DCREATED') ?? ''),
        modified: parseBasicUtc(firstValue(c, 'LAST-MODIFIED') ?? ''),
      };
    });
}
