/** SIM phone book records as vCard 2.1 (what phones exchange for SIM/ADN entries). */
import type { SimContact } from '../records.js';
import {
  escapeComponent,
  firstValue,
  parseVObjects,
  prop21,
  splitStructured,
} from './vobject21.js';

/** One SIM entry as a vCard 2.1 object; non-ASCII names go quoted-printable UTF-8. */
export function writeVCard21(c: SimContact): string {
  return (
    'BEGIN:VCARD\r\n' +
    'VERSION:2.1\r\n' +
    prop21('N', [], `${escapeComponent(c.name)};;;;`) +
    prop21('FN', [], c.name) +
    prop21('TEL', ['CELL'], c.number) +
    'END:VCARD\r\n'
  );
}

/** Reads every vCard in `text` (2.1 syntax, tolerant of 3.0-style lines too). */
export function readVCards21(text: string): SimContact[] {
  return parseVObjects(text)
    .filter((c) => c.name === 'VCARD')
    .map((c) => {
      const n = firstValue(c, 'N');
      const name =
        firstValue(c, 'FN') ??
        (n === undefined
          ? ''
          : splitStructured(n)
              .filter((s) => s !== '')
              .join(' '));
      return { name, number: firstValue(c, 'TEL') ?? '' };
    });
}
