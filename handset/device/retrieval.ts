/**
 * Retrieve (CIMO-MO.md "Retrieve"): the selected items exported into
 * `<dir>/retrieve/<correlator>/` with a `manifest.xml` beside them, and the shredding of
 * such folders when the data they copy is wiped.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildManifest, parseManifest } from '../../protocol/cimo/manifest.js';
import type { RetrievalManifest, RetrievalObject } from '../../protocol/cimo/manifest.js';
import { shredFile, shredTree as shredFolder } from '../data/files.js';
import type { HandsetStore } from '../data/types.js';
import { writeFileAtomic } from './atomic-file.js';

/** Name of the manifest file in a retrieval folder. */
export const MANIFEST_FILE = 'manifest.xml';

/**
 * The folder name for a correlator: the correlator itself when it is a plain name
 * (letters, digits, `-`, `_`, `.`, at most 64, not `.`/`..`), else a readable stem plus a
 * hash, so two correlators never share a folder and nothing escapes `retrieve/`.
 */
export function retrievalFolderName(correlator: string): string {
  if (/^[A-Za-z0-9_.-]{1,64}$/.test(correlator) && !/^\.{1,2}$/.test(correlator)) {
    return correlator;
  }
  const stem = correlator.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32);
  const hash = createHash('sha256').update(correlator).digest('hex').slice(0, 12);
  return `${stem}-${hash}`;
}

/** What {@link exportRetrieval} produced. */
export interface RetrievalResult {
  readonly folder: string;
  readonly manifest: RetrievalManifest;
  readonly manifestXml: string;
}

/**
 * Exports `ids` from `store` into `<retrieveRoot>/<folder name of correlator>/` (replacing
 * an earlier retrieval with that correlator) and writes the manifest there. `onProgress`
 * gets the fraction done after each store progress report.
 */
export async function exportRetrieval(
  store: HandsetStore,
  ids: readonly string[],
  retrieveRoot: string,
  correlator: string,
  created: Date,
  onProgress: (fraction: number) => void,
): Promise<RetrievalResult> {
  const folder = join(retrieveRoot, retrievalFolderName(correlator));
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const objects: RetrievalObject[] = [];
  for (const [i, id] of ids.entries()) {
    const written = await store.exportItem(id, folder, (done, total) => {
      onProgress((i + (total > 0 ? done / total : 1)) / ids.length);
    });
    objects.push(...written);
    onProgress((i + 1) / ids.length);
  }
  const manifest: RetrievalManifest = { correlator, created: created.toISOString(), objects };
  const manifestXml = buildManifest(manifest);
  await writeFileAtomic(join(folder, MANIFEST_FILE), manifestXml);
  return { folder, manifest, manifestXml };
}

/**
 * Shreds every retrieval folder holding a copy of one of `ids` (all of them when `ids` is
 * undefined): a wiped item must not live on in a published retrieval. A folder whose
 * manifest cannot be read is shredded too — it is ours, and unverifiable.
 */
export async function shredRetrievals(
  retrieveRoot: string,
  ids: readonly string[] | undefined,
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(retrieveRoot);
  } catch {
    return;
  }
  const wanted = ids === undefined ? undefined : new Set(ids);
  for (const name of names) {
    const folder = join(retrieveRoot, name);
    if (wanted !== undefined) {
      let holds: boolean;
      try {
        const m = parseManifest(readFileSync(join(folder, MANIFEST_FILE)));
        holds = m.objects.some((o) => wanted.has(o.info));
      } catch {
        holds = true;
      }
      if (!holds) continue;
    }
    await shredTree(folder);
  }
}

/**
 * Shreds a file, or a folder and everything in it (each file overwritten with zeros,
 * flushed and unlinked: the wipe rule for copies too), then removes the folder. An exported
 * file that is a hard link to a store's file (`keepShared`) is only unlinked: its bytes are
 * that item's live data, shredded in place when the item is wiped, which zeros this name
 * too. Wiping one item of a retrieval of two must not destroy the other.
 */
export async function shredTree(path: string): Promise<void> {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (st.isDirectory()) {
    await shredFolder(path, undefined, { keepShared: true });
    await rm(path, { recursive: true, force: true });
  } else if (st.isFile()) {
    await shredFile(path, { keepShared: true });
  } else {
    await rm(path, { force: true });
  }
}

/**
 * After a crash: a retrieval folder without its manifest (written last) was cut short and
 * is shredded, as is everything staged for an upload — nothing half-made stays published.
 */
export async function shredPartialRetrievals(retrieveRoot: string, uploadRoot: string) {
  await shredRetrievals(uploadRoot, undefined);
  let names: string[];
  try {
    names = await readdir(retrieveRoot);
  } catch {
    return;
  }
  for (const name of names) {
    const complete = await stat(join(retrieveRoot, name, MANIFEST_FILE)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!complete) await shredTree(join(retrieveRoot, name));
  }
}
