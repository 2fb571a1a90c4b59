/** The console's vault: encrypted, verified storage of retrievals. */
export { Vault, BLOB_DIR } from './vault.js';
export type { VaultOptions } from './vault.js';
export { createKeyFile } from './key-source.js';
export type {
  KeyFileKeySource,
  PassphraseKeySource,
  SafeStorageKeySource,
  VaultKeySource,
} from './key-source.js';
export { exportRetrieval } from './export-retrieval.js';
export type { ExportedFile, ExportOptions } from './export-retrieval.js';
export { listContacts, listEvents, listNotes, listPhotos } from './browse/browse.js';
export type { FromObject } from './browse/browse.js';
export type { Contact, TypedValue } from './browse/contacts.js';
export type { CalendarEntry } from './browse/calendar.js';
export type { NoteEntry } from './browse/notes.js';
export { parseContacts } from './browse/contacts.js';
export { parseEvents } from './browse/calendar.js';
export { parseNotes } from './browse/notes.js';
export { sanitizeFileName, UniqueNames } from './safe-name.js';
export {
  VaultExportError,
  VaultIntegrityError,
  VaultKeyError,
  VaultStateError,
  isVaultExportError,
  isVaultIntegrityError,
  isVaultKeyError,
  isVaultStateError,
} from './errors.js';
export type {
  VaultExportCode,
  VaultIntegrityCode,
  VaultKeyCode,
  VaultStateCode,
} from './errors.js';
export type * from './types.js';
