/** Notes from retrieved vNotes (`BODY`, often quoted-printable) or plain text. */
import { firstValue, parseVObjects } from './vobject.js';

/** One note. */
export interface NoteEntry {
  readonly body: string;
  readonly summary?: string;
  /** `LAST-MODIFIED` or `DCREATED` as given. */
  readonly modified?: string;
}

/** Notes of a vNote text (one or many `VNOTE` blocks); a text with none is one plain note. Never throws. */
export function parseNotes(text: string): NoteEntry[] {
  const notes = parseVObjects(text).filter((c) => c.name === 'VNOTE');
  if (notes.length === 0) return text.trim() === '' ? [] : [{ body: text }];
  return notes.map((c) => {
    const summary = firstValue(c, 'SUMMARY');
    const modified = firstValue(c, 'LAST-MODIFIED') ?? firstValue(c, 'DCREATED');
    return {
      body: firstValue(c, 'BODY') ?? '',
      ...(summary === undefined ? {} : { summary }),
      ...(modified === undefined ? {} : { modified }),
    };
  });
}
