/** Seeds the installed applications: the registry and each app's own data folder. */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppEntry } from '../app-registry.js';
import { AppRegistry } from '../app-registry.js';
import { ensureDir } from '../files.js';
import { ByteStream } from '../prng.js';
import type { Prng } from '../prng.js';
import { mp3Header, writeStreamed } from './blobs.js';
import { LOCALES } from './corpus.js';
import type { ProfileSize } from './profiles.js';

/**
 * Node-name id of a package name: dots become `_` (the contract's `AppRecord.id` wants a
 * plain node name; `/` never occurs in package names).
 */
function appId(pkg: string): string {
  return pkg.replace(/\./g, '_');
}

const SYSTEM_APPS: readonly (readonly [pkg: string, name: string])[] = [
  ['com.cimo.dialer', 'Telefon'],
  ['com.cimo.messaging', 'Nachrichten'],
  ['com.cimo.settings', 'Einstellungen'],
  ['com.cimo.camera', 'Kamera'],
];

const USER_APPS: readonly (readonly [pkg: string, name: string, vendor: string])[] = [
  ['net.plaudern.chat', 'Plaudern Chat', 'Plaudern GmbH'],
  ['de.wetterfrosch.app', 'Wetterfrosch ☀️', 'Wetterfrosch AG'],
  ['fr.cuisine.recettes', 'Recettes de Mamie', 'Éditions Gourmandes'],
  ['ru.karty.navigator', 'Карты Навигатор', 'ООО «Карты»'],
  ['jp.pazuru.game', 'パズル冒険', '株式会社パズル'],
  ['com.example.podcasts', 'Podcasts', 'Example Ltd'],
];

type Files = [rel: string, data: string | Buffer][];

function chatLog(r: Prng, n: number, now: number): string {
  const msgs = Array.from({ length: n }, (_, i) => {
    const loc = r.pick(LOCALES);
    return {
      id: i + 1,
      from: r.pick(loc.given),
      at: new Date(now - (n - i) * 3_600_000).toISOString(),
      text: r.pick(loc.sms),
    };
  });
  return JSON.stringify({ version: 3, chats: [{ title: 'Familie 👨‍👩‍👧', messages: msgs }] }, null, 1);
}

/** Writes the registry and the app folders under `root`. */
export async function seedApps(
  root: string,
  r: Prng,
  size: ProfileSize,
  seed: number,
  now: number,
): Promise<void> {
  const registry = new AppRegistry(root);
  const entries: AppEntry[] = [];
  const files = new Map<string, Files>();
  for (const [pkg, name] of SYSTEM_APPS) {
    const id = appId(pkg);
    entries.push({
      id,
      name,
      version: `12.${r.int(0, 9)}.${r.int(0, 40)}`,
      vendor: 'CIMO Reference',
      removable: false,
    });
    files.set(id, [
      [
        'shared_prefs/settings.xml',
        `<?xml version="1.0" encoding="utf-8"?>\n<map>\n  <string name="locale">de-DE</string>\n  <int name="launches" value="${r.int(1, 900)}" />\n</map>\n`,
      ],
    ]);
  }
  files
    .get(appId('com.cimo.camera'))
    ?.push([
      'settings.json',
      JSON.stringify({ resolution: '4000x3000', grid: true, location: false }) + '\n',
    ]);
  for (const [pkg, name, vendor] of USER_APPS) {
    entries.push({
      id: appId(pkg),
      name,
      version: `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 99)}`,
      vendor,
      removable: true,
    });
  }
  files.set(appId('net.plaudern.chat'), [
    ['databases/chats.json', chatLog(r, Math.max(5, size.messages >> 3), now)],
    [
      'shared_prefs/account.json',
      JSON.stringify({ phone: LOCALES[0]?.mobile(r) ?? '', name: 'Jürgen' }) + '\n',
    ],
  ]);
  files.set(appId('de.wetterfrosch.app'), [
    [
      'cache/forecast.json',
      JSON.stringify({
        city: 'Köln',
        days: Array.from({ length: 7 }, (_, i) => ({
          day: i,
          max: r.int(5, 30),
          min: r.int(-5, 15),
          text: r.pick(['sonnig ☀️', 'bewölkt ☁️', 'Regen 🌧️', 'Gewitter ⛈️']),
        })),
      }) + '\n',
    ],
  ]);
  files.set(appId('fr.cuisine.recettes'), [
    [
      'recettes.jsonl',
      ['Bœuf bourguignon', 'Crème brûlée', 'Tarte Tatin', 'Ratatouille', 'Crêpes Suzette']
        .map((t) => JSON.stringify({ titre: t, minutes: r.int(20, 240) }))
        .join('\n') + '\n',
    ],
  ]);
  files.set(appId('jp.pazuru.game'), [
    [
      'save/slot1.json',
      JSON.stringify({ player: 'さくら', level: r.int(1, 300), coins: r.int(0, 99999) }) + '\n',
    ],
  ]);
  files.set(appId('ru.karty.navigator'), [
    [
      'favorites.json',
      JSON.stringify([
        { name: 'Дом', lat: 55.7558, lon: 37.6173 },
        { name: 'Работа', lat: 55.7601, lon: 37.6186 },
      ]) + '\n',
    ],
  ]);
  files.set(appId('com.example.podcasts'), [
    [
      'subscriptions.opml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><body><outline text="Deutschlandfunk – Nachrichten"/><outline text="France Culture"/></body></opml>\n',
    ],
  ]);

  await registry.save(entries);
  for (const e of entries) {
    const dir = registry.folderOf(e.id);
    await ensureDir(dir);
    for (const [rel, data] of files.get(e.id) ?? []) {
      await ensureDir(dirname(join(dir, rel)));
      await writeFile(join(dir, rel), data);
    }
  }
  // Bulk app data: map tiles and downloaded episodes, streamed like card media.
  const tiles = join(registry.folderOf(appId('ru.karty.navigator')), 'tiles');
  await ensureDir(tiles);
  for (let i = 0; i < size.mapTiles; i++) {
    const header = Buffer.from(`KTIL\x01${String(i).padStart(6, '0')}`, 'latin1');
    await writeStreamed(
      join(tiles, `${12 + (i % 4)}_${i}.bin`),
      header,
      size.mapTileBytes,
      new ByteStream(seed, `tile-${i}`),
    );
  }
  const episodes = join(registry.folderOf(appId('com.example.podcasts')), 'episodes');
  await ensureDir(episodes);
  for (let i = 0; i < size.podcasts; i++) {
    await writeStreamed(
      join(episodes, `episode-${i + 1}.mp3`),
      mp3Header(`Folge ${i + 1}: Über Käse und Kühe`, 'Deutschlandfunk'),
      size.podcastBytes,
      new ByteStream(seed, `podcast-${i}`),
    );
  }
}
