/**
 * Exporting a retrieval for the customer: every stored object decrypted into a folder
 * the operator chose, one subfolder per item, under sanitized unique names with an
 * extension matching the type (contacts `.vcf`, events `.ics`/`.vcs`, notes `.vnt`,
 * images by type). Existing files are never overwritten. Each file's SHA-256 is checked
 * against the manifest as it is written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { VaultExportError } from './errors.js';
import { UniqueNames } from './safe-name.js';
import type { Vault } from './vault.js';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'text/vcard': '.vcf',
  'text/x-vcard': '.vcf',
  'text/directory': '.vcf',
  'text/calendar': '.ics',
  'text/x-vcalendar': '.vcs',
  'text/x-vnote': '.vnt',
  'text/x-vmessage': '.vmg',
  'text/plain': '.txt',
  'text/csv': '.csv',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
};

/** Options of {@link exportRetrieval}. */
export interface ExportOptions {
  /** Only these items (default: all). */
  readonly items?: readonly string[];
  /** Also export objects that did not verify (default false). */
  readonly includeUnverified?: boolean;
}

/** One written file. */
export interface ExportedFile {
  readonly object: number;
  readonly item: string;
  /** Path relative to the target folder. */
  readonly path: string;
  readonly size: number;
  /** True when the written bytes' SHA-256 equals the manifest's. */
  readonly digestMatches: boolean;
}

function withExtension(name: string, type: string): string {
  const ext = EXTENSIONS[(type.split(';')[0] ?? '').trim().toLowerCase()];
  return ext === undefined || name.toLowerCase().endsWith(ext) ? name : `${name}${ext}`;
}

/**
 * Writes the retrieval's stored objects under `target` (created if missing; must be a
 * folder). Throws `VaultExportError('target-not-directory' | 'write-failed')`; files
 * written before a failure stay. Returns what was written.
 */
export async function exportRetrieval(
  vault: Vault,
  retrievalId: string,
  target: string,
  options: ExportOptions = {},
): Promise<ExportedFile[]> {
  const detail = vault.retrieval(retrievalId);
  try {
    mkdirSync(target, { recursive: true });
    if (!statSync(target).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new VaultExportError('target-not-directory', 'the export target is not a folder', {
      cause: e,
    });
  }
  const folders = new UniqueNames();
  for (const f of readdirSync(target)) folders.reserve(f);
  const folderOf = new Map<string, { dir: string; names: UniqueNames }>();
  const written: ExportedFile[] = [];
  for (const o of detail.objects) {
    if (!o.stored || (o.state !== 'ok' && options.includeUnverified !== true)) continue;
    if (options.items !== undefined && !options.items.includes(o.item)) continue;
    let f = folderOf.get(o.item);
    if (f === undefined) {
      const dir = folders.take(o.item, 'item');
      mkdirSync(join(target, dir), { recursive: true });
      const names = new UniqueNames();
      for (const x of readdirSync(join(target, dir))) names.reserve(x);
      f = { dir, names };
      folderOf.set(o.item, f);
    }
    const name = f.names.take(withExtension(o.name, o.type), `object-${o.index}`);
    const rel = join(f.dir, name);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const fh = await open(join(target, rel), 'wx', 0o600);
      try {
        for await (const chunk of vault.objectStream(retrievalId, o.index)) {
          hash.update(chunk);
          size += chunk.length;
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw new VaultExportError('write-failed', `object ${o.index} could not be written`, {
        cause: e,
      });
    }
    written.push({
      object: o.index,
      item: o.item,
      path: rel,
      size,
      digestMatches: hash.digest('hex') === o.sha256,
    });
  }
  return written;
}
