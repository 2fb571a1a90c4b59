/**
 * Exports are hard links to the stores' files: shredding a retrieval folder must destroy
 * what only the export holds and leave an item's live data alone (it is shredded when that
 * item is wiped). Checked on real files: bytes read back through a descriptor opened before
 * the shred show whether it overwrote in place.
 */
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportWriter } from '../../../handset/data/export-writer.js';
import { shredPartialRetrievals, shredTree } from '../../../handset/device/retrieval.js';

let tmp = '';
afterEach(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  tmp = '';
});

/** The bytes of an open descriptor, read from the start. */
function readFd(fd: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  readSync(fd, b, 0, size, 0);
  return b;
}

describe('retrieval folders of linked exports', () => {
  it('a crash-cut retrieval is removed without touching the files it links', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cimo-links-'));
    const data = join(tmp, 'photos');
    const retrieve = join(tmp, 'retrieve');
    mkdirSync(data);
    const photo = Buffer.from('not really a jpeg, but precious');
    writeFileSync(join(data, 'IMG_1.jpg'), photo);
    mkdirSync(join(retrieve, 'r-1'), { recursive: true });
    const w = new ExportWriter(join(retrieve, 'r-1'), 'Photos');
    const o = await w.addFile(join(data, 'IMG_1.jpg'), 'IMG_1.jpg', 'image/jpeg');
    expect(statSync(join(data, 'IMG_1.jpg')).nlink).toBe(2);
    expect(statSync(join(retrieve, 'r-1', o.name)).ino).toBe(statSync(join(data, 'IMG_1.jpg')).ino);
    // A merged object is a file of the export's own: that one is shredded in place.
    const merged = await w.writeBytes('contacts.vcf', 'text/vcard', Buffer.from('BEGIN:VCARD'));
    const fd = openSync(join(retrieve, 'r-1', merged.name), 'r');
    try {
      // No manifest: the export was cut short.
      await shredPartialRetrievals(retrieve, join(tmp, 'upload'));
      expect(readFd(fd, 11).equals(Buffer.alloc(11))).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(() => statSync(join(retrieve, 'r-1'))).toThrow();
    expect(readFileSync(join(data, 'IMG_1.jpg')).equals(photo)).toBe(true);
    expect(statSync(join(data, 'IMG_1.jpg')).nlink).toBe(1);
  });

  it('an export whose item was wiped first is shredded in place like any copy', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cimo-links-'));
    const data = join(tmp, 'card');
    mkdirSync(data);
    writeFileSync(join(data, 'song.mp3'), Buffer.alloc(4096, 7));
    mkdirSync(join(tmp, 'r-2'));
    const o = await new ExportWriter(join(tmp, 'r-2'), 'CardMedia').addFile(
      join(data, 'song.mp3'),
      'song.mp3',
      'audio/mpeg',
    );
    // The item's own file goes (a wipe would shred it; here it is just unlinked).
    rmSync(join(data, 'song.mp3'));
    const fd = openSync(join(tmp, 'r-2', o.name), 'r');
    try {
      await shredTree(join(tmp, 'r-2'));
      expect(readFd(fd, 4096).equals(Buffer.alloc(4096))).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('falls back to a copy where the file system will not link (another file system)', async () => {
    // /dev/shm is a tmpfs on Linux: a link from there into the temp folder is EXDEV.
    const other = mkdtempSync(join('/dev/shm', 'cimo-links-'));
    try {
      tmp = mkdtempSync(join(tmpdir(), 'cimo-links-'));
      const bytes = Buffer.from('from another file system');
      writeFileSync(join(other, 'a.bin'), bytes);
      const o = await new ExportWriter(tmp, 'CardMedia').addFile(
        join(other, 'a.bin'),
        'a.bin',
        'application/octet-stream',
      );
      expect(o.size).toBe(bytes.length);
      expect(readFileSync(join(tmp, o.name)).equals(bytes)).toBe(true);
      expect(statSync(join(other, 'a.bin')).nlink).toBe(1);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
