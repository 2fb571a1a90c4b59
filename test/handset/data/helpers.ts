/** Temp data directories for the handset data tests. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A fresh temp dir; remove it with {@link removeTemp}. */
export function makeTemp(prefix = 'cimo-hd-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeTemp(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file under `dir`, recursively (relative paths, sorted). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Relative path → SHA-256 of every file under `dir`. */
export async function treeDigest(dir: string): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const f of await filesUnder(dir))
    m.set(
      f,
      createHash('sha256')
        .update(await readFile(join(dir, f)))
        .digest('hex'),
    );
  return m;
}
