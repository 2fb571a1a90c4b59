import { ObexResponse } from './codes.js';
import { ObexRefusal } from './errors.js';
import { checkSegment, fileStoreRefusal, isFileStoreError } from './file-store.js';
import type { FileStore } from './file-store.js';
import { encodeFolderListing, FOLDER_LISTING_TYPE } from './folder-listing.js';
import { ObjectBuffer } from './object-buffer.js';
import type {
  ObexGetSource,
  ObexPutSink,
  ObexService,
  PutInfo,
  RequestContext,
  SetPathFlags,
} from './service.js';
import { FOLDER_BROWSING_TARGET } from './targets.js';

/**
 * The OBEX Folder Browsing service (Target F9EC7BC4-953C-11D2-984E-525400DC9E09) over a
 * `FileStore`. Each connection has its own current folder, starting at the root.
 *
 * - GET with Type `x-obex/folder-listing`: the listing of the current folder (or of the
 *   child folder named); other GETs read the named file — piece by piece when the store
 *   has `openRead`.
 * - PUT writes the named file in the current folder — piece by piece as packets arrive
 *   when the store has `openWrite`, so object size is bounded by the disk, not memory;
 *   a PUT without body deletes it.
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

  /** Streaming GET (what ObexServer uses): the file in pieces, or the listing. */
  openGet(
    name: string | undefined,
    type: string | undefined,
    ctx: RequestContext,
  ): Promise<ObexGetSource> {
    return this.guard(async () => {
      const { store } = this;
      if (type === FOLDER_LISTING_TYPE || store.openRead === undefined) {
        const body = await this.onGet(name, type, ctx);
        return { length: body.length, body: [body] };
      }
      const file = await store.openRead([
        ...this.currentPath(ctx.connectionId),
        checkSegment(name),
      ]);
      return { length: file.size, body: refusing(file.body) };
    });
  }

  /** Streaming PUT (what ObexServer uses): pieces go to the store as they arrive. */
  openPut(
    name: string | undefined,
    _type: string | undefined,
    ctx: RequestContext,
    info: PutInfo,
  ): Promise<ObexPutSink> {
    return this.guard(async () => {
      const path = [...this.currentPath(ctx.connectionId), checkSegment(name)];
      const { store } = this;
      if (store.openWrite === undefined) {
        // A store that only takes whole files: assemble (the server bounds the size).
        const object = new ObjectBuffer(Number.MAX_SAFE_INTEGER, info.length);
        return {
          write: (piece) => object.append(piece),
          close: () => this.guard(() => store.write(path, object.finish())),
        };
      }
      const writer = await store.openWrite(path);
      const sink: ObexPutSink = {
        write: (piece) => this.guard(() => writer.write(piece)),
        close: () => this.guard(() => writer.close()),
        abort: () => writer.abort(),
      };
      const { writev } = writer;
      if (writev !== undefined)
        sink.writev = (pieces) => this.guard(() => writev.call(writer, pieces));
      return sink;
    });
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

/**
 * A store's file pieces, with store failures turned into the peer's response codes.
 * `return()` is passed straight on, so the file is released even if reading never began.
 */
function refusing(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const map = (e: unknown): never => {
    throw isFileStoreError(e) ? fileStoreRefusal(e) : e;
  };
  return {
    [Symbol.asyncIterator]: () => {
      const it = body[Symbol.asyncIterator]();
      return {
        next: () => it.next().catch(map),
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
