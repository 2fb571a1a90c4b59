/**
 * A reference handset's data: the stores behind its CIMO `InfoList` and `AppList`, and
 * the seed-data generator. See `types.ts` for the contract the DM side uses.
 */
export * from './types.js';
export { openHandsetStore, DirectoryHandsetStore } from './handset-store.js';
export { seedHandsetStore, seedEpoch } from './seed/index.js';
export type { SeedOptions, SeedProfile, SeedSummary } from './seed/index.js';
export { PROFILES } from './seed/profiles.js';
export { describeStore, formatDescription } from './describe.js';
export type { StoreDescription } from './describe.js';
export { AppRegistryError } from './app-registry.js';
export { safeName } from './export-writer.js';
export { SIM_MAX_ENTRIES, SIM_NAME_MAX } from './records.js';
export type {
  Address,
  Call,
  CalendarEvent,
  Contact,
  Message,
  Note,
  Phone,
  SimContact,
} from './records.js';
export { readVCards3 } from './formats/vcard30.js';
export { readVCards21 } from './formats/vcard21.js';
export { readEvents } from './formats/icalendar.js';
export { readVNotes } from './formats/vnote.js';
export { readVMessages } from './formats/vmessage.js';
export { readCalls } from './formats/call-csv.js';
