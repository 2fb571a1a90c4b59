/** Device phone book records as vCard 3.0 (RFC 2426), written and read with ical.js. */
import ICAL from 'ical.js';
import type { Address, Contact, Phone } from '../records.js';

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One contact as a vCard 3.0 object (CRLF line ends, folded by ical.js). */
export function writeVCard3(c: Contact): string {
  const card = new ICAL.Component('vcard');
  // VERSION first: that is how ical.js picks its vCard 3.0 rules when writing.
  card.addPropertyWithValue('version', '3.0');
  card.addPropertyWithValue('prodid', '-//CIMO//Reference Handset//EN');
  card.addPropertyWithValue('uid', c.uid);
  card.addPropertyWithValue('fn', c.formatted);
  const n = new ICAL.Property('n');
  n.setValue([c.family, c.given, '', '', '']);
  card.addProperty(n);
  if (c.org !== undefined) card.addPropertyWithValue('org', c.org);
  if (c.title !== undefined) card.addPropertyWithValue('title', c.title);
  for (const p of c.phones) {
    const tel = new ICAL.Property('tel');
    tel.setParameter('type', [p.type, 'VOICE']);
    tel.setValue(p.number);
    card.addProperty(tel);
  }
  for (const e of c.emails) {
    const email = new ICAL.Property('email');
    email.setParameter('type', ['INTERNET']);
    email.setValue(e);
    card.addProperty(email);
  }
  if (c.address !== undefined) {
    const a = c.address;
    const adr = new ICAL.Property('adr');
    adr.setParameter('type', ['HOME']);
    adr.setValue(['', '', a.street, a.city, a.region, a.postcode, a.country]);
    card.addProperty(adr);
  }
  if (c.birthday !== undefined) card.addPropertyWithValue('bday', c.birthday);
  if (c.note !== undefined) card.addPropertyWithValue('note', c.note);
  card.addPropertyWithValue('rev', isoUtc(c.rev));
  return card.toString() + '\r\n';
}

function text(card: ICAL.Component, name: string): string | undefined {
  const v: unknown = card.getFirstPropertyValue(name);
  return v === null || v === undefined ? undefined : String(v);
}

function structured(card: ICAL.Component, name: string): string[] | undefined {
  const p = card.getFirstProperty(name);
  if (p === null) return undefined;
  const v: unknown = p.getFirstValue();
  return Array.isArray(v)
    ? v.map((x) => (Array.isArray(x) ? x.join(',') : String(x)))
    : [String(v)];
}

function phoneType(types: unknown): Phone['type'] {
  const list = (Array.isArray(types) ? types : [types]).map((t) => String(t).toUpperCase());
  return list.includes('WORK') ? 'WORK' : list.includes('HOME') ? 'HOME' : 'CELL';
}

/** Reads every vCard in `text` (ical.js parser; 3.0 and 4.0 syntax). */
export function readVCards3(textIn: string): Contact[] {
  const parsed: unknown = ICAL.parse(textIn);
  // One card parses to a jCard, several to a list of them.
  const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((j) => {
    const card = new ICAL.Component(j as unknown[]);
    const [family = '', given = ''] = structured(card, 'n') ?? [];
    const adr = structured(card, 'adr');
    const address: Address | undefined =
      adr === undefined
        ? undefined
        : {
            street: adr[2] ?? '',
            city: adr[3] ?? '',
            region: adr[4] ?? '',
            postcode: adr[5] ?? '',
            country: adr[6] ?? '',
          };
    const bday = text(card, 'bday');
    const rev = text(card, 'rev');
    const org = text(card, 'org');
    const title = text(card, 'title');
    const note = text(card, 'note');
    return {
      uid: text(card, 'uid') ?? '',
      given,
      family,
      formatted: text(card, 'fn') ?? '',
      ...(org !== undefined ? { org } : {}),
      ...(title !== undefined ? { title } : {}),
      phones: card.getAllProperties('tel').map((p) => ({
        type: phoneType(p.getParameter('type')),
        number: String(p.getFirstValue()),
      })),
      emails: card.getAllProperties('email').map((p) => String(p.getFirstValue())),
      ...(address !== undefined ? { address } : {}),
      ...(bday !== undefined ? { birthday: bday.slice(0, 10) } : {}),
      ...(note !== undefined ? { note } : {}),
      rev: rev === undefined ? 0 : Date.parse(rev),
    };
  });
}
