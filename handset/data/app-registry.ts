/**
 * The installed-app registry (`apps.json`) and app removal. Each app has a data folder
 * `apps/<id>/`; the registry lists id, name, version, vendor and whether it is removable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isErrno,
  listFiles,
  removeEmptyDirs,
  shredTree,
  totalSize,
  writeFileAtomic,
} from './files.js';
import { APP_REGISTRY, APPS_DIR } from './layout.js';
import { AppNotRemovableError, UnknownDataError } from './types.js';
import type { AppRecord, StoreProgress } from './types.js';

/** An app as the registry stores it (its data size is measured, not stored). */
export type AppEntry = Omit<AppRecord, 'dataBytes'>;

/** Thrown when `apps.json` is not a registry (a damaged data directory). */
export class AppRegistryError extends Error {
  override readonly name = 'AppRegistryError';
}

/**
 * True when `id` can be both a DM node name and a folder name under `apps/`: not empty, no
 * `/`, `\\`, `?` or control characters, not starting with a dot (no `.`, `..`, hidden).
 */
export function isSafeAppId(id: string): boolean {
  if (id === '' || id.startsWith('.') || /[/\\?]/.test(id)) return false;
  for (let i = 0; i < id.length; i++)
    if (id.charCodeAt(i) < 0x20 || id.charCodeAt(i) === 0x7f) return false;
  return true;
}

function isEntry(v: unknown): v is AppEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o['id'] === 'string' &&
    isSafeAppId(o['id']) &&
    typeof o['name'] === 'string' &&
    typeof o['version'] === 'string' &&
    typeof o['vendor'] === 'string' &&
    typeof o['removable'] === 'boolean'
  );
}

/** The registry and app folders of one data directory. */
export class AppRegistry {
  private readonly file: string;
  private readonly dir: string;

  constructor(root: string) {
    this.file = join(root, APP_REGISTRY);
    this.dir = join(root, APPS_DIR);
  }

  /** The data folder of an app (ids are checked when read, so this is inside `apps/`). */
  folderOf(id: string): string {
    return join(this.dir, id);
  }

  /** Registry entries, in registry order; empty when there is no registry yet. */
  async entries(): Promise<AppEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every(isEntry))
      throw new AppRegistryError(`${this.file} is not an app registry`);
    return parsed;
  }

  /** Replaces the registry (atomically). */
  async save(entries: readonly AppEntry[]): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(entries, null, 2) + '\n');
  }

  /** Installed apps with the bytes of their data folders. */
  async apps(): Promise<AppRecord[]> {
    const out: AppRecord[] = [];
    for (const e of await this.entries())
      out.push({ ...e, dataBytes: totalSize(await listFiles(this.folderOf(e.id))) });
    return out;
  }

  /** Files in a removable app's folder (for factory-reset progress totals). */
  async fileCount(id: string): Promise<number> {
    return (await listFiles(this.folderOf(id))).length;
  }

  /**
   * Shreds the app's data folder, removes it, then drops its registry entry: a crash in
   * between leaves the app listed with no data, and running uninstall again finishes it.
   * `UnknownDataError` for an unknown app, `AppNotRemovableError` (nothing touched) for a
   * system app.
   */
  async uninstall(id: string, onProgress?: StoreProgress): Promise<void> {
    const entries = await this.entries();
    const entry = entries.find((e) => e.id === id);
    if (entry === undefined) throw new UnknownDataError('app', id);
    if (!entry.removable) throw new AppNotRemovableError(id);
    const folder = this.folderOf(id);
    const total = (await listFiles(folder)).length;
    let done = 0;
    onProgress?.(0, total);
    await shredTree(folder, () => onProgress?.(++done, total));
    await removeEmptyDirs(folder, true);
    await this.save((await this.entries()).filter((e) => e.id !== id));
  }
}
