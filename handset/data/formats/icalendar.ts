/** Calendar records as iCalendar (RFC 5545), written and read with ical.js. */
import ICAL from 'ical.js';
import type { CalendarEvent } from '../records.js';

const PRODID = '-//CIMO//Reference Handset//EN';

function utcTime(ms: number): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

function dateOnly(ms: number): ICAL.Time {
  const d = new Date(ms);
  return ICAL.Time.fromData({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    isDate: true,
  });
}

function calendar(): ICAL.Component {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', PRODID);
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  return cal;
}

function vevent(e: CalendarEvent): ICAL.Component {
  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', e.uid);
  ev.addPropertyWithValue('dtstamp', utcTime(e.created));
  ev.addPropertyWithValue('created', utcTime(e.created));
  ev.addPropertyWithValue('summary', e.summary);
  if (e.location !== undefined) ev.addPropertyWithValue('location', e.location);
  if (e.description !== undefined) ev.addPropertyWithValue('description', e.description);
  ev.addPropertyWithValue('dtstart', e.allDay ? dateOnly(e.start) : utcTime(e.start));
  ev.addPropertyWithValue('dtend', e.allDay ? dateOnly(e.end) : utcTime(e.end));
  if (e.rrule !== undefined) ev.addPropertyWithValue('rrule', ICAL.Recur.fromString(e.rrule));
  if (e.alarmMinutes !== undefined) {
    const alarm = new ICAL.Component('valarm');
    alarm.addPropertyWithValue('action', 'DISPLAY');
    alarm.addPropertyWithValue('description', e.summary);
    alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-60 * e.alarmMinutes));
    ev.addSubcomponent(alarm);
  }
  return ev;
}

/** One event as a complete iCalendar object (a VCALENDAR holding one VEVENT). */
export function writeEventCalendar(e: CalendarEvent): string {
  const cal = calendar();
  cal.addSubcomponent(vevent(e));
  return cal.toString() + '\r\n';
}

/**
 * Merges iCalendar objects (one per stored record) into one VCALENDAR with all their
 * events, for an export: a calendar file is one VCALENDAR, not several back to back.
 */
export function mergeCalendars(texts: readonly string[]): string {
  const cal = calendar();
  for (const t of texts) {
    const c = new ICAL.Component(ICAL.parse(t) as unknown[]);
    for (const ev of c.getAllSubcomponents('vevent')) cal.addSubcomponent(ev);
  }
  return cal.toString() + '\r\n';
}

/** A time in ms: dates as midnight UTC (not the host's zone), date-times by their zone. */
function timeMs(t: ICAL.Time): number {
  return t.isDate ? Date.UTC(t.year, t.month - 1, t.day) : t.toUnixTime() * 1000;
}

/** Reads every VEVENT of every VCALENDAR in `text`. */
export function readEvents(text: string): CalendarEvent[] {
  const parsed: unknown = ICAL.parse(text);
  const roots = (
    Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]
  ) as unknown[];
  const out: CalendarEvent[] = [];
  for (const r of roots) {
    for (const c of new ICAL.Component(r as unknown[]).getAllSubcomponents('vevent')) {
      const ev = new ICAL.Event(c);
      const rrule = c.getFirstPropertyValue('rrule');
      const trigger = c.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger');
      const created = c.getFirstPropertyValue('created');
      const location = ev.location ?? undefined;
      const description = ev.description ?? undefined;
      out.push({
        uid: ev.uid,
        summary: ev.summary,
        ...(location !== undefined && location !== null ? { location } : {}),
        ...(description !== undefined && description !== null ? { description } : {}),
        start: timeMs(ev.startDate),
        end: timeMs(ev.endDate),
        allDay: ev.startDate.isDate,
        ...(rrule instanceof ICAL.Recur ? { rrule: rrule.toString() } : {}),
        ...(trigger instanceof ICAL.Duration ? { alarmMinutes: -trigger.toSeconds() / 60 } : {}),
        created: created instanceof ICAL.Time ? timeMs(created) : NaN,
      });
    }
  }
  return out;
}
