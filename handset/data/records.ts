/**
 * The records the record stores hold, as the seed generator makes them and the format
 * readers return them. Times are milliseconds since the Unix epoch, UTC.
 */

/** A phone number with its vCard type. */
export interface Phone {
  readonly type: 'CELL' | 'HOME' | 'WORK';
  /** International form, e.g. `+49 151 23456789`. */
  readonly number: string;
}

/** A postal address (vCard ADR). */
export interface Address {
  readonly street: string;
  readonly city: string;
  readonly region: string;
  readonly postcode: string;
  readonly country: string;
}

/** A device phone-book entry (vCard 3.0). */
export interface Contact {
  readonly uid: string;
  readonly given: string;
  readonly family: string;
  /** Display name (vCard FN). */
  readonly formatted: string;
  readonly org?: string;
  readonly title?: string;
  readonly phones: readonly Phone[];
  readonly emails: readonly string[];
  readonly address?: Address;
  /** `YYYY-MM-DD`. */
  readonly birthday?: string;
  readonly note?: string;
  /** Last revision. */
  readonly rev: number;
}

/** A SIM phone-book entry: what fits an ADN record (short name, one number). */
export interface SimContact {
  /** At most {@link SIM_NAME_MAX} characters. */
  readonly name: string;
  readonly number: string;
}

/** SIM (ADN) limits: entries per SIM phone book and characters per name. */
export const SIM_MAX_ENTRIES = 250;
export const SIM_NAME_MAX = 14;

/** A calendar event (iCalendar VEVENT). */
export interface CalendarEvent {
  readonly uid: string;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  /** Start; for an all-day event, midnight UTC of the day. */
  readonly start: number;
  /** End (exclusive); for an all-day event, midnight UTC of the day after. */
  readonly end: number;
  readonly allDay: boolean;
  /** RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO`. */
  readonly rrule?: string;
  /** Minutes before start for a display alarm. */
  readonly alarmMinutes?: number;
  readonly created: number;
}

/** A note (vNote 1.1). */
export interface Note {
  readonly summary: string;
  readonly body: string;
  readonly created: number;
  readonly modified: number;
}

/** An SMS (vMessage 1.1). */
export interface Message {
  readonly box: 'INBOX' | 'SENT';
  readonly read: boolean;
  /** The other party's number (sender for INBOX, recipient for SENT). */
  readonly peerNumber: string;
  readonly peerName?: string;
  readonly date: number;
  readonly body: string;
}

/** A call-log entry. */
export interface Call {
  readonly direction: 'incoming' | 'outgoing' | 'missed';
  readonly number: string;
  readonly name?: string;
  readonly start: number;
  readonly durationSeconds: number;
}
