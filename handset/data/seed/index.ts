/** The seed-data generator: fills a handset's data directory at a chosen size. */
import { join } from 'node:path';
import { AppRegistry } from '../app-registry.js';
import { removeTree } from '../files.js';
import { openHandsetStore } from '../handset-store.js';
import { APP_REGISTRY, ITEM_LAYOUTS, layoutOf } from '../layout.js';
import { Prng } from '../prng.js';
import type { ItemStats } from '../types.js';
import { seedApps } from './apps.js';
import { seedCard, seedPhotos } from './media.js';
import { PROFILES, scaledProfile } from './profiles.js';
import type { SeedProfile } from './profiles.js';
import { seedRecords } from './records.js';

export type { SeedProfile } from './profiles.js';

/** What to seed. */
export interface SeedOptions {
  readonly profile: SeedProfile;
  /** Any integer; the same seed always yields byte-identical files. */
  readonly seed: number;
  /**
   * Shrinks counts and sizes (0 < scale ≤ 1; default 1), e.g. to test the heavy profile's
   * shape quickly.
   */
  readonly scale?: number;
}

/** What a seeding produced. */
export interface SeedSummary {
  readonly profile: SeedProfile;
  readonly seed: number;
  /** The handset's "now" all seeded timestamps are relative to (ISO-8601). */
  readonly epoch: string;
  /** Per item, in `InfoList` order. */
  readonly items: readonly ({ readonly id: string } & ItemStats)[];
  readonly apps: number;
  readonly totalBytes: number;
  /** Wall time of the seeding (not part of the content). */
  readonly elapsedMs: number;
}

const DAY = 86_400_000;

/**
 * The handset's "now" for a seed: 2024-01-01T09:00Z plus up to two years in whole days
 * plus a time of day, both from the seed. Content never depends on the wall clock.
 */
export function seedEpoch(seed: number): number {
  const s = seed >>> 0;
  return Date.UTC(2024, 0, 1, 9) + (s % 730) * DAY + (Math.floor(s / 730) % 600) * 60_000;
}

/**
 * Fills `root` (created when absent) with a handset's data. Whatever the items and apps
 * held before is removed first (plainly, not shredded: this is test data being replaced),
 * so the result depends only on the options.
 */
export async function seedHandsetStore(root: string, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const size = scaledProfile(PROFILES[options.profile], options.scale ?? 1);
  const store = await openHandsetStore(root);
  for (const l of ITEM_LAYOUTS) await removeTree(join(store.root, l.dir));
  await removeTree(join(store.root, APP_REGISTRY));
  await store.init();
  const rng = new Prng(options.seed);
  const now = seedEpoch(options.seed);
  const dirOf = (id: string): string => join(store.root, layoutOf(id)?.dir ?? id);
  await seedRecords(store.root, rng.fork('records'), size, now);
  await seedPhotos(dirOf('Photos'), rng.fork('photos'), size, now);
  await seedCard(dirOf('CardMedia'), rng.fork('card'), size, options.seed, now);
  await seedApps(store.root, rng.fork('apps'), size, options.seed, now);
  const items = [];
  let totalBytes = 0;
  for (const spec of store.items()) {
    const st = await store.stats(spec.id);
    items.push({ id: spec.id, ...st });
    totalBytes += st.byteSize;
  }
  const apps = (await new AppRegistry(store.root).entries()).length;
  return {
    profile: options.profile,
    seed: options.seed,
    epoch: new Date(now).toISOString(),
    items,
    apps,
    totalBytes,
    elapsedMs: Math.round(performance.now() - started),
  };
}
