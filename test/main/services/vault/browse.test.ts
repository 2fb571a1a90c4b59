import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Vault,
  listContacts,
  listEvents,
  listNotes,
  listPhotos,
  parseContacts,
} from '../../../../main/services/vault/index.js';
import { CUSTOMER_OBJECTS, JPEG } from './customer-data.js';
import { manifestOf, quickPass, tempFolder } from './vault-support.js';

describe('vault browse', () => {
  let dir: string;
  let cleanup: () => void;
  let vault: Vault;
  let id: string;
  beforeEach(async () => {
    ({ dir, cleanup } = tempFolder());
    vault = await Vault.open(dir, quickPass());
    id = vault.beginRetrieval({
      imei: '356938035643809',
      correlator: 'r',
      manifest: manifestOf(CUSTOMER_OBJECTS),
    });
    for (const [i, o] of CUSTOMER_OBJECTS.entries()) await vault.storeObject(id, i, o.bytes);
    vault.finish(id);
  });
  afterEach(() => {
    vault.close();
    cleanup();
  });

  it('lists contacts from vCard 3.0 (ical.js) and 2.1 with quoted-printable UTF-8', async () => {
    const contacts = await listContacts(vault, id);
    expect(contacts.map((c) => [c.fullName, c.version, c.item])).toEqual([
      ['Zebulon Quartermaine', '3.0', 'PhoneBook'],
      ['Žofie Šťastná-Dvořáková', '3.0', 'PhoneBook'],
      ['渡辺 さくら', '3.0', 'PhoneBook'],
      ['Bartholomew Fairweather', '2.1', 'SimPhoneBook'],
      ['Jürgen Größmann', '2.1', 'SimPhoneBook'],
    ]);
    const [zeb, zofie, , bart, jurgen] = contacts;
    expect(zeb).toMatchObject({
      family: 'Quartermaine',
      given: 'Zebulon',
      org: 'Quartermaine Shipping',
      verified: true,
      object: 0,
    });
    expect(zeb?.phones).toEqual([{ value: '+420 777 123 456', types: ['CELL'] }]);
    expect(zeb?.emails).toEqual([{ value: 'zebulon.q@example.org', types: ['INTERNET'] }]);
    expect(zofie?.phones[0]?.types).toEqual(['HOME', 'VOICE']);
    expect(bart?.phones).toEqual([{ value: '+44 7700 900123', types: ['CELL'] }]);
    expect(jurgen).toMatchObject({ family: 'Größmann', given: 'Jürgen' });
    expect(jurgen?.phones[0]?.types).toEqual(['WORK', 'VOICE']);
  });

  it('falls back to the tolerant reader when ical.js rejects a 3.0 card, and reads a bare 2.1 base64 param', () => {
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Odd Card\nTEL;CELL:123\nEND:VCARD\n';
    expect(parseContacts(text)).toEqual([
      expect.objectContaining({
        fullName: 'Odd Card',
        phones: [{ value: '123', types: ['CELL'] }],
      }),
    ]);
  });

  it('lists calendar events, timed and all-day', async () => {
    const events = await listEvents(vault, id);
    expect(events).toEqual([
      expect.objectContaining({
        uid: 'ev-1',
        summary: 'Dinner with Zebulon',
        location: 'Prague',
        start: '2025-03-14T19:00:00.000Z',
        end: '2025-03-14T21:00:00.000Z',
        allDay: false,
      }),
      expect.objectContaining({
        uid: 'ev-2',
        summary: 'Holiday',
        start: '2025-04-01',
        allDay: true,
        rrule: 'FREQ=YEARLY',
      }),
    ]);
  });

  it('reads vCalendar 1.0 events with the tolerant reader', async () => {
    const { parseEvents } = await import('../../../../main/services/vault/index.js');
    const vcs =
      'BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nSUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Z=C3=A1kazn=C3=ADk\r\nDTSTART:20250102T090000Z\r\nDTEND:20250102T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(parseEvents(vcs)).toEqual([
      {
        uid: null,
        summary: 'Zákazník',
        start: '2025-01-02T09:00:00.000Z',
        end: '2025-01-02T10:00:00.000Z',
        allDay: false,
      },
    ]);
  });

  it('lists notes with their quoted-printable body decoded', async () => {
    expect(await listNotes(vault, id)).toEqual([
      {
        body: 'Buy saffron for Žofie\r\nand tea',
        modified: '20250301T080000Z',
        object: 3,
        item: 'Notes',
        verified: true,
      },
    ]);
  });

  it('lists photos and returns their bytes', async () => {
    const photos = listPhotos(vault, id);
    expect(photos.map((p) => [p.index, p.name, p.type, p.size])).toEqual([
      [4, 'Zebulon Quartermaine beach.jpg', 'image/jpeg', JPEG.length],
    ]);
    expect(Buffer.compare(await vault.readObject(id, 4), JPEG)).toBe(0);
  });
});
