/**
 * Browsing a retrieval: its contacts, events, notes and photos as plain typed data,
 * decrypted on demand and never written anywhere. Each entry names the object it came
 * from and whether that object verified against the manifest.
 */
import type { ObjectInfo } from '../types.js';
import type { Vault } from '../vault.js';
import { parseEvents } from './calendar.js';
import type { CalendarEntry } from './calendar.js';
import { parseContacts } from './contacts.js';
import type { Contact } from './contacts.js';
import { parseNotes } from './notes.js';
import type { NoteEntry } from './notes.js';

/** Where an entry came from. */
export interface FromObject {
  readonly object: number;
  readonly item: string;
  /** True when its object matched the manifest's size and digest. */
  readonly verified: boolean;
}

/** MIME types read as contacts, events and notes (lower case, parameters ignored). */
export const CONTACT_TYPES = ['text/vcard', 'text/x-vcard', 'text/directory'];
export const CALENDAR_TYPES = ['text/calendar', 'text/x-vcalendar'];
export const NOTE_TYPES = ['text/x-vnote', 'text/plain'];

const baseType = (t: string): string => (t.split(';')[0] ?? '').trim().toLowerCase();

async function entries<T>(
  vault: Vault,
  retrievalId: string,
  types: readonly string[],
  parse: (text: string) => T[],
): Promise<(T & FromObject)[]> {
  const out: (T & FromObject)[] = [];
  for (const o of vault.retrieval(retrievalId).objects) {
    if (!o.stored || !types.includes(baseType(o.type))) continue;
    const text = new TextDecoder('utf-8').decode(await vault.readObject(retrievalId, o.index));
    for (const e of parse(text))
      out.push({ ...e, object: o.index, item: o.item, verified: o.state === 'ok' });
  }
  return out;
}

/** Contacts of every stored vCard object of the retrieval. */
export function listContacts(vault: Vault, retrievalId: string): Promise<(Contact & FromObject)[]> {
  return entries(vault, retrievalId, CONTACT_TYPES, parseContacts);
}

/** Events of every stored iCalendar/vCalendar object. */
export function listEvents(
  vault: Vault,
  retrievalId: string,
): Promise<(CalendarEntry & FromObject)[]> {
  return entries(vault, retrievalId, CALENDAR_TYPES, parseEvents);
}

/** Notes of every stored vNote or plain-text object. */
export function listNotes(vault: Vault, retrievalId: string): Promise<(NoteEntry & FromObject)[]> {
  return entries(vault, retrievalId, NOTE_TYPES, parseNotes);
}

/** Stored `image/*` objects; bytes (for thumbnails) via `vault.readObject(retrievalId, o.index)`. */
export function listPhotos(vault: Vault, retrievalId: string): ObjectInfo[] {
  return vault
    .retrieval(retrievalId)
    .objects.filter((o) => o.stored && baseType(o.type).startsWith('image/'));
}
