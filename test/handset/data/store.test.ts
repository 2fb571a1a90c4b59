import { createHash } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AppNotRemovableError,
  AppRegistryError,
  UnknownDataError,
  describeStore,
  formatDescription,
  openHandsetStore,
  readVCards21,
  readVCards3,
  readEvents,
  safeName,
  seedHandsetStore,
} from '../../../handset/data/index.js';
import type { DirectoryHandsetStore } from '../../../handset/data/index.js';
import { filesUnder, makeTemp, removeTemp } from './helpers.js';

let tmp: string;
let store: DirectoryHandsetStore;

beforeEach(async () => {
  tmp = await makeTemp();
  await seedHandsetStore(join(tmp, 'data'), { profile: 'small', seed: 3 });
  store = await openHandsetStore(join(tmp, 'data'));
});
afterEach(() => removeTemp(tmp));

const ITEM_IDS = [
  'PhoneBook',
  'SIMPhoneBook',
  'Calendar',
  'Notes',
  'Messages',
  'CallLog',
  'Photos',
  'CardMedia',
  'AppData',
];

describe('opening', () => {
  it('a missing folder becomes an empty handset', async () => {
    const empty = await openHandsetStore(join(tmp, 'new', 'data'));
    expect(empty.items().map((i) => i.id)).toEqual(ITEM_IDS);
    for (const i of empty.items())
      expect(await empty.stats(i.id)).toEqual({ itemCount: 0, byteSize: 0 });
    expect(await empty.apps()).toEqual([]);
    expect(await empty.exportItem('PhoneBook', tmp)).toEqual([]);
  });

  it('items carry the CIMO categories, locations and formats', () => {
    const byId = new Map(store.items().map((i) => [i.id, i]));
    expect(byId.get('SIMPhoneBook')).toMatchObject({
      category: 'contacts',
      location: 'sim',
      format: 'text/x-vcard',
    });
    expect(byId.get('CardMedia')).toMatchObject({ category: 'media', location: 'card' });
    expect(byId.get('Photos')).toMatchObject({ category: 'images', format: 'image/jpeg' });
    expect(byId.get('CallLog')).toMatchObject({ category: 'call-log' });
  });

  it('unknown ids throw UnknownDataError', async () => {
    await expect(store.stats('Nope')).rejects.toBeInstanceOf(UnknownDataError);
    await expect(store.wipe('Nope')).rejects.toBeInstanceOf(UnknownDataError);
    await expect(store.uninstall('nope')).rejects.toMatchObject({ kind: 'app', unknownData: true });
  });

  it('folderOf: the real folders of Photos and CardMedia, nothing for record stores', async () => {
    expect(store.folderOf('Photos')).toBe(join(store.root, 'photos'));
    expect(store.folderOf('CardMedia')).toBe(join(store.root, 'card'));
    expect((await stat(store.folderOf('CardMedia') ?? '')).isDirectory()).toBe(true);
    expect(store.folderOf('PhoneBook')).toBeUndefined();
    expect(store.folderOf('AppData')).toBeUndefined();
  });
});

describe('export', () => {
  it('writes one file per record store and file copies; digests equal a fresh SHA-256', async () => {
    const out = join(tmp, 'export');
    await mkdir(out);
    const all = [];
    for (const id of ITEM_IDS) {
      const progress: [number, number][] = [];
      const objs = await store.exportItem(id, out, (d, t) => progress.push([d, t]));
      expect(objs.length, id).toBeGreaterThan(0);
      expect(progress.at(-1), id).toEqual([progress.at(-1)?.[1], progress.at(-1)?.[1]]);
      all.push(...objs);
    }
    expect(new Set(all.map((o) => o.name)).size).toBe(all.length);
    expect((await readdir(out)).sort()).toEqual(all.map((o) => o.name).sort());
    for (const o of all) {
      expect(o.name).toBe(safeName(o.name));
      const bytes = await readFile(join(out, o.name));
      expect(o.size).toBe(bytes.length);
      expect(o.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const pb = all.filter((o) => o.info === 'PhoneBook');
    expect(pb).toEqual([expect.objectContaining({ name: 'PhoneBook.vcf', type: 'text/vcard' })]);
    expect(readVCards3(await readFile(join(out, 'PhoneBook.vcf'), 'utf8'))).toHaveLength(
      (await store.stats('PhoneBook')).itemCount,
    );
    expect(readVCards21(await readFile(join(out, 'SIMPhoneBook.vcf'), 'utf8'))).toHaveLength(
      (await store.stats('SIMPhoneBook')).itemCount,
    );
    const ics = await readFile(join(out, 'Calendar.ics'), 'utf8');
    expect(ics.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(readEvents(ics)).toHaveLength((await store.stats('Calendar')).itemCount);
    expect((await readFile(join(out, 'CallLog.csv'), 'utf8')).split('\r\n')[0]).toBe(
      'direction,number,name,start,duration_seconds',
    );
    // Photos: the photos themselves, not the thumbnails.
    const photos = all.filter((o) => o.info === 'Photos');
    expect(photos).toHaveLength((await store.stats('Photos')).itemCount);
    expect(photos.every((o) => o.type === 'image/jpeg')).toBe(true);
    const card = all.filter((o) => o.info === 'CardMedia');
    expect(new Set(card.map((o) => o.type))).toEqual(
      new Set(['audio/wav', 'image/jpeg', 'application/pdf', 'text/plain', 'video/mp4']),
    );
    expect(card.some((o) => o.name.startsWith('Music_') && /[^\u0020-\u007e]/.test(o.name))).toBe(
      true,
    );
  });

  it('a second export into the same folder never overwrites: names get a suffix', async () => {
    const out = join(tmp, 'export');
    await mkdir(out);
    const a = await store.exportItem('Notes', out);
    const b = await store.exportItem('Notes', out);
    expect(a[0]?.name).toBe('Notes.vnt');
    expect(b[0]?.name).toBe('Notes-2.vnt');
    expect(b[0]?.sha256).toBe(a[0]?.sha256);
  });

  it('hostile file names on the card become safe single segments', async () => {
    const card = store.folderOf('CardMedia') ?? '';
    await writeFile(join(card, '..%2F..%2Fetc passwd'), 'x');
    await writeFile(join(card, '.hidden-but-on-card.txt'), 'y');
    await mkdir(join(card, 'a\\b'), { recursive: true });
    await writeFile(join(card, 'a\\b', 'c:d?.txt'), 'z');
    const out = join(tmp, 'export');
    await mkdir(out);
    const objs = await store.exportItem('CardMedia', out);
    for (const o of objs) {
      expect(o.name).not.toMatch(/[/\\:?]|^\./);
      expect(o.name.length).toBeGreaterThan(0);
    }
    expect(await filesUnder(out)).toHaveLength(objs.length);
    expect(safeName('../../x')).toBe('x');
    expect(safeName('..')).toBe('object');
    expect(safeName('a/b\\c')).toBe('a_b_c');
    expect(safeName('Пісня 🎵 №1.wav')).toBe('Пісня_1.wav');
    expect([...safeName('é'.repeat(300) + '.wav')].length).toBeLessThanOrEqual(120);
  });
});

describe('wipe', () => {
  it('overwrites the bytes in place before unlinking (a hard link and an open fd see zeros)', async () => {
    const photos = store.folderOf('Photos') ?? '';
    const [first] = (await readdir(photos)).filter((f) => f.endsWith('.jpg'));
    const keep = join(tmp, 'hardlink.jpg');
    await link(join(photos, first ?? ''), keep);
    const vcf = join(store.root, 'contacts/device/000001.vcf');
    const fd = await open(vcf, 'r');
    const before = await readFile(keep);
    expect(before.some((b) => b !== 0)).toBe(true);
    const progress: [number, number][] = [];
    await store.wipe('Photos', (d, t) => progress.push([d, t]));
    await store.wipe('PhoneBook');
    const after = await readFile(keep);
    expect(after.length).toBe(before.length);
    expect(after.every((b) => b === 0)).toBe(true);
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fd.read(buf, 0, 64, 0);
    await fd.close();
    expect(bytesRead).toBe(64);
    expect(buf.every((b) => b === 0)).toBe(true);
    expect(progress[0]).toEqual([0, 10]);
    expect(progress.at(-1)).toEqual([10, 10]);
  });

  it('leaves no files and reads 0/0 afterwards; the folder stays', async () => {
    for (const id of ITEM_IDS) {
      await store.wipe(id);
      expect(await store.stats(id), id).toEqual({ itemCount: 0, byteSize: 0 });
    }
    expect((await filesUnder(store.root)).filter((f) => f !== 'apps.json')).toEqual([]);
    expect(await readdir(store.folderOf('Photos') ?? '')).toEqual([]);
    expect(await store.readRecords('Messages')).toEqual([]);
    // Wiping app data keeps the apps installed, with empty data.
    expect((await store.apps()).every((a) => a.dataBytes === 0)).toBe(true);
    expect(await store.apps()).toHaveLength(10);
  });

  it('is re-runnable after a crash part-way (some files already gone, a temporary left)', async () => {
    const dir = join(store.root, 'messages');
    const files = (await readdir(dir)).sort();
    // Simulate an interrupted wipe: the first half zeroed and unlinked, a stray temp file.
    const fresh = await openHandsetStore(store.root);
    for (const f of files.slice(0, files.length / 2)) {
      await writeFile(join(dir, f), Buffer.alloc(1));
      await unlink(join(dir, f));
    }
    // ... and the next one overwritten but not yet unlinked.
    const half = files[files.length / 2] ?? '';
    await writeFile(join(dir, half), Buffer.alloc((await stat(join(dir, half))).size));
    await writeFile(join(dir, '000999.vmg.tmp'), 'partial');
    expect((await fresh.stats('Messages')).itemCount).toBe(files.length - files.length / 2);
    await fresh.wipe('Messages');
    expect(await fresh.stats('Messages')).toEqual({ itemCount: 0, byteSize: 0 });
    await fresh.wipe('Messages');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('apps', () => {
  it('uninstalling a system app throws AppNotRemovableError and removes nothing', async () => {
    const before = await store.apps();
    const sys = before.find((a) => !a.removable);
    expect(sys).toBeDefined();
    const folderBefore = await filesUnder(join(store.root, 'apps', sys?.id ?? ''));
    await expect(store.uninstall(sys?.id ?? '')).rejects.toBeInstanceOf(AppNotRemovableError);
    await expect(store.uninstall(sys?.id ?? '')).rejects.toMatchObject({
      appId: sys?.id,
      appNotRemovable: true,
    });
    expect(await store.apps()).toEqual(before);
    expect(await filesUnder(join(store.root, 'apps', sys?.id ?? ''))).toEqual(folderBefore);
  });

  it('uninstall shreds the app folder and drops the registry entry', async () => {
    const app = (await store.apps()).find((a) => a.id === 'net_plaudern_chat');
    expect(app?.removable).toBe(true);
    const folder = join(store.root, 'apps', 'net_plaudern_chat');
    const db = join(folder, 'databases', 'chats.json');
    const keep = join(tmp, 'chats-link');
    await link(db, keep);
    const progress: number[] = [];
    await store.uninstall('net_plaudern_chat', (d) => progress.push(d));
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readFile(keep)).every((b) => b === 0)).toBe(true);
    expect((await store.apps()).map((a) => a.id)).not.toContain('net_plaudern_chat');
    expect(JSON.parse(await readFile(join(store.root, 'apps.json'), 'utf8'))).toHaveLength(9);
    expect(progress.at(-1)).toBe(2);
    await expect(store.uninstall('net_plaudern_chat')).rejects.toBeInstanceOf(UnknownDataError);
  });
});

describe('app registry', () => {
  it('refuses a registry whose ids could escape apps/ (nothing removed)', async () => {
    const registry = join(store.root, 'apps.json');
    const entries = JSON.parse(await readFile(registry, 'utf8')) as { id: string }[];
    await writeFile(
      registry,
      JSON.stringify([
        ...entries,
        { id: '../contacts', name: 'x', version: '1', vendor: 'x', removable: true },
      ]),
    );
    await expect(store.apps()).rejects.toBeInstanceOf(AppRegistryError);
    await expect(store.uninstall('../contacts')).rejects.toBeInstanceOf(AppRegistryError);
    expect((await store.stats('PhoneBook')).itemCount).toBeGreaterThan(0);
  });

  it('a second store over the same folder (a restart) sees the same state', async () => {
    await store.uninstall('jp_pazuru_game');
    await store.wipe('Notes');
    const again = await openHandsetStore(store.root);
    expect(await again.apps()).toEqual(await store.apps());
    expect(await again.stats('Notes')).toEqual({ itemCount: 0, byteSize: 0 });
  });
});

describe('factory reset', () => {
  it('wipes every item and removes every removable app, keeping system apps', async () => {
    const system = (await store.apps()).filter((a) => !a.removable).map((a) => a.id);
    const progress: [number, number][] = [];
    await store.factoryReset((d, t) => progress.push([d, t]));
    for (const id of ITEM_IDS)
      expect(await store.stats(id), id).toEqual({ itemCount: 0, byteSize: 0 });
    const apps = await store.apps();
    expect(apps.map((a) => a.id)).toEqual(system);
    expect(apps.every((a) => a.dataBytes === 0)).toBe(true);
    expect(await filesUnder(store.root)).toEqual(['apps.json']);
    const total = progress[0]?.[1] ?? 0;
    expect(total).toBeGreaterThan(50);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.[0]).toBeGreaterThanOrEqual(progress[i - 1]?.[0] ?? 0);
    // Run again (as after a crash): still clean, nothing thrown.
    await store.factoryReset();
    expect(await filesUnder(store.root)).toEqual(['apps.json']);
  });

  it('describeStore reports per-item stats and apps', async () => {
    const d = await describeStore(store);
    expect(d.items.map((i) => i.id)).toEqual(ITEM_IDS);
    expect(d.apps.total).toBe(10);
    expect(d.totalBytes).toBe(d.items.reduce((n, i) => n + i.byteSize, 0));
    expect(formatDescription(d)).toContain('PhoneBook');
    await store.factoryReset();
    const after = await describeStore(store);
    expect(after.totalBytes).toBe(0);
    expect(after.apps.removable).toBe(0);
  });
});
