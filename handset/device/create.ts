/**
 * Making a new handset directory: identity, initial state, seeded data.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';
import { initialState } from './device-state.js';
import { HandsetDirError } from './errors.js';
import { makeIdentity, saveIdentity } from './identity.js';
import type { HandsetIdentity, IdentityOptions } from './identity.js';
import { handsetPaths } from './paths.js';

/** Options of {@link createHandset}. */
export interface CreateHandsetOptions extends IdentityOptions {
  /** Seed-data size (`small`, `typical`, `heavy`); default `small`. */
  readonly profile?: string;
  /**
   * Fills the data directory; default the data stores' seeder
   * (`seedHandsetStore(root, { profile, seed })`).
   */
  readonly seedData?: (dataRoot: string, o: { profile: string; seed: number }) => Promise<void>;
}

/**
 * Creates a handset in `dir` (which must not exist or be empty): `identity.json` from
 * persona + seed (deterministic: the same seed gives the same IMEI and data), the data
 * store seeded with `profile`, and a fresh `state.json` (unlocked, nothing selected).
 * Returns the identity; open it with `Handset.open({ dir })`. `HandsetDirError`
 * (`exists`) when `dir` already holds something.
 */
export async function createHandset(
  dir: string,
  options: CreateHandsetOptions = {},
): Promise<HandsetIdentity> {
  const paths = handsetPaths(dir);
  await mkdir(paths.dir, { recursive: true });
  if ((await readdir(paths.dir)).length > 0) {
    throw new HandsetDirError(paths.dir, 'exists', 'the directory is not empty');
  }
  const identity = makeIdentity(options);
  await mkdir(paths.data, { recursive: true });
  const seedData = options.seedData ?? defaultSeeder;
  await seedData(paths.data, { profile: options.profile ?? 'small', seed: identity.seed });
  await mkdir(paths.retrieve, { recursive: true });
  await writeFileAtomic(paths.state, JSON.stringify(initialState(), null, 1) + '\n');
  // identity.json last: its presence marks a complete handset directory.
  await saveIdentity(paths.identity, identity);
  return identity;
}

// TODO(data/index.ts): seed with the data stores' seeder once handset/data/index.ts lands.
async function defaultSeeder(root: string): Promise<void> {
  throw new TypeError(`no default seeder yet for ${root}: pass options.seedData`);
}
