import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  CALL_CSV_HEADER,
  readCalls,
  writeCallLine,
} from '../../../handset/data/formats/call-csv.js';
import {
  mergeCalendars,
  readEvents,
  writeEventCalendar,
} from '../../../handset/data/formats/icalendar.js';
import { readVCards21, writeVCard21 } from '../../../handset/data/formats/vcard21.js';
import { readVCards3, writeVCard3 } from '../../../handset/data/formats/vcard30.js';
import { readVMessages, writeVMessage } from '../../../handset/data/formats/vmessage.js';
import { decodeQp, encodeQp, parseVObjects } from '../../../handset/data/formats/vobject21.js';
import { readVNotes, writeVNote } from '../../../handset/data/formats/vnote.js';
import type { CalendarEvent, Contact, Message, Note } from '../../../handset/data/records.js';

const MIXED = 'Zoë Łukasz Ёлка Γιώργος محمد 王伟 佐藤 🎉 = ; , \\ end';

describe('vCard 3.0 (ical.js)', () => {
  const contact: Contact = {
    uid: 'urn:uuid:0f0e0d0c-0b0a-4098-8765-4321fedcba98',
    given: 'Łukasz',
    family: 'Wiśniewski; Jr.',
    formatted: 'Łukasz Wiśniewski 😀',
    org: 'Société Générale',
    title: '部長',
    phones: [
      { type: 'CELL', number: '+48 601 234 567' },
      { type: 'WORK', number: '+49 151 2345678' },
    ],
    emails: ['lukasz@przyklad.pl'],
    address: {
      street: 'ul. Żeromskiego 5, m. 3',
      city: 'Łódź',
      region: 'łódzkie',
      postcode: '90-001',
      country: 'Polska',
    },
    birthday: '1984-03-05',
    note: 'line one\nline two; with, punctuation',
    rev: Date.UTC(2024, 1, 3, 4, 5, 6),
  };

  it('round-trips every field, non-ASCII and separators included', () => {
    const text = writeVCard3(contact);
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    expect(readVCards3(text)).toEqual([contact]);
  });

  it('reads several cards and is what ical.js itself parses', () => {
    const text =
      writeVCard3(contact) + writeVCard3({ ...contact, uid: 'x', formatted: '佐藤 翔太' });
    const parsed = readVCards3(text);
    expect(parsed.map((c) => c.formatted)).toEqual(['Łukasz Wiśniewski 😀', '佐藤 翔太']);
    const jcard = ICAL.parse(writeVCard3(contact)) as unknown[];
    expect(new ICAL.Component(jcard).getFirstPropertyValue('version')).toBe('3.0');
  });
});

describe('vCard 2.1 (own writer, tolerant reader)', () => {
  it('writes non-ASCII as quoted-printable UTF-8, lines ≤ 76, no character split', () => {
    const text = writeVCard21({ name: 'Κατερίνα Β.', number: '+30 691 234 5678' });
    expect(text).toContain('FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:');
    for (const line of text.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      // a soft break may not separate the bytes of one character: no line starts mid-sequence
      expect(line).not.toMatch(/^=[89AB][0-9A-F]/);
    }
    expect(readVCards21(text)).toEqual([{ name: 'Κατερίνα Β.', number: '+30 691 234 5678' }]);
  });

  it('round-trips mixed scripts, emoji, separators and long values', () => {
    const name = MIXED.repeat(3);
    expect(readVCards21(writeVCard21({ name, number: '+7 916 123-45-67' }))).toEqual([
      { name, number: '+7 916 123-45-67' },
    ]);
  });

  it('reads what other phones write: LF ends, bare params, groups, Latin-1, folding', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:M=FCller;J=FCrgen',
      'item1.TEL;CELL;PREF:+49 171',
      ' 1234567',
      'X-UNKNOWN:whatever',
      'END:VCARD',
      'garbage line',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN;QUOTED-PRINTABLE:Ren=C3=A9',
      'TEL:112',
      'END:VCARD',
    ].join('\n');
    expect(readVCards21(text)).toEqual([
      { name: 'Müller Jürgen', number: '+49 171 1234567' },
      { name: 'René', number: '112' },
    ]);
  });

  it('QP encode/decode are inverse on arbitrary text', () => {
    const s = `${MIXED}\r\ntrailing space `;
    expect(Buffer.from(decodeQp(encodeQp(s, 0).replace(/=\r\n/g, ''))).toString('utf8')).toBe(s);
  });
});

describe('vNote 1.1 and vMessage 1.1', () => {
  it('round-trips a multi-line non-ASCII note', () => {
    const note: Note = {
      summary: 'Список дел ✅',
      body: 'Купить хлеб\n買い物\n\nΤέλος',
      created: Date.UTC(2023, 4, 6, 7, 8, 9),
      modified: Date.UTC(2023, 4, 7),
    };
    expect(readVNotes(writeVNote(note) + writeVNote(note))).toEqual([note, note]);
  });

  it('round-trips messages of both boxes, with and without a peer name', () => {
    const inbox: Message = {
      box: 'INBOX',
      read: false,
      peerNumber: '+971 50 123 4567',
      peerName: 'محمد العلي',
      date: Date.UTC(2024, 0, 2, 3, 4, 5),
      body: 'سأصل بعد عشر دقائق\nإن شاء الله 🌙',
    };
    const sent: Message = {
      box: 'SENT',
      read: true,
      peerNumber: '+86 138 1234 5678',
      date: Date.UTC(2024, 0, 3),
      body: '生日快乐！🎂',
    };
    const text = writeVMessage(inbox) + writeVMessage(sent);
    expect(text).toContain('X-IRMC-BOX:INBOX');
    expect(readVMessages(text)).toEqual([inbox, sent]);
  });

  it('a body line that reads END:VBODY survives', () => {
    const m: Message = {
      box: 'SENT',
      read: true,
      peerNumber: '123',
      date: 0,
      body: 'a\nEND:VBODY\nb',
    };
    expect(readVMessages(writeVMessage(m))[0]?.body).toBe('a\nEND:VBODY\nb');
  });

  it('the reader nests components', () => {
    const [msg] = parseVObjects(
      writeVMessage({ box: 'INBOX', read: true, peerNumber: '1', date: 0, body: 'x' }),
      ['VBODY'],
    );
    expect(msg?.name).toBe('VMSG');
    expect(msg?.children.map((c) => c.name)).toEqual(['VCARD', 'VENV']);
  });
});

describe('iCalendar (ical.js)', () => {
  const timed: CalendarEvent = {
    uid: 'a@x',
    summary: 'Réunion — 会议 🗓️',
    location: 'Salle Molière; 3e étage',
    description: 'Agenda:\n1. Q3, budget',
    start: Date.UTC(2024, 2, 4, 9, 30),
    end: Date.UTC(2024, 2, 4, 10, 30),
    allDay: false,
    rrule: 'FREQ=WEEKLY;BYDAY=MO,WE',
    alarmMinutes: 15,
    created: Date.UTC(2024, 1, 1, 12),
  };
  const allDay: CalendarEvent = {
    uid: 'b@x',
    summary: 'День рождения',
    start: Date.UTC(2024, 6, 1),
    end: Date.UTC(2024, 6, 2),
    allDay: true,
    rrule: 'FREQ=YEARLY',
    created: Date.UTC(2024, 0, 1),
  };

  it('round-trips timed, all-day, recurring events with alarms', () => {
    expect(readEvents(writeEventCalendar(timed))).toEqual([timed]);
    expect(readEvents(writeEventCalendar(allDay))).toEqual([allDay]);
  });

  it('merges per-record calendars into one VCALENDAR', () => {
    const merged = mergeCalendars([writeEventCalendar(timed), writeEventCalendar(allDay)]);
    expect(merged.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(readEvents(merged)).toEqual([timed, allDay]);
  });
});

describe('call log CSV', () => {
  it('round-trips quoting and non-ASCII names', () => {
    const calls = [
      {
        direction: 'missed' as const,
        number: '+33 6 12 34 56 78',
        name: 'Dupré, "Jérôme"',
        start: Date.UTC(2024, 0, 1, 8),
        durationSeconds: 0,
      },
      {
        direction: 'outgoing' as const,
        number: '+81 90-1234-5678',
        start: Date.UTC(2024, 0, 2),
        durationSeconds: 321,
      },
    ];
    expect(readCalls(CALL_CSV_HEADER + calls.map(writeCallLine).join(''))).toEqual(calls);
  });
});
