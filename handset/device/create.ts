/**
 * Making a new handset directory: identity, initial state, seeded data.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { PROFILES, seedHandsetStore } from '../data/index.js';
import type { SeedProfile } from '../data/index.js';
import { writeFileAtomic } from './atomic-file.js';
import { initialState } from './device-state.js';
import { HandsetDirError } from './errors.js';
import { makeIdentity, saveIdentity } from './identity.js';
import type { HandsetIdentity, IdentityOptions } from './identity.js';
import { handsetPaths } from './paths.js';

/** What a seeder is asked for. */
export interface SeedRequest {
  readonly profile: string;
  readonly seed: number;
  readonly scale?: number;
}

/** Options of {@link createHandset}. */
export interface CreateHandsetOptions extends IdentityOptions {
  /** Seed-data size (`small`, `typical`, `heavy`); default `small`. */
  readonly profile?: string;
  /**
   * Fills the data directory; default the data stores' seeder
   * (`seedHandsetStore(root, { profile, seed })`).
   */
  readonly seedData?: (dataRoot: string, o: SeedRequest) => Promise<void>;
  /** Shrinks the profile's counts and sizes (0 < scale ≤ 1; tests); default 1. */
  readonly scale?: number;
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
  await seedData(paths.data, {
    profile: options.profile ?? 'small',
    seed: identity.seed,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  });
  await mkdir(paths.retrieve, { recursive: true });
  await writeFileAtomic(paths.state, JSON.stringify(initialState(), null, 1) + '\n');
  // identity.json last: its presence marks a complete handset directory.
  await saveIdentity(paths.identity, identity);
  return identity;
}

async function defaultSeeder(root: string, o: SeedRequest): Promise<void> {
  if (!isSeedProfile(o.profile)) {
    throw new TypeError(`profile: ${o.profile} is not one of ${Object.keys(PROFILES).join(', ')}`);
  }
  await seedHandsetStore(root, { profile: o.profile, seed: o.seed, scale: o.scale ?? 1 });
}

function isSeedProfile(p: string): p is SeedProfile {
  return Object.hasOwn(PROFILES, p);
}
