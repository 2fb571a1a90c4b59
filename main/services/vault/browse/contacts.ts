/**
 * Contacts from retrieved vCards: 3.0 and 4.0 through ical.js, 2.1 (and anything
 * ical.js refuses) through the tolerant reader. Plain data, for the browser and export.
 */
import ICAL from 'ical.js';
import { firstValue, parseVObjects, splitStructured } from './vobject.js';
import type { VComponent } from './vobject.js';

/** A phone number or e-mail address with its types (`CELL`, `HOME`, `WORK`…, upper case). */
export interface TypedValue {
  readonly value: string;
  readonly types: readonly string[];
}

/** One contact. */
export interface Contact {
  /** Display name: `FN`, else the parts of `N` joined. */
  readonly fullName: string;
  readonly family: string;
  readonly given: string;
  readonly phones: readonly TypedValue[];
  readonly emails: readonly TypedValue[];
  readonly org?: string;
  readonly title?: string;
  readonly note?: string;
  readonly birthday?: string;
  /** The vCard version the card declared (`2.1`, `3.0`, `4.0`). */
  readonly version: string;
}

const CARD = /BEGIN:VCARD[\s\S]*?END:VCARD/gi;

function contact(
  fn: string | undefined,
  n: readonly string[],
  rest: Omit<Contact, 'fullName' | 'family' | 'given'>,
): Contact {
  const [family = '', given = '', additional = '', prefix = '', suffix = ''] = n;
  const joined = [prefix, given, additional, family, suffix].filter((s) => s !== '').join(' ');
  return { ...rest, fullName: fn !== undefined && fn !== '' ? fn : joined, family, given };
}

const upper = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
    .flatMap((t) => String(t).split(','))
    .map((t) => t.toUpperCase());

function withIcal(text: string): Contact {
  const comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const str = (name: string): string | undefined => {
    const v = comp.getFirstPropertyValue(name);
    return v === null || v === undefined ? undefined : String(v);
  };
  const nValue = comp.getFirstPropertyValue('n');
  const n = Array.isArray(nValue)
    ? nValue.map((x) => (Array.isArray(x) ? x.join(' ') : String(x)))
    : typeof nValue === 'string'
      ? splitStructured(nValue)
      : [];
  const typed = (name: string): TypedValue[] =>
    comp
      .getAllProperties(name)
      .map((p) => ({ value: String(p.getFirstValue()), types: upper(p.getParameter('type')) }));
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> =>
    v === undefined ? {} : ({ [k]: v } as Record<K, string>);
  const org = comp.getFirstPropertyValue('org');
  return contact(str('fn'), n, {
    phones: typed('tel'),
    emails: typed('email'),
    ...opt(
      'org',
      Array.isArray(org)
        ? org.filter((s) => s !== '').join(', ')
        : org === null
          ? undefined
          : String(org),
    ),
    ...opt('title', str('title')),
    ...opt('note', str('note')),
    ...opt('birthday', str('bday')),
    version: str('version') ?? '3.0',
  });
}

function tolerant(c: VComponent): Contact {
  const typed = (name: string): TypedValue[] =>
    c.properties
      .filter((p) => p.name === name)
      .map((p) => ({
        value: p.value,
        types: upper(p.params.get('TYPE')).filter(
          (t) => t !== 'QUOTED-PRINTABLE' && t !== 'BASE64',
        ),
      }));
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> =>
    v === undefined ? {} : ({ [k]: v } as Record<K, string>);
  const n = firstValue(c, 'N');
  const org = firstValue(c, 'ORG');
  return contact(firstValue(c, 'FN'), n === undefined ? [] : splitStructured(n), {
    phones: typed('TEL'),
    emails: typed('EMAIL'),
    ...opt(
      'org',
      org === undefined
        ? undefined
        : splitStructured(org)
            .filter((s) => s !== '')
            .join(', '),
    ),
    ...opt('title', firstValue(c, 'TITLE')),
    ...opt('note', firstValue(c, 'NOTE')),
    ...opt('birthday', firstValue(c, 'BDAY')),
    version: firstValue(c, 'VERSION') ?? '2.1',
  });
}

/**
 * Every contact in a vCard text (one or many cards). Cards declaring 3.0 or 4.0 are read
 * with ical.js; 2.1 cards, and cards ical.js rejects, with the tolerant reader. Never
 * throws; a card neither can read is skipped.
 */
export function parseContacts(text: string): Contact[] {
  const out: Contact[] = [];
  for (const card of text.match(CARD) ?? []) {
    const version = /^VERSION:\s*([\d.]+)/im.exec(card)?.[1];
    if (version === '3.0' || version === '4.0') {
      try {
        out.push(withIcal(card));
        continue;
      } catch {
        // ical.js is strict; fall through to the tolerant reader.
      }
    }
    const [c] = parseVObjects(card);
    if (c !== undefined) out.push(tolerant(c));
  }
  return out;
}
