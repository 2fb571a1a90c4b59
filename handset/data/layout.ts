/**
 * Where each information item lives in a handset's data directory, and the fixed list of
 * items (`InfoList/<x>`) in their order.
 *
 * ```
 * <root>/contacts/device/NNNNNN.vcf   PhoneBook      one vCard 3.0 per file
 * <root>/contacts/sim/NNNNNN.vcf      SIMPhoneBook   one vCard 2.1 per file
 * <root>/calendar/NNNNNN.ics          Calendar       one VCALENDAR with one VEVENT per file
 * <root>/notes/NNNNNN.vnt             Notes          one vNote 1.1 per file
 * <root>/messages/NNNNNN.vmg          Messages       one vMessage 1.1 per file
 * <root>/call-log/NNNNNN.csv          CallLog        one CSV line per file
 * <root>/photos/*.jpg                 Photos         thumbnails in photos/.thumbnails/
 * <root>/card/**                      CardMedia      the memory card
 * <root>/apps/<appId>/**              AppData        each installed app's data folder
 * <root>/apps.json                    the installed-app registry
 * ```
 */
import type { InfoItemSpec } from './types.js';

/** An item kept as one file per record. */
export interface RecordLayout {
  readonly kind: 'records';
  readonly spec: InfoItemSpec;
  /** Folder relative to the root. */
  readonly dir: string;
  /** Extension of record files, with the dot. */
  readonly ext: string;
  /** Name of the one file an export writes. */
  readonly exportName: string;
}

/** An item kept as files. */
export interface FileLayout {
  readonly kind: 'files';
  readonly spec: InfoItemSpec;
  readonly dir: string;
  /** True when OBEX folder browsing shows the folder (photos, card). */
  readonly browsable: boolean;
}

export type ItemLayout = RecordLayout | FileLayout;

function rec(
  id: string,
  name: string,
  category: InfoItemSpec['category'],
  location: InfoItemSpec['location'],
  format: string,
  dir: string,
  ext: string,
): RecordLayout {
  return {
    kind: 'records',
    spec: { id, name, category, location, format },
    dir,
    ext,
    exportName: id + ext,
  };
}

function files(
  id: string,
  name: string,
  category: InfoItemSpec['category'],
  location: InfoItemSpec['location'],
  format: string,
  dir: string,
  browsable: boolean,
): FileLayout {
  return { kind: 'files', spec: { id, name, category, location, format }, dir, browsable };
}

/** Every item, in `InfoList` order. */
export const ITEM_LAYOUTS: readonly ItemLayout[] = [
  rec('PhoneBook', 'Phone book', 'contacts', 'device', 'text/vcard', 'contacts/device', '.vcf'),
  rec('SIMPhoneBook', 'SIM phone book', 'contacts', 'sim', 'text/x-vcard', 'contacts/sim', '.vcf'),
  rec('Calendar', 'Calendar', 'calendar', 'device', 'text/calendar', 'calendar', '.ics'),
  rec('Notes', 'Notes', 'notes', 'device', 'text/x-vnote', 'notes', '.vnt'),
  rec('Messages', 'Messages', 'messages', 'device', 'text/x-vmessage', 'messages', '.vmg'),
  rec('CallLog', 'Call log', 'call-log', 'device', 'text/csv', 'call-log', '.csv'),
  files('Photos', 'Photos', 'images', 'device', 'image/jpeg', 'photos', true),
  // Mixed content: each exported object carries its own type; the item's is the generic one.
  files(
    'CardMedia',
    'Memory card media',
    'media',
    'card',
    'application/octet-stream',
    'card',
    true,
  ),
  files(
    'AppData',
    'Application data',
    'app-data',
    'device',
    'application/octet-stream',
    'apps',
    false,
  ),
];

/** Folder of the installed apps' data, relative to the root. */
export const APPS_DIR = 'apps';
/** The installed-app registry, relative to the root. */
export const APP_REGISTRY = 'apps.json';
/** Sub-folder of `photos/` with the thumbnails. */
export const THUMBNAILS_DIR = '.thumbnails';

/** File name of record number `n` (1-based) of a record store. */
export function recordFileName(n: number, ext: string): string {
  return String(n).padStart(6, '0') + ext;
}

/** The layout of `id`, or undefined. */
export function layoutOf(id: string): ItemLayout | undefined {
  return ITEM_LAYOUTS.find((l) => l.spec.id === id);
}
