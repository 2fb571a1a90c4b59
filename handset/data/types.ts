/**
 * The contract between a reference handset's data stores (`handset/data/`) and its DM
 * side (`handset/device/`): what information items a handset holds, how big they are, how
 * they are exported for a Retrieve, wiped, and how applications are uninstalled.
 *
 * Everything here is real files under the handset's data directory: a wipe overwrites
 * and unlinks them, an export writes real bytes whose SHA-256 the manifest carries.
 */

/** `InfoList/<x>/Category` values (CIMO-MO.md). */
export type InfoCategory =
  | 'contacts'
  | 'calendar'
  | 'notes'
  | 'messages'
  | 'images'
  | 'media'
  | 'files'
  | 'app-data'
  | 'call-log';

/** `InfoList/<x>/Location` values (CIMO-MO.md). */
export type InfoLocation = 'device' | 'sim' | 'card';

/** One information item: an `InfoList/<id>` node of the handset's CIMO tree. */
export interface InfoItemSpec {
  /** Stable node name, e.g. `PhoneBook`. */
  readonly id: string;
  /** Display name, e.g. `Phone book`. */
  readonly name: string;
  readonly category: InfoCategory;
  readonly location: InfoLocation;
  /** MIME type of a retrieved object of this item, e.g. `text/vcard`. */
  readonly format: string;
}

/** `InfoList/<x>/ItemCount` and `ByteSize`: both 0 after a wipe. */
export interface ItemStats {
  /** Records (contacts, events, notes, messages, calls) or files (photos, media, app files). */
  readonly itemCount: number;
  /** Bytes on disk the item occupies. */
  readonly byteSize: number;
}

/** One object an export wrote, as the retrieval manifest lists it. */
export interface ExportedObject {
  /** Id of the item it belongs to. */
  readonly info: string;
  /** File name inside the export folder: a safe single segment, unique in the export. */
  readonly name: string;
  /** MIME type, e.g. `text/vcard`, `image/jpeg`. */
  readonly type: string;
  readonly size: number;
  /** SHA-256 of the bytes written, 64 lower-case hex digits. */
  readonly sha256: string;
}

/** An installed application (`AppList/<id>`). */
export interface AppRecord {
  /** Node name, e.g. `com.example.notes` with dots replaced to be a valid node name. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly vendor: string;
  /** False for system applications: uninstalling them fails with 1421. */
  readonly removable: boolean;
  /** Bytes of the app's own data folder. */
  readonly dataBytes: number;
}

/** Progress of a long store operation: `done` of `total` units (files or records). */
export type StoreProgress = (done: number, total: number) => void;

/** The application cannot be removed (a system app): the operation's result is 1421. */
export class AppNotRemovableError extends Error {
  override readonly name = 'AppNotRemovableError';
  readonly appNotRemovable = true;
  constructor(readonly appId: string) {
    super(`application ${appId} is a system application and cannot be removed`);
  }
}

/** No such item or application. */
export class UnknownDataError extends Error {
  override readonly name = 'UnknownDataError';
  readonly unknownData = true;
  constructor(
    readonly kind: 'item' | 'app',
    readonly id: string,
  ) {
    super(`unknown ${kind} ${id}`);
  }
}

/**
 * A handset's data directory. Implementations keep everything on disk (nothing cached
 * that a restart would lose) and survive a crash part-way through a wipe: a wipe that
 * was interrupted can simply be run again.
 */
export interface HandsetStore {
  /** The data directory (absolute). */
  readonly root: string;
  /** The items this handset has, in a fixed order. */
  items(): readonly InfoItemSpec[];
  /** Current size of one item; `UnknownDataError` for an unknown id. */
  stats(id: string): Promise<ItemStats>;
  /**
   * Writes the item's objects into `dir` (which exists) for a Retrieve: records as one
   * file per store in the item's format (e.g. all contacts as one `.vcf`), files as
   * copies. Returns what it wrote with size and SHA-256 of the written bytes.
   */
  exportItem(id: string, dir: string, onProgress?: StoreProgress): Promise<ExportedObject[]>;
  /**
   * The folder on disk that OBEX Folder Browsing shows for this item (photos, card media),
   * or undefined when the item is a record store with no browsable files.
   */
  folderOf(id: string): string | undefined;
  /** Destroys the item's data for real: files overwritten then unlinked, records deleted. */
  wipe(id: string, onProgress?: StoreProgress): Promise<void>;
  /** Installed applications. */
  apps(): Promise<AppRecord[]>;
  /** Removes an app and its data; `AppNotRemovableError` for a system app. */
  uninstall(appId: string, onProgress?: StoreProgress): Promise<void>;
  /** Wipes every item and uninstalls every removable app. */
  factoryReset(onProgress?: StoreProgress): Promise<void>;
}
