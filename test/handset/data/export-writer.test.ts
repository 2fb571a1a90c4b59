/**
 * ExportWriter.addFile on real files: the exported file is byte for byte what the file held
 * when read, across several read pieces and for an empty file, with its digest.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportWriter } from '../../../handset/data/export-writer.js';

let tmp = '';
afterEach(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  tmp = '';
});

describe('ExportWriter.addFile', () => {
  it('copies large and empty files exactly and names the digest of the copy', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cimo-export-'));
    const out = join(tmp, 'out');
    mkdirSync(out);
    // 2.5 MiB: three read pieces of at most 1 MiB.
    const big = Buffer.alloc(2.5 * 1024 * 1024 + 7);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 12)) & 0xff;
    writeFileSync(join(tmp, 'video.mp4'), big);
    writeFileSync(join(tmp, 'empty.txt'), '');
    const w = new ExportWriter(out, 'CardMedia');
    const a = await w.addFile(join(tmp, 'video.mp4'), 'Video/clip one.mp4', 'video/mp4');
    const b = await w.addFile(join(tmp, 'empty.txt'), 'empty.txt', 'text/plain');
    expect(a).toMatchObject({ info: 'CardMedia', name: 'Video_clip_one.mp4', size: big.length });
    expect(readFileSync(join(out, a.name)).equals(big)).toBe(true);
    expect(a.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(b).toMatchObject({ name: 'empty.txt', size: 0 });
    expect(b.sha256).toBe(createHash('sha256').update('').digest('hex'));
    expect(readFileSync(join(out, 'empty.txt')).length).toBe(0);
    expect(w.written).toEqual([a, b]);
  });
});
