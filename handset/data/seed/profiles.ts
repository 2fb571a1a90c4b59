/** How much a seeded handset holds, per profile. */

/** Profiles of `seedHandsetStore` / `--profile`. */
export type SeedProfile = 'small' | 'typical' | 'heavy';

/** Counts and sizes the generator makes. Byte and second ranges are [min, max]. */
export interface ProfileSize {
  readonly contacts: number;
  readonly simContacts: number;
  readonly events: number;
  readonly notes: number;
  readonly messages: number;
  readonly calls: number;
  readonly photos: number;
  /** Longer side of photos (the shorter is 3/4 of it), chosen per photo. */
  readonly photoSides: readonly number[];
  readonly cardPictures: number;
  readonly cardSongs: number;
  readonly songSeconds: readonly [number, number];
  readonly cardDocs: number;
  readonly cardVideos: number;
  readonly videoBytes: readonly [number, number];
  /** Map tiles of the maps app, count and bytes each. */
  readonly mapTiles: number;
  readonly mapTileBytes: number;
  /** Downloaded podcast episodes, count and bytes each. */
  readonly podcasts: number;
  readonly podcastBytes: number;
}

const MB = 1 << 20;

export const PROFILES: Readonly<Record<SeedProfile, ProfileSize>> = {
  small: {
    contacts: 20,
    simContacts: 12,
    events: 15,
    notes: 6,
    messages: 40,
    calls: 30,
    photos: 5,
    photoSides: [400, 480],
    cardPictures: 2,
    cardSongs: 2,
    songSeconds: [2, 4],
    cardDocs: 3,
    cardVideos: 1,
    videoBytes: [600_000, 800_000],
    mapTiles: 4,
    mapTileBytes: 8_000,
    podcasts: 0,
    podcastBytes: 0,
  },
  typical: {
    contacts: 500,
    simContacts: 180,
    events: 250,
    notes: 60,
    messages: 1200,
    calls: 800,
    photos: 60,
    photoSides: [512, 640, 720],
    cardPictures: 10,
    cardSongs: 8,
    songSeconds: [6, 14],
    cardDocs: 12,
    cardVideos: 4,
    videoBytes: [2 * MB, 4 * MB],
    mapTiles: 60,
    mapTileBytes: 24_000,
    podcasts: 2,
    podcastBytes: 1 * MB,
  },
  heavy: {
    contacts: 3500,
    simContacts: 250,
    events: 1500,
    notes: 300,
    messages: 8000,
    calls: 5000,
    photos: 150,
    photoSides: [640, 720],
    cardPictures: 30,
    cardSongs: 24,
    songSeconds: [20, 40],
    cardDocs: 40,
    cardVideos: 16,
    videoBytes: [18 * MB, 26 * MB],
    mapTiles: 400,
    mapTileBytes: 40_000,
    podcasts: 8,
    podcastBytes: 4 * MB,
  },
};

/**
 * A profile scaled by `scale` (0 < scale ≤ 1, for quick tests of the heavy shape): record
 * counts shrink by `scale`; media file counts and file sizes each by √scale, so media
 * bytes also shrink by about `scale`. Each count that was positive stays at least 1.
 */
export function scaledProfile(p: ProfileSize, scale: number): ProfileSize {
  if (!(scale > 0) || scale >= 1) return p;
  const m = Math.sqrt(scale);
  const n = (x: number, k = scale): number => (x > 0 ? Math.max(1, Math.round(x * k)) : 0);
  const b = (x: number): number => (x > 0 ? Math.max(1024, Math.round(x * m)) : 0);
  return {
    ...p,
    contacts: n(p.contacts),
    simContacts: n(p.simContacts),
    events: n(p.events),
    notes: n(p.notes),
    messages: n(p.messages),
    calls: n(p.calls),
    photos: n(p.photos, m),
    cardPictures: n(p.cardPictures, m),
    cardSongs: n(p.cardSongs, m),
    songSeconds: [Math.max(1, p.songSeconds[0] * m), Math.max(1, p.songSeconds[1] * m)],
    cardDocs: n(p.cardDocs, m),
    cardVideos: n(p.cardVideos, m),
    videoBytes: [b(p.videoBytes[0]), b(p.videoBytes[1])],
    mapTiles: n(p.mapTiles, m),
    mapTileBytes: b(p.mapTileBytes),
    podcasts: n(p.podcasts, m),
    podcastBytes: b(p.podcastBytes),
  };
}
