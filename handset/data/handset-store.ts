/** {@link HandsetStore} over a handset's data directory. */
import { resolve } from 'node:path';
import { AppRegistry } from './app-registry.js';
import { ensureDir } from './files.js';
import { ItemStore } from './item-store.js';
import { ITEM_LAYOUTS } from './layout.js';
import { UnknownDataError } from './types.js';
import type {
  AppRecord,
  ExportedObject,
  HandsetStore,
  InfoItemSpec,
  ItemStats,
  StoreProgress,
} from './types.js';

/**
 * The stores of one data directory. Holds no state beyond paths: every answer is read
 * from disk, so two instances over one folder, or one across a restart, agree.
 */
export class DirectoryHandsetStore implements HandsetStore {
  readonly root: string;
  private readonly stores: ReadonlyMap<string, ItemStore>;
  private readonly registry: AppRegistry;

  constructor(root: string) {
    this.root = resolve(root);
    this.stores = new Map(ITEM_LAYOUTS.map((l) => [l.spec.id, new ItemStore(this.root, l)]));
    this.registry = new AppRegistry(this.root);
  }

  /** Creates the item folders (idempotent). */
  async init(): Promise<void> {
    for (const s of this.stores.values()) await ensureDir(s.dir);
  }

  private store(id: string): ItemStore {
    const s = this.stores.get(id);
    if (s === undefined) throw new UnknownDataError('item', id);
    return s;
  }

  items(): readonly InfoItemSpec[] {
    return ITEM_LAYOUTS.map((l) => l.spec);
  }

  async stats(id: string): Promise<ItemStats> {
    return this.store(id).stats();
  }

  /**
   * Record stores write one file `<Id>.<ext>` (nothing when empty); Photos copies the
   * photos without their thumbnails; CardMedia and AppData copy every file, named by its
   * flattened relative path (`Music_Song.wav`, `com.example.app_settings.json`).
   */
  async exportItem(id: string, dir: string, onProgress?: StoreProgress): Promise<ExportedObject[]> {
    return this.store(id).export(dir, onProgress);
  }

  /** The browsable folder of Photos and CardMedia; `UnknownDataError` for an unknown id. */
  folderOf(id: string): string | undefined {
    const s = this.store(id);
    return s.layout.kind === 'files' && s.layout.browsable ? s.dir : undefined;
  }

  /** The texts of a record store's records, in order (empty for file stores). */
  async readRecords(id: string): Promise<string[]> {
    return this.store(id).readRecords();
  }

  async wipe(id: string, onProgress?: StoreProgress): Promise<void> {
    await this.store(id).wipe(onProgress);
  }

  apps(): Promise<AppRecord[]> {
    return this.registry.apps();
  }

  uninstall(appId: string, onProgress?: StoreProgress): Promise<void> {
    return this.registry.uninstall(appId, onProgress);
  }

  /**
   * Uninstalls every removable app first (their folders go with them), then wipes every
   * item, AppData included (the system apps' data). Progress counts files shredded.
   */
  async factoryReset(onProgress?: StoreProgress): Promise<void> {
    const removable = (await this.registry.entries()).filter((e) => e.removable);
    // App folders lie inside AppData's folder, so the items' files are every file once.
    let total = 0;
    for (const s of this.stores.values()) total += await s.fileCount();
    let done = 0;
    const tick = (): void => onProgress?.(Math.min(++done, total), total);
    onProgress?.(0, total);
    for (const e of removable) {
      await this.registry.uninstall(e.id, (d) => {
        if (d > 0) tick();
      });
    }
    for (const s of this.stores.values()) {
      await s.wipe((d) => {
        if (d > 0) tick();
      });
    }
    onProgress?.(total, total);
  }
}

/**
 * Opens the data directory `root` (a handset's `data` folder), creating it and the item
 * folders when absent: a new directory is an empty handset (every item 0/0, no apps).
 */
export async function openHandsetStore(root: string): Promise<DirectoryHandsetStore> {
  const store = new DirectoryHandsetStore(root);
  await store.init();
  return store;
}
