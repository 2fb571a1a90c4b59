/** Generated people: the device phone book, and the SIM entries and peers derived from it. */
import type { Prng } from '../prng.js';
import { SIM_NAME_MAX } from '../records.js';
import type { Contact, Phone, SimContact } from '../records.js';
import { LOCALES, fillPattern } from './corpus.js';
import { ORGS, TITLES } from './texts.js';

const DAY = 86_400_000;

/** Latin-only mailbox name: diacritics stripped; other scripts fall back to `user<n>`. */
function mailbox(given: string, family: string, n: number): string {
  const ascii = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[ßłŁøØ]/g, (c) => ({ ß: 'ss', ł: 'l', Ł: 'l', ø: 'o', Ø: 'o' })[c] ?? c)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  const g = ascii(given);
  const f = ascii(family);
  return g !== '' && f !== '' ? `${g}.${f}${n % 7 === 0 ? n : ''}` : `user${n}`;
}

/** `YYYY-MM-DD` of a day `years` years before `now`, give or take. */
function birthday(r: Prng, now: number): string {
  const t = now - r.int(18 * 365, 80 * 365) * DAY;
  return new Date(t).toISOString().slice(0, 10);
}

/** Makes `count` contacts, `now` being the handset's "today". */
export function makeContacts(r: Prng, count: number, now: number): Contact[] {
  const out: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const loc = r.pick(LOCALES);
    const given = r.pick(loc.given);
    const family = r.pick(loc.family);
    const formatted = loc.familyFirst === true ? `${family}${given}` : `${given} ${family}`;
    const phones: Phone[] = [{ type: 'CELL', number: loc.mobile(r) }];
    if (r.chance(0.3))
      phones.push({ type: r.pick(['HOME', 'WORK'] as const), number: loc.mobile(r) });
    const [city, region] = r.pick(loc.cities);
    const withOrg = r.chance(0.35);
    const note = r.chance(0.15)
      ? r.pick([
          'Nachbar 🏡',
          'Collègue',
          'Одноклассник',
          '大学の友達',
          '同事',
          'Plumber — reliable!',
          'Κουμπάρος',
        ])
      : undefined;
    out.push({
      uid: `urn:uuid:${hexUuid(r)}`,
      given,
      family,
      formatted,
      ...(withOrg ? { org: r.pick(ORGS), title: r.pick(TITLES) } : {}),
      phones,
      emails: r.chance(0.6) ? [`${mailbox(given, family, i)}@${loc.mailDomain}`] : [],
      ...(r.chance(0.5)
        ? {
            address: {
              street: `${r.pick(loc.streets)} ${r.int(1, 120)}`,
              city,
              region,
              postcode: fillPattern(r, loc.postcode),
              country: loc.country,
            },
          }
        : {}),
      ...(r.chance(0.45) ? { birthday: birthday(r, now) } : {}),
      ...(note !== undefined ? { note } : {}),
      rev: now - r.int(0, 900) * DAY - r.int(0, DAY - 1),
    });
  }
  return out;
}

/** A random RFC 4122 version-4 UUID from the generator. */
export function hexUuid(r: Prng): string {
  const h = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += r.int(0, 15).toString(16);
    return s;
  };
  return `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

/** Cuts to at most `max` code points (never halving a surrogate pair). */
export function truncateChars(s: string, max: number): string {
  return [...s].slice(0, max).join('').trim();
}

/**
 * SIM entries: short forms of some contacts' names (given name + family initial, cut to
 * {@link SIM_NAME_MAX} characters, as old phones abbreviated them) with their mobile
 * number, plus a few service numbers.
 */
export function makeSimContacts(
  r: Prng,
  contacts: readonly Contact[],
  count: number,
): SimContact[] {
  const services: SimContact[] = [
    { name: 'Mailbox', number: '+49 176 0000333' },
    { name: 'Notruf', number: '112' },
    { name: 'Service-Hotline', number: '+49 800 3302202' },
  ];
  const out: SimContact[] = [];
  for (let i = 0; i < count; i++) {
    if (i < services.length && count > 10) {
      const s = services[i];
      if (s !== undefined)
        out.push({ name: truncateChars(s.name, SIM_NAME_MAX), number: s.number });
      continue;
    }
    const c = contacts.length > 0 ? r.pick(contacts) : undefined;
    const full = c === undefined ? `Kontakt ${i + 1}` : `${c.given} ${[...c.family][0] ?? ''}.`;
    out.push({
      name: truncateChars(full, SIM_NAME_MAX),
      number: c?.phones[0]?.number ?? `+49 151 ${r.digits(7)}`,
    });
  }
  return out;
}
