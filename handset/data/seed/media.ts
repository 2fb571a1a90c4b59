/** Seeds the file stores: photos (with thumbnails) and the memory card. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDir } from '../files.js';
import { THUMBNAILS_DIR } from '../layout.js';
import { ByteStream } from '../prng.js';
import type { Prng } from '../prng.js';
import { makePdf, makeWav, videoHeader, writeStreamed } from './blobs.js';
import { encodeJpeg, renderPicture, thumbnailOf } from './images.js';
import type { ProfileSize } from './profiles.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYYMMDD_HHMMSS` in UTC, the way camera apps name files. */
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Thumbnail size (longer side) and JPEG qualities. */
const THUMB_SIDE = 160;
const PHOTO_QUALITY = 85;
const THUMB_QUALITY = 70;

/** Photos `IMG_<stamp>.jpg` in `photos/`, each with a thumbnail of the same name in `photos/.thumbnails/`. */
export async function seedPhotos(
  dir: string,
  r: Prng,
  size: ProfileSize,
  now: number,
): Promise<void> {
  await ensureDir(join(dir, THUMBNAILS_DIR));
  let t = now - size.photos * 7 * 3_600_000;
  for (let i = 0; i < size.photos; i++) {
    t += r.int(60, 14 * 3_600) * 1000;
    const side = r.pick(size.photoSides);
    const short = Math.round((side * 3) / 4);
    const portrait = r.chance(0.3);
    const img = renderPicture(r, portrait ? short : side, portrait ? side : short);
    const name = `IMG_${stamp(t)}.jpg`;
    await writeFile(join(dir, name), encodeJpeg(img, PHOTO_QUALITY));
    await writeFile(
      join(dir, THUMBNAILS_DIR, name),
      encodeJpeg(thumbnailOf(img, THUMB_SIDE), THUMB_QUALITY),
    );
  }
}

const SONGS = [
  'Żywiołak – Pieśń o wietrze',
  'Les Étoiles – Café du matin',
  'Кино – Звезда',
  'Μελωδία της θάλασσας',
  '夜の散歩',
  '月光小夜曲',
  'Die Ärzte – Schrei nach Liebe (Demo)',
  'Fairuz – صباح الخير',
  'Ringtone – Nokia Tune Remix 📱',
];
const DOCS = [
  ['Rechnung_2024-0117', ['Rechnung Nr. 2024-0117', 'Betrag: 149,90 EUR', 'Zahlbar bis 31.01.']],
  ['Facture_EDF', ['Facture electricite', 'Montant: 62,40 EUR']],
  ['Boarding_Pass_LH1234', ['Lufthansa LH 1234', 'FRA -> KRK', 'Seat 14C', 'Gate B44']],
  ['Договор_аренды', ['Dogovor arendy kvartiry', 'Moskva, 2024']],
  ['CV_2024', ['Curriculum Vitae', 'Experience: 10 years field engineering']],
] as const;
const TEXTS = [
  [
    'Notizen_Urlaub.txt',
    'Urlaub in Südtirol 🏔️\n- Wanderschuhe\n- Sonnencreme\n- Brötchen fürs Frühstück',
  ],
  ['recette_crêpes.txt', 'Crêpes : 250 g de farine, 4 œufs, ½ l de lait, une pincée de sel.'],
  ['Список_дел.txt', '1. Позвонить в банк\n2. Забрать посылку\n3. Купить подарок'],
  ['旅行計画.txt', '京都 → 大阪 → 奈良\n新幹線の切符を予約する'],
  ['README.txt', 'Memory card of the CIMO reference handset.\nFiles here are seeded test data.'],
] as const;

/**
 * The memory card: `Music/` (WAV tunes), `Pictures/` (JPEGs), `Documents/` (PDF and
 * UTF-8 text), `Movies/` (MP4/3GP-like files of keyed random data behind a valid header).
 * File names are deliberately non-ASCII, as on real cards.
 */
export async function seedCard(
  dir: string,
  r: Prng,
  size: ProfileSize,
  seed: number,
  now: number,
): Promise<void> {
  for (const sub of ['Music', 'Pictures', 'Documents', 'Movies']) await ensureDir(join(dir, sub));
  for (let i = 0; i < size.cardSongs; i++) {
    const secs = size.songSeconds[0] + r.next() * (size.songSeconds[1] - size.songSeconds[0]);
    const title = SONGS[i % SONGS.length] ?? 'Track';
    const name =
      i < SONGS.length ? `${title}.wav` : `${title} (${Math.floor(i / SONGS.length) + 1}).wav`;
    await writeFile(join(dir, 'Music', name), makeWav(r, secs));
  }
  for (let i = 0; i < size.cardPictures; i++) {
    const img = renderPicture(r, 320, 240);
    await writeFile(
      join(dir, 'Pictures', `Screenshot_${stamp(now - (i + 1) * 86_400_000)}.jpg`),
      encodeJpeg(img, 80),
    );
  }
  for (let i = 0; i < size.cardDocs; i++) {
    const n = Math.floor(i / 2);
    if (i % 2 === 0) {
      const [title, lines] = DOCS[n % DOCS.length] ?? DOCS[0];
      await writeFile(
        join(dir, 'Documents', `${title}${n >= DOCS.length ? `_${n}` : ''}.pdf`),
        makePdf(title, lines),
      );
    } else {
      const [name, text] = TEXTS[n % TEXTS.length] ?? TEXTS[0];
      await writeFile(
        join(dir, 'Documents', n >= TEXTS.length ? name.replace('.txt', `_${n}.txt`) : name),
        text + '\n',
      );
    }
  }
  for (let i = 0; i < size.cardVideos; i++) {
    const bytes = r.int(size.videoBytes[0], size.videoBytes[1]);
    const threeGp = i % 3 === 2;
    const name = `VID_${stamp(now - (i + 1) * 3 * 86_400_000)}.${threeGp ? '3gp' : 'mp4'}`;
    await writeStreamed(
      join(dir, 'Movies', name),
      videoHeader(threeGp ? '3gp4' : 'isom', bytes),
      bytes,
      new ByteStream(seed, `video-${i}`),
    );
  }
}
