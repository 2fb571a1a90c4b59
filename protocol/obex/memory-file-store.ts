import { FileStoreError } from './file-store.js';
import type { FileStore, FileStoreEntry } from './file-store.js';

type Node =
  | { kind: 'file'; data: Uint8Array; modified: Date }
  | { kind: 'folder'; children: Map<string, Node>; modified: Date };

/**
 * A `FileStore` held in memory, for tests and demos. Entries list in name order; written
 * data is stored as given (not copied). `now` supplies modification times (default: epoch).
 */
export class MemoryFileStore implements FileStore {
  private readonly root: Node;

  constructor(private readonly now: () => Date = () => new Date(0)) {
    this.root = { kind: 'folder', children: new Map(), modified: now() };
  }

  list(path: readonly string[]): Promise<readonly FileStoreEntry[]> {
    return attempt(() => {
      const node = this.folder(path);
      return [...node.children.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, n]) => entry(name, n));
    });
  }

  stat(path: readonly string[]): Promise<FileStoreEntry | undefined> {
    return attempt(() => {
      const node = this.find(path);
      return node ? entry(path.at(-1) ?? '', node) : undefined;
    });
  }

  read(path: readonly string[]): Promise<Uint8Array> {
    return attempt(() => {
      const node = this.find(path);
      if (!node) throw new FileStoreError('not-found', path);
      if (node.kind !== 'file') throw new FileStoreError('is-a-folder', path);
      return node.data;
    });
  }

  write(path: readonly string[], data: Uint8Array): Promise<void> {
    return attempt(() => {
      const [parent, name] = this.parentOf(path);
      if (parent.children.get(name)?.kind === 'folder')
        throw new FileStoreError('is-a-folder', path);
      parent.children.set(name, { kind: 'file', data, modified: this.now() });
    });
  }

  remove(path: readonly string[]): Promise<void> {
    return attempt(() => {
      const [parent, name] = this.parentOf(path);
      const node = parent.children.get(name);
      if (!node) throw new FileStoreError('not-found', path);
      if (node.kind === 'folder' && node.children.size > 0)
        throw new FileStoreError('not-empty', path);
      parent.children.delete(name);
    });
  }

  mkdir(path: readonly string[]): Promise<void> {
    return attempt(() => {
      const [parent, name] = this.parentOf(path);
      const node = parent.children.get(name);
      if (node?.kind === 'folder') return;
      if (node) throw new FileStoreError('exists', path);
      parent.children.set(name, { kind: 'folder', children: new Map(), modified: this.now() });
    });
  }

  private find(path: readonly string[]): Node | undefined {
    let node: Node | undefined = this.root;
    for (const seg of path) {
      if (node?.kind !== 'folder') return undefined;
      node = node.children.get(seg);
    }
    return node;
  }

  private folder(path: readonly string[]): Extract<Node, { kind: 'folder' }> {
    const node = this.find(path);
    if (!node) throw new FileStoreError('not-found', path);
    if (node.kind !== 'folder') throw new FileStoreError('not-a-folder', path);
    return node;
  }

  private parentOf(path: readonly string[]): [Extract<Node, { kind: 'folder' }>, string] {
    const name = path.at(-1);
    if (name === undefined) throw new FileStoreError('is-a-folder', path);
    return [this.folder(path.slice(0, -1)), name];
  }
}

function entry(name: string, node: Node): FileStoreEntry {
  return node.kind === 'file'
    ? { kind: 'file', name, size: node.data.length, modified: node.modified }
    : { kind: 'folder', name, modified: node.modified };
}

function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
