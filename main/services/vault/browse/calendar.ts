/** Calendar events from retrieved iCalendar (ical.js) or vCalendar 1.0 (tolerant reader). */
import ICAL from 'ical.js';
import { firstValue, parseVObjects } from './vobject.js';

/** One event. Times are ISO 8601 (UTC `…Z` when the source gave a zone, local otherwise); all-day dates are `YYYY-MM-DD`. */
export interface CalendarEntry {
  readonly uid: string | null;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly allDay: boolean;
  /** The RRULE as text, when the event repeats. */
  readonly rrule?: string;
}

function icalTime(t: ICAL.Time | null | undefined): string | null {
  if (t === null || t === undefined) return null;
  if (t.isDate) return t.toString();
  return t.zone === ICAL.Timezone.utcTimezone || t.zone?.tzid === 'UTC'
    ? t.toJSDate().toISOString()
    : t.toString();
}

function withIcal(text: string): CalendarEntry[] {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    const rrule = c.getFirstPropertyValue('rrule');
    const opt = (k: string, v: unknown): Record<string, string> =>
      typeof v === 'string' && v !== '' ? { [k]: v } : {};
    return {
      uid: e.uid ?? null,
      summary: e.summary ?? '',
      ...opt('location', e.location),
      ...opt('description', e.description),
      start: icalTime(e.startDate),
      end: icalTime(e.endDate),
      allDay: e.startDate?.isDate ?? false,
      ...(rrule === null || rrule === undefined ? {} : { rrule: String(rrule) }),
    };
  });
}

/** `20240101T100000Z` / `20240101` → ISO 8601; anything else is returned as given. */
function basicTime(v: string | undefined): string | null {
  if (v === undefined) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(v.trim());
  if (m === null) return v;
  if (m[4] === undefined) return `${m[1]}-${m[2]}-${m[3]}`;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] === 'Z' ? '.000Z' : ''}`;
}

function tolerant(text: string): CalendarEntry[] {
  return parseVObjects(text)
    .flatMap((c) => (c.name === 'VEVENT' ? [c] : c.children.filter((x) => x.name === 'VEVENT')))
    .map((c) => {
      const start = firstValue(c, 'DTSTART');
      const opt = (k: string, v: string | undefined): Record<string, string> =>
        v === undefined || v === '' ? {} : { [k]: v };
      return {
        uid: firstValue(c, 'UID') ?? null,
        summary: firstValue(c, 'SUMMARY') ?? '',
        ...opt('location', firstValue(c, 'LOCATION')),
        ...opt('description', firstValue(c, 'DESCRIPTION')),
        start: basicTime(start),
        end: basicTime(firstValue(c, 'DTEND')),
        allDay: start !== undefined && /^\d{8}$/.test(start.trim()),
        ...opt('rrule', firstValue(c, 'RRULE')),
      };
    });
}

/** Events of an iCalendar 2.0 text (ical.js) or a vCalendar 1.0 text (tolerant). Never throws. */
export function parseEvents(text: string): CalendarEntry[] {
  if (!/^VERSION:\s*1\.0/im.test(text)) {
    try {
      return withIcal(text);
    } catch {
      // Not valid iCalendar for ical.js; try the tolerant reader.
    }
  }
  return tolerant(text);
}
