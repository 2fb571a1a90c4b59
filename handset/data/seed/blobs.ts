/**
 * Media file bodies: WAV audio (real PCM tones), video-like MP4/3GP files (a valid
 * `ftyp` box, then an `mdat` box of keyed pseudo-random bytes streamed to disk), MP3-like
 * files (ID3v2 tag then MPEG frame headers over random payload) and small PDFs.
 */
import { open } from 'node:fs/promises';
import type { ByteStream, Prng } from '../prng.js';

/** A 16-bit mono PCM WAV of `seconds` of a short tune (sine notes with a decay). */
export function makeWav(r: Prng, seconds: number, rate = 22_050): Buffer {
  const samples = Math.max(1, Math.round(seconds * rate));
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28); // byte rate
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples * 2, 40);
  const noteLen = Math.round(rate * (0.2 + r.next() * 0.3));
  const scale = [261.63, 293.66, 329.63, 349.23, 392.0, 440.0, 493.88, 523.25];
  let freq = r.pick(scale);
  for (let i = 0; i < samples; i++) {
    const inNote = i % noteLen;
    if (inNote === 0) freq = r.pick(scale);
    const env = Math.exp((-3 * inNote) / noteLen);
    const v = Math.sin((2 * Math.PI * freq * i) / rate) * env * 0.6;
    buf.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
  }
  return buf;
}

/** Writes `header`, then `bodyBytes` bytes of the keyed stream, to a new file. */
export async function writeStreamed(
  path: string,
  header: Uint8Array,
  bodyBytes: number,
  stream: ByteStream,
): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.write(header);
    const CHUNK = 1 << 20;
    for (let left = bodyBytes; left > 0; left -= CHUNK)
      await fh.write(stream.take(Math.min(CHUNK, left)));
  } finally {
    await fh.close();
  }
}

/** An ISO-BMFF `ftyp` box and the head of an `mdat` box holding `payload` bytes. */
export function videoHeader(brand: 'isom' | '3gp4', payload: number): Buffer {
  const compat = brand === 'isom' ? ['isom', 'iso2', 'avc1', 'mp41'] : ['3gp4', '3gp5', 'isom'];
  const ftyp = Buffer.alloc(16 + compat.length * 4);
  ftyp.writeUInt32BE(ftyp.length, 0);
  ftyp.write('ftyp', 4, 'ascii');
  ftyp.write(brand, 8, 'ascii');
  ftyp.writeUInt32BE(brand === 'isom' ? 0x200 : 0, 12);
  compat.forEach((c, i) => ftyp.write(c, 16 + i * 4, 'ascii'));
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(8 + payload, 0);
  mdat.write('mdat', 4, 'ascii');
  return Buffer.concat([ftyp, mdat]);
}

/** An ID3v2.3 tag with title and artist (UTF-16 text frames), then an MPEG-1 L3 frame header. */
export function mp3Header(title: string, artist: string): Buffer {
  const frame = (id: string, text: string): Buffer => {
    const body = Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const h = Buffer.alloc(10);
    h.write(id, 0, 'ascii');
    h.writeUInt32BE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const frames = Buffer.concat([frame('TIT2', title), frame('TPE1', artist)]);
  const size = frames.length;
  // ID3 sizes are "synchsafe": 7 bits per byte.
  const head = Buffer.from([
    'I'.charCodeAt(0),
    'D'.charCodeAt(0),
    '3'.charCodeAt(0),
    3,
    0,
    0,
    (size >> 21) & 0x7f,
    (size >> 14) & 0x7f,
    (size >> 7) & 0x7f,
    size & 0x7f,
  ]);
  return Buffer.concat([head, frames, Buffer.from([0xff, 0xfb, 0x90, 0x64])]);
}

/** A one-page PDF 1.4 showing `lines` (ASCII; others become `?`), with a correct xref. */
export function makePdf(title: string, lines: readonly string[]): Buffer {
  const esc = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const text = [
    `BT /F1 18 Tf 72 770 Td (${esc(title)}) Tj ET`,
    ...lines.map((l, i) => `BT /F1 11 Tf 72 ${740 - i * 16} Td (${esc(l)}) Tj ET`),
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Title (${esc(title)}) /Producer (CIMO reference handset) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
