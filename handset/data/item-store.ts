/**
 * Size, export and wipe of one information item, from what is on disk: a record store
 * (one file per record) or a file store (photos, card, app data).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportWriter } from './export-writer.js';
import { listFiles, shredFiles, totalSize } from './files.js';
import type { FoundFile } from './files.js';
import { CALL_CSV_HEADER } from './formats/call-csv.js';
import { mergeCalendars } from './formats/icalendar.js';
import type { ItemLayout } from './layout.js';
import { mimeOf } from './mime.js';
import type { ExportedObject, ItemStats, StoreProgress } from './types.js';

/** True for files under a dot-folder or dot-files (thumbnails, temporaries). */
function hidden(rel: string): boolean {
  return rel.split('/').some((seg) => seg.startsWith('.'));
}

/** The files that count as the item's objects (records, or visible files). */
function objects(layout: ItemLayout, files: readonly FoundFile[]): FoundFile[] {
  return layout.kind === 'records'
    ? files.filter((f) => !f.rel.includes('/') && f.rel.endsWith(layout.ext))
    : files.filter((f) => !hidden(f.rel));
}

/** The export of one record store: all record texts joined the way the format wants. */
function combine(layout: ItemLayout, texts: readonly string[]): string {
  if (layout.spec.id === 'Calendar') return mergeCalendars(texts);
  if (layout.spec.id === 'CallLog') return CALL_CSV_HEADER + texts.join('');
  return texts.join('');
}

/** One item of a handset's data directory. */
export class ItemStore {
  readonly dir: string;

  constructor(
    root: string,
    readonly layout: ItemLayout,
  ) {
    this.dir = join(root, layout.dir);
  }

  /**
   * Object count and bytes on disk. Records: record files; file stores: files outside
   * dot-folders (a photo counts once, its thumbnail does not). Bytes count every file,
   * thumbnails and leftovers included, so a half-done wipe never reads 0 bytes.
   */
  async stats(): Promise<ItemStats> {
    const files = await listFiles(this.dir);
    return { itemCount: objects(this.layout, files).length, byteSize: totalSize(files) };
  }

  /** The record texts, in record order (record stores only). */
  async readRecords(): Promise<string[]> {
    if (this.layout.kind !== 'records') return [];
    const files = objects(this.layout, await listFiles(this.dir));
    // Small files read synchronously: see files.ts for why.
    return files.map((f) => readFileSync(f.path, 'utf8'));
  }

  /**
   * Writes the item's objects into `dir`. A record store becomes one file (`<Id>.<ext>`);
   * an empty one writes nothing. File stores copy each visible file (thumbnails are
   * derived data and stay behind) under a flattened safe name of its relative path.
   */
  async export(dir: string, onProgress?: StoreProgress): Promise<ExportedObject[]> {
    const w = new ExportWriter(dir, this.layout.spec.id);
    const layout = this.layout;
    if (layout.kind === 'records') {
      const texts = await this.readRecords();
      onProgress?.(0, 1);
      if (texts.length > 0)
        await w.writeBytes(
          layout.exportName,
          layout.spec.format,
          Buffer.from(combine(layout, texts), 'utf8'),
        );
      onProgress?.(1, 1);
      return w.written;
    }
    const files = objects(layout, await listFiles(this.dir));
    onProgress?.(0, files.length);
    for (const [i, f] of files.entries()) {
      await w.addFile(f.path, f.rel.replace(/\//g, '_'), mimeOf(f.rel));
      onProgress?.(i + 1, files.length);
    }
    return w.written;
  }

  /** Files a wipe will shred (every file, leftovers included). */
  async fileCount(): Promise<number> {
    return (await listFiles(this.dir)).length;
  }

  /**
   * Shreds every file of the item (overwrite, fsync, unlink) and removes its sub-folders;
   * the item's folder stays, empty. Re-runnable after an interruption. `onProgress` gets
   * (0, files) first, then (n, files) after each file.
   */
  async wipe(onProgress?: StoreProgress): Promise<void> {
    const files = await listFiles(this.dir);
    let done = 0;
    onProgress?.(0, files.length);
    await shredFiles(this.dir, files, () => onProgress?.(++done, files.length));
  }
}
