import { ObexResponse } from './codes.js';
import { ObexRefusal } from './errors.js';
import { checkSegment, fileStoreRefusal, isFileStoreError } from './file-store.js';
import type { FileStore } from './file-store.js';
import { encodeFolderListing, FOLDER_LISTING_TYPE } from './folder-listing.js';
import type { ObexService, RequestContext, SetPathFlags } from './service.js';
import { FOLDER_BROWSING_TARGET } from './targets.js';

/**
 * The OBEX Folder Browsing service (Target F9EC7BC4-953C-11D2-984E-525400DC9E09) over a
 * `FileStore`. Each connection has its own current folder, starting at the root.
 *
 * - GET with Type `x-obex/folder-listing`: the listing of the current folder (or of the
 *   child folder named); other GETs read the named file.
 * - PUT writes the named file in the current folder; a PUT without body deletes it.
 * - SetPath: empty or absent Name → root; backup → parent (0xC4 at the root); a name →
 *   that child, created when the peer allows it.
 * Names from the peer go through `checkSegment` (0xC0 / 0xC3); store failures become
 * 0xC4 (not found), 0xE0 (full) or 0xC3.
 */
export class FolderBrowsingService implements ObexService {
  readonly target = FOLDER_BROWSING_TARGET;
  private readonly cwd = new Map<number | undefined, string[]>();

  constructor(private readonly store: FileStore) {}

  /** The current folder of a connection (for tests and logs). */
  currentPath(connectionId: number | undefined): readonly string[] {
    return this.cwd.get(connectionId) ?? [];
  }

  onConnect(ctx: RequestContext): void {
    this.cwd.set(ctx.connectionId, []);
  }

  onDisconnect(ctx: RequestContext): void {
    this.cwd.delete(ctx.connectionId);
  }

  onGet(
    name: string | undefined,
    type: string | undefined,
    ctx: RequestContext,
  ): Promise<Uint8Array> {
    return this.guard(async () => {
      const here = this.currentPath(ctx.connectionId);
      if (type === FOLDER_LISTING_TYPE) {
        const path = name === undefined || name === '' ? here : [...here, checkSegment(name)];
        const entries = await this.store.list(path);
        return encodeFolderListing({ hasParent: path.length > 0, entries });
      }
      return this.store.read([...here, checkSegment(name)]);
    });
  }

  onPut(
    name: string | undefined,
    _type: string | undefined,
    body: Uint8Array,
    ctx: RequestContext,
  ): Promise<void> {
    return this.guard(() =>
      this.store.write([...this.currentPath(ctx.connectionId), checkSegment(name)], body),
    );
  }

  onDelete(name: string | undefined, ctx: RequestContext): Promise<void> {
    return this.guard(() =>
      this.store.remove([...this.currentPath(ctx.connectionId), checkSegment(name)]),
    );
  }

  onSetPath(name: string | undefined, flags: SetPathFlags, ctx: RequestContext): Promise<void> {
    return this.guard(async () => {
      let path = [...this.currentPath(ctx.connectionId)];
      if (flags.backup) {
        if (path.length === 0) throw new ObexRefusal(ObexResponse.NotFound, 'already at the root');
        path.pop();
      } else if (name === undefined || name === '') {
        path = [];
      }
      if (name !== undefined && name !== '') {
        path.push(checkSegment(name));
        const st = await this.store.stat(path);
        if (st === undefined) {
          if (!flags.create) throw new ObexRefusal(ObexResponse.NotFound);
          await this.store.mkdir(path);
        } else if (st.kind !== 'folder') {
          throw new ObexRefusal(ObexResponse.Forbidden, 'not a folder');
        }
      }
      this.cwd.set(ctx.connectionId, path);
    });
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isFileStoreError(e)) throw fileStoreRefusal(e);
      throw e;
    }
  }
}
