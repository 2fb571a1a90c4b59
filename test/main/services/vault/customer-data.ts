/**
 * A retrieval with distinctive customer data: vCards 3.0 and 2.1 (quoted-printable,
 * non-ASCII names), an iCalendar, a vNote and a real JPEG, under handset names that
 * contain personal names too.
 */
import jpeg from 'jpeg-js';
import type { Fixture } from './vault-support.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Strings that must never appear in plain text under the vault folder. */
export const SECRETS = [
  'Zebulon Quartermaine',
  'Quartermaine',
  'Žofie Šťastná-Dvořáková',
  'Šťastná',
  '渡辺 さくら',
  'Bartholomew Fairweather',
  'Jürgen Größmann',
  'zebulon.q@example.org',
  '+420 777 123 456',
  'Dinner with Zebulon',
  'Kontakte von Žofie',
  'Buy saffron for Žofie',
  '356938035643809',
];

const VCARD30 = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Quartermaine;Zebulon;;;',
  'FN:Zebulon Quartermaine',
  'TEL;TYPE=CELL:+420 777 123 456',
  'EMAIL;TYPE=INTERNET:zebulon.q@example.org',
  'ORG:Quartermaine Shipping',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Šťastná-Dvořáková;Žofie;;;',
  'FN:Žofie Šťastná-Dvořáková',
  'TEL;TYPE=HOME,VOICE:+420 222 333 444',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:渡辺;さくら;;;',
  'FN:渡辺 さくら',
  'END:VCARD',
  '',
].join('\r\n');

// "Jürgen Größmann" in quoted-printable UTF-8, with a soft line break inside the FN.
const VCARD21 = [
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:Fairweather;Bartholomew',
  'FN:Bartholomew Fairweather',
  'TEL;CELL:+44 7700 900123',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=B6=C3=9Fmann;J=C3=BCrgen',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen Gr=C3=B6=',
  '=C3=9Fmann',
  'TEL;WORK;VOICE:+49 30 1234567',
  'END:VCARD',
  '',
].join('\r\n');

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:ev-1',
  'DTSTAMP:20250101T000000Z',
  'DTSTART:20250314T190000Z',
  'DTEND:20250314T210000Z',
  'SUMMARY:Dinner with Zebulon',
  'LOCATION:Prague',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ev-2',
  'DTSTAMP:20250101T000000Z',
  'DTSTART;VALUE=DATE:20250401',
  'DTEND;VALUE=DATE:20250402',
  'SUMMARY:Holiday',
  'RRULE:FREQ=YEARLY',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const VNOTE = [
  'BEGIN:VNOTE',
  'VERSION:1.1',
  'BODY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Buy saffron for =C5=BDofie=0D=0Aand tea',
  'DCREATED:20250301T080000Z',
  'END:VNOTE',
  '',
].join('\r\n');

function photo(): Uint8Array {
  const width = 96;
  const height = 64;
  const data = Buffer.alloc(width * height * 4);
  let x = 12345;
  for (let i = 0; i < data.length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : (x >>> 16) & 0xff;
  }
  return new Uint8Array(jpeg.encode({ width, height, data }, 90).data);
}

/** The JPEG's bytes. */
export const JPEG = photo();

/** The retrieval's objects, in manifest order. */
export const CUSTOMER_OBJECTS: readonly Fixture[] = [
  { info: 'PhoneBook', name: 'Kontakte von Žofie.vcf', type: 'text/vcard', bytes: enc(VCARD30) },
  {
    info: 'SimPhoneBook',
    name: 'sim/Zebulon Quartermaine.vcf',
    type: 'text/x-vcard',
    bytes: enc(VCARD21),
  },
  { info: 'Calendar', name: 'Dinner with Zebulon.ics', type: 'text/calendar', bytes: enc(ICS) },
  { info: 'Notes', name: 'note-1.vnt', type: 'text/x-vnote', bytes: enc(VNOTE) },
  { info: 'Photos', name: 'Zebulon Quartermaine beach.jpg', type: 'image/jpeg', bytes: JPEG },
];
