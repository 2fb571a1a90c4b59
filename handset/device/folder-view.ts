/**
 * What the handset shows over OBEX Folder Browsing: one top-level folder per browsable
 * store folder (`store.folderOf`, e.g. `Photos`, `MemoryCard`) and `cimo-retrieve` with
 * the published retrievals — read-only, and subject to the locks (CIMO-MO.md: a locked
 * item's folder answers 0xC3 Forbidden; fully locked, every data service refuses).
 */
import { basename } from 'node:path';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { ObexResponse } from '../../protocol/obex/codes.js';
import { ObexRefusal } from '../../protocol/obex/errors.js';
import { FileStoreError } from '../../protocol/obex/file-store.js';
import type { FileStore, FileStoreEntry, FileStoreReader } from '../../protocol/obex/file-store.js';
import { FolderBrowsingService } from '../../protocol/obex/folder-service.js';
import type { RequestContext } from '../../protocol/obex/service.js';
import type { HandsetStore } from '../data/types.js';

/** Top-level folder of the published retrievals. */
export const RETRIEVE_FOLDER = 'cimo-retrieve';

/** What the view asks of its handset. */
export interface FolderViewHost {
  readonly store: HandsetStore;
  /** `<dir>/retrieve` (exists). */
  readonly retrieveRoot: string;
  isFullyLocked(): boolean;
  isItemLocked(id: string): boolean;
}

interface Top {
  readonly path: string;
  readonly items: readonly string[];
}

/** The read-only, lock-aware `FileStore` of a handset. */
export class HandsetFileStore implements FileStore {
  private readonly stores = new Map<string, FsFileStore>();

  constructor(private readonly host: FolderViewHost) {}

  /** Top-level folder names and what they map to (items sharing a folder share a name). */
  tops(): ReadonlyMap<string, Top> {
    const byPath = new Map<string, { name: string; items: string[] }>();
    for (const item of this.host.store.items()) {
      const folder = this.host.store.folderOf(item.id);
      if (folder === undefined) continue;
      const entry = byPath.get(folder);
      if (entry !== undefined) entry.items.push(item.id);
      // The card is what a user knows as "the memory card"; other folders by item id.
      else
        byPath.set(folder, {
          name: item.location === 'card' ? 'MemoryCard' : item.id,
          items: [item.id],
        });
    }
    const out = new Map<string, Top>();
    for (const [path, { name: wanted, items }] of byPath) {
      const name =
        wanted === RETRIEVE_FOLDER || out.has(wanted) ? `${wanted}-${basename(path)}` : wanted;
      out.set(name, { path, items });
    }
    out.set(RETRIEVE_FOLDER, { path: this.host.retrieveRoot, items: [] });
    return out;
  }

  async list(path: readonly string[]): Promise<readonly FileStoreEntry[]> {
    const [fs, rest] = this.route(path);
    if (fs === undefined) {
      return [...this.tops().keys()].sort().map((name) => ({ kind: 'folder', name }));
    }
    return fs.list(rest);
  }

  async stat(path: readonly string[]): Promise<FileStoreEntry | undefined> {
    if (path.length === 0) return { kind: 'folder', name: '' };
    if (!this.tops().has(path[0] as string)) {
      this.route([]); // the full lock still applies
      return undefined;
    }
    const [fs, rest] = this.route(path);
    if (fs === undefined) return undefined;
    if (rest.length === 0) return { kind: 'folder', name: path[0] as string };
    return fs.stat(rest);
  }

  async read(path: readonly string[]): Promise<Uint8Array> {
    const [fs, rest] = this.route(path);
    if (fs === undefined || rest.length === 0) throw new FileStoreError('is-a-folder', path);
    return fs.read(rest);
  }

  async openRead(path: readonly string[]): Promise<FileStoreReader> {
    const [fs, rest] = this.route(path);
    if (fs === undefined || rest.length === 0) throw new FileStoreError('is-a-folder', path);
    return fs.openRead(rest);
  }

  write(path: readonly string[]): Promise<void> {
    return this.readOnly(path);
  }

  remove(path: readonly string[]): Promise<void> {
    return this.readOnly(path);
  }

  mkdir(path: readonly string[]): Promise<void> {
    return this.readOnly(path);
  }

  private async readOnly(path: readonly string[]): Promise<void> {
    this.route(path.slice(0, 1));
    throw new FileStoreError('read-only', path);
  }

  /**
   * The disk store and the path inside it for `path`; `[undefined, []]` for the root.
   * Refuses with 0xC3 when fully locked or the top folder belongs to a locked item, and
   * 0xC4 for an unknown top folder.
   */
  private route(path: readonly string[]): [FsFileStore | undefined, readonly string[]] {
    if (this.host.isFullyLocked()) {
      throw new ObexRefusal(ObexResponse.Forbidden, 'the handset is locked');
    }
    const [name, ...rest] = path;
    if (name === undefined) return [undefined, []];
    const top = this.tops().get(name);
    if (top === undefined) throw new FileStoreError('not-found', path);
    if (top.items.some((id) => this.host.isItemLocked(id))) {
      throw new ObexRefusal(ObexResponse.Forbidden, `${name} is locked`);
    }
    let fs = this.stores.get(top.path);
    if (fs === undefined) {
      fs = new FsFileStore(top.path);
      this.stores.set(top.path, fs);
    }
    return [fs, rest];
  }
}

/**
 * Folder Browsing over a {@link HandsetFileStore} that also refuses the OBEX Connect
 * itself (0xC3) while the handset is fully locked.
 */
export class HandsetFolderService extends FolderBrowsingService {
  constructor(private readonly host: Pick<FolderViewHost, 'isFullyLocked'> & { files: FileStore }) {
    super(host.files);
  }

  override onConnect(ctx: RequestContext): void {
    if (this.host.isFullyLocked()) {
      throw new ObexRefusal(ObexResponse.Forbidden, 'the handset is locked');
    }
    super.onConnect(ctx);
  }
}
