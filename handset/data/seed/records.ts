/** Generates and writes the record stores of a seeded handset. */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { ensureDir } from '../files.js';
import { writeCallLine } from '../formats/call-csv.js';
import { writeEventCalendar } from '../formats/icalendar.js';
import { writeVCard21 } from '../formats/vcard21.js';
import { writeVCard3 } from '../formats/vcard30.js';
import { writeVMessage } from '../formats/vmessage.js';
import { writeVNote } from '../formats/vnote.js';
import { layoutOf, recordFileName } from '../layout.js';
import type { Prng } from '../prng.js';
import { SIM_MAX_ENTRIES } from '../records.js';
import type { Call, CalendarEvent, Contact, Message, Note } from '../records.js';
import { LOCALES } from './corpus.js';
import { EVENTS, NOTES, SERVICE_SMS } from './texts.js';
import { hexUuid, makeContacts, makeSimContacts } from './people.js';
import type { ProfileSize } from './profiles.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Writes `texts` as record files 000001.<ext> ... of item `id`. */
async function writeRecords(root: string, id: string, texts: readonly string[]): Promise<void> {
  const layout = layoutOf(id);
  if (layout?.kind !== 'records') throw new Error(`${id} is not a record store`);
  const dir = join(root, layout.dir);
  await ensureDir(dir);
  // Bounded parallelism: thousands of small files, but not thousands of open handles.
  const BATCH = 64;
  for (let i = 0; i < texts.length; i += BATCH) {
    await Promise.all(
      texts
        .slice(i, i + BATCH)
        .map((t, j) => writeFile(join(dir, recordFileName(i + j + 1, layout.ext)), t)),
    );
  }
}

function makeEvents(r: Prng, count: number, now: number): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (let i = 0; i < count; i++) {
    const [summary, location, rrule] = r.pick(EVENTS);
    const allDay = rrule === 'FREQ=YEARLY' || r.chance(0.1);
    const day = Math.floor(now / DAY) + r.int(-180, 180);
    const start = allDay
      ? day * DAY
      : day * DAY + r.int(7, 19) * HOUR + r.pick([0, 15, 30, 45]) * MIN;
    const end = allDay ? start + DAY : start + r.pick([30, 45, 60, 90, 120]) * MIN;
    out.push({
      uid: `${hexUuid(r)}@cimo-handset`,
      summary,
      ...(location !== undefined ? { location } : {}),
      ...(r.chance(0.2)
        ? {
            description: r.pick([
              'Bitte Unterlagen mitbringen.',
              'Ne pas oublier le badge.',
              'Не опаздывать!',
              '資料を準備すること',
              'Agenda: Q3 review, budget, AOB',
            ]),
          }
        : {}),
      start,
      end,
      allDay,
      ...(rrule !== undefined ? { rrule } : {}),
      ...(r.chance(0.5) ? { alarmMinutes: r.pick([5, 10, 15, 30, 60, 1440]) } : {}),
      created: start - r.int(1, 60) * DAY,
    });
  }
  return out;
}

function makeNotes(r: Prng, count: number, now: number): Note[] {
  return Array.from({ length: count }, (_, i) => {
    const [summary, body] = NOTES[i % NOTES.length] ?? ['', ''];
    const created = now - r.int(1, 700) * DAY - r.int(0, DAY - 1);
    return { summary, body, created, modified: created + r.int(0, 30) * DAY };
  });
}

function makeMessages(
  r: Prng,
  count: number,
  now: number,
  contacts: readonly Contact[],
): Message[] {
  const out: Message[] = [];
  let t = now - count * 97 * MIN;
  for (let i = 0; i < count; i++) {
    t += r.int(1, 190) * MIN + r.int(0, 59_000);
    const loc = r.pick(LOCALES);
    const known = contacts.length > 0 && r.chance(0.8) ? r.pick(contacts) : undefined;
    const service = known === undefined && r.chance(0.5);
    const box = service ? 'INBOX' : r.chance(0.55) ? 'INBOX' : 'SENT';
    out.push({
      box,
      read: box === 'SENT' || r.chance(0.9),
      peerNumber: service
        ? r.pick(['+49 800 1234567', 'DHL', '+7 900 0000000', 'BANK'])
        : (known?.phones[0]?.number ?? loc.mobile(r)),
      ...(known !== undefined ? { peerName: known.formatted } : {}),
      date: t,
      body: service
        ? r.pick(SERVICE_SMS)
        : r.chance(0.15)
          ? `${r.pick(loc.sms)}\n${r.pick(loc.sms)}`
          : r.pick(loc.sms),
    });
  }
  return out;
}

function makeCalls(r: Prng, count: number, now: number, contacts: readonly Contact[]): Call[] {
  const out: Call[] = [];
  let t = now - count * 131 * MIN;
  for (let i = 0; i < count; i++) {
    t += r.int(5, 250) * MIN + r.int(0, 59_000);
    const known = contacts.length > 0 && r.chance(0.75) ? r.pick(contacts) : undefined;
    const direction = r.pick(['incoming', 'outgoing', 'outgoing', 'missed'] as const);
    out.push({
      direction,
      number: known?.phones[0]?.number ?? r.pick(LOCALES).mobile(r),
      ...(known !== undefined ? { name: known.formatted } : {}),
      start: t,
      durationSeconds: direction === 'missed' ? 0 : r.int(3, 2400),
    });
  }
  return out;
}

/** Generates every record store from `r` and writes them under `root`. */
export async function seedRecords(
  root: string,
  r: Prng,
  size: ProfileSize,
  now: number,
): Promise<void> {
  const contacts = makeContacts(r.fork('contacts'), size.contacts, now);
  const sim = makeSimContacts(r.fork('sim'), contacts, Math.min(SIM_MAX_ENTRIES, size.simContacts));
  await writeRecords(root, 'PhoneBook', contacts.map(writeVCard3));
  await writeRecords(root, 'SIMPhoneBook', sim.map(writeVCard21));
  await writeRecords(
    root,
    'Calendar',
    makeEvents(r.fork('events'), size.events, now).map(writeEventCalendar),
  );
  await writeRecords(root, 'Notes', makeNotes(r.fork('notes'), size.notes, now).map(writeVNote));
  await writeRecords(
    root,
    'Messages',
    makeMessages(r.fork('messages'), size.messages, now, contacts).map(writeVMessage),
  );
  await writeRecords(
    root,
    'CallLog',
    makeCalls(r.fork('calls'), size.calls, now, contacts).map(writeCallLine),
  );
}
