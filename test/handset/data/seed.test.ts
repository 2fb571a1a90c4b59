import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROFILES,
  SIM_MAX_ENTRIES,
  SIM_NAME_MAX,
  openHandsetStore,
  readCalls,
  readEvents,
  readVCards21,
  readVCards3,
  readVMessages,
  readVNotes,
  seedHandsetStore,
} from '../../../handset/data/index.js';
import type { DirectoryHandsetStore, SeedSummary } from '../../../handset/data/index.js';
import { filesUnder, makeTemp, removeTemp, treeDigest } from './helpers.js';

let tmp: string;
let store: DirectoryHandsetStore;
let summary: SeedSummary;

beforeAll(async () => {
  tmp = await makeTemp();
  summary = await seedHandsetStore(join(tmp, 'a'), { profile: 'small', seed: 7 });
  store = await openHandsetStore(join(tmp, 'a'));
});
afterAll(() => removeTemp(tmp));

describe('seeding is deterministic', () => {
  it('the same seed gives byte-identical files; another seed different ones', async () => {
    await seedHandsetStore(join(tmp, 'b'), { profile: 'small', seed: 7 });
    await seedHandsetStore(join(tmp, 'c'), { profile: 'small', seed: 8 });
    const a = await treeDigest(join(tmp, 'a'));
    const b = await treeDigest(join(tmp, 'b'));
    const c = await treeDigest(join(tmp, 'c'));
    expect(a.size).toBeGreaterThan(100);
    expect(b).toEqual(a);
    const same = [...c].filter(([f, h]) => a.get(f) === h).map(([f]) => f);
    // Only fixed texts may coincide: system app settings, static documents, and the SIM's
    // three service entries (mailbox, emergency, hotline), which every handset has.
    const fixedSim = [
      'contacts/sim/000001.vcf',
      'contacts/sim/000002.vcf',
      'contacts/sim/000003.vcf',
    ];
    expect(
      same.filter(
        (f) =>
          /^(contacts|calendar|notes|messages|call-log|photos)\//.test(f) && !fixedSim.includes(f),
      ),
    ).toEqual([]);
    expect(same.length).toBeLessThan(a.size / 4);
  });

  it('reseeding over existing data replaces it entirely', async () => {
    await seedHandsetStore(join(tmp, 'b'), { profile: 'small', seed: 8 });
    expect(await treeDigest(join(tmp, 'b'))).toEqual(await treeDigest(join(tmp, 'c')));
  });
});

describe('small profile content', () => {
  it('has the profile counts and stats equal to the files on disk', async () => {
    const p = PROFILES.small;
    const byId = new Map(summary.items.map((i) => [i.id, i]));
    expect(byId.get('PhoneBook')?.itemCount).toBe(p.contacts);
    expect(byId.get('Photos')?.itemCount).toBe(p.photos);
    expect(summary.apps).toBeGreaterThanOrEqual(8);
    expect(summary.totalBytes).toBeGreaterThan(1_000_000);
    expect(summary.totalBytes).toBeLessThan(2_500_000);
    for (const spec of store.items()) {
      const st = await store.stats(spec.id);
      const dir = join(
        store.root,
        {
          PhoneBook: 'contacts/device',
          SIMPhoneBook: 'contacts/sim',
          Calendar: 'calendar',
          Notes: 'notes',
          Messages: 'messages',
          CallLog: 'call-log',
          Photos: 'photos',
          CardMedia: 'card',
          AppData: 'apps',
        }[spec.id] ?? '?',
      );
      const files = await filesUnder(dir);
      let bytes = 0;
      for (const f of files) bytes += (await stat(join(dir, f))).size;
      expect(st.byteSize, spec.id).toBe(bytes);
      expect(st.itemCount, spec.id).toBe(
        files.filter((f) => !f.split('/').some((s) => s.startsWith('.'))).length,
      );
      expect(st.itemCount, spec.id).toBeGreaterThan(0);
    }
  });

  it('record stores parse back with the format readers (vCard 3.0 with ical.js)', async () => {
    const cards = readVCards3((await store.readRecords('PhoneBook')).join(''));
    expect(cards).toHaveLength(PROFILES.small.contacts);
    for (const c of cards) {
      expect(c.formatted).not.toBe('');
      expect(c.phones[0]?.number).toMatch(/^\+\d{1,3} [\d -]+$/);
    }
    const all = (await store.readRecords('PhoneBook')).join('');
    expect(all).toMatch(/[^\r\n\u0020-\u007e]/);
    const jcards = ICAL.parse(all) as unknown[][];
    expect(jcards).toHaveLength(PROFILES.small.contacts);
    expect(readEvents((await store.readRecords('Calendar')).join(''))).toHaveLength(
      PROFILES.small.events,
    );
    expect(readVNotes((await store.readRecords('Notes')).join(''))).toHaveLength(
      PROFILES.small.notes,
    );
    const msgs = readVMessages((await store.readRecords('Messages')).join(''));
    expect(msgs).toHaveLength(PROFILES.small.messages);
    expect(new Set(msgs.map((m) => m.box))).toEqual(new Set(['INBOX', 'SENT']));
    expect(msgs.every((m) => m.body.length > 0 && Number.isFinite(m.date))).toBe(true);
    expect(readCalls((await store.readRecords('CallLog')).join(''))).toHaveLength(
      PROFILES.small.calls,
    );
  });

  it('SIM entries respect SIM limits: short names, one number', async () => {
    const texts = await store.readRecords('SIMPhoneBook');
    const sims = readVCards21(texts.join(''));
    expect(sims.length).toBe(PROFILES.small.simContacts);
    expect(sims.length).toBeLessThanOrEqual(SIM_MAX_ENTRIES);
    for (const [i, s] of sims.entries()) {
      expect([...s.name].length).toBeLessThanOrEqual(SIM_NAME_MAX);
      expect(s.name.length).toBeGreaterThan(0);
      expect(texts[i]?.match(/^TEL/gm)).toHaveLength(1);
      expect(texts[i]).toMatch(/^VERSION:2\.1\r$/m);
    }
  });

  it('photos are baseline JPEGs of the right size, each with a decodable thumbnail', async () => {
    const dir = store.folderOf('Photos') ?? '';
    const photos = (await filesUnder(dir)).filter((f) => !f.startsWith('.'));
    expect(photos).toHaveLength(PROFILES.small.photos);
    for (const f of photos) {
      const bytes = await readFile(join(dir, f));
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(bytes.includes(Buffer.from([0xff, 0xc0]))).toBe(true); // SOF0 = baseline
      const img = jpeg.decode(bytes, { useTArray: true });
      expect(Math.max(img.width, img.height)).toBeOneOf([...PROFILES.small.photoSides]);
      expect(Math.min(img.width, img.height)).toBe(
        Math.round((Math.max(img.width, img.height) * 3) / 4),
      );
      const thumb = jpeg.decode(await readFile(join(dir, '.thumbnails', f)), { useTArray: true });
      expect(Math.max(thumb.width, thumb.height)).toBe(160);
      expect(thumb.width > thumb.height).toBe(img.width > img.height);
    }
  });

  it('card media have valid headers: WAV, JPEG, PDF, MP4/3GP', async () => {
    const dir = store.folderOf('CardMedia') ?? '';
    const files = await filesUnder(dir);
    expect(files.some((f) => /[^\u0020-\u007e]/.test(f))).toBe(true);
    const wavs = files.filter((f) => f.endsWith('.wav'));
    expect(wavs.length).toBe(PROFILES.small.cardSongs);
    for (const f of wavs) {
      const b = await readFile(join(dir, f));
      expect(b.toString('ascii', 0, 4)).toBe('RIFF');
      expect(b.readUInt32LE(4)).toBe(b.length - 8);
      expect(b.toString('ascii', 8, 16)).toBe('WAVEfmt ');
      expect(b.readUInt16LE(20)).toBe(1);
      const channels = b.readUInt16LE(22);
      const rate = b.readUInt32LE(24);
      const bits = b.readUInt16LE(34);
      expect(b.readUInt32LE(28)).toBe((rate * channels * bits) / 8);
      expect(b.toString('ascii', 36, 40)).toBe('data');
      expect(b.readUInt32LE(40)).toBe(b.length - 44);
      const secs = (b.length - 44) / (rate * 2);
      expect(secs).toBeGreaterThanOrEqual(PROFILES.small.songSeconds[0] - 0.01);
    }
    for (const f of files.filter((x) => x.endsWith('.jpg')))
      expect(jpeg.decode(await readFile(join(dir, f))).width).toBe(320);
    for (const f of files.filter((x) => x.endsWith('.pdf'))) {
      const t = (await readFile(join(dir, f))).toString('latin1');
      expect(t.startsWith('%PDF-1.4')).toBe(true);
      const xref = Number(/startxref\n(\d+)/.exec(t)?.[1]);
      expect(t.slice(xref, xref + 4)).toBe('xref');
    }
    for (const f of files.filter((x) => /\.(mp4|3gp)$/.test(x))) {
      const b = await readFile(join(dir, f));
      expect(b.toString('ascii', 4, 8)).toBe('ftyp');
      const ftyp = b.readUInt32BE(0);
      expect(b.toString('ascii', ftyp + 4, ftyp + 8)).toBe('mdat');
      expect(ftyp + b.readUInt32BE(ftyp)).toBe(b.length);
    }
  });

  it('apps: a registry with system and user apps, each with its own data', async () => {
    const apps = await store.apps();
    expect(apps.filter((a) => !a.removable).length).toBeGreaterThanOrEqual(3);
    expect(apps.filter((a) => a.removable).length).toBeGreaterThanOrEqual(4);
    for (const a of apps) {
      expect(a.id).not.toMatch(/[/?]/);
      expect(a.dataBytes).toBeGreaterThan(0);
    }
    expect(JSON.parse(await readFile(join(store.root, 'apps.json'), 'utf8'))).toHaveLength(
      apps.length,
    );
  });
});

describe('heavy profile shape (scaled down)', () => {
  it('seeds a 2% heavy handset with the heavy mix', async () => {
    const s = await seedHandsetStore(join(tmp, 'heavy'), {
      profile: 'heavy',
      seed: 1,
      scale: 0.02,
    });
    const byId = new Map(s.items.map((i) => [i.id, i]));
    expect(byId.get('PhoneBook')?.itemCount).toBe(Math.round(PROFILES.heavy.contacts * 0.02));
    expect(byId.get('SIMPhoneBook')?.itemCount).toBe(Math.round(PROFILES.heavy.simContacts * 0.02));
    expect(byId.get('CardMedia')?.byteSize ?? 0).toBeGreaterThan(0.01 * 300 * 2 ** 20);
    expect(s.totalBytes).toBeLessThan(0.04 * 500 * 2 ** 20);
    expect(PROFILES.heavy.contacts).toBeGreaterThanOrEqual(3000);
    expect(PROFILES.heavy.simContacts).toBeLessThanOrEqual(SIM_MAX_ENTRIES);
    expect(PROFILES.heavy.cardVideos * PROFILES.heavy.videoBytes[0]).toBeGreaterThanOrEqual(
      280 * 2 ** 20,
    );
  });
});
