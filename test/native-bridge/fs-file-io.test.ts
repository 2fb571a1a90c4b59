import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import type { Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileReader, storeError } from '../../native-bridge/fs-file-io.js';
import { errorParts } from '../../native-bridge/links/errors.js';
import { FileStoreError } from '../../protocol/obex/file-store.js';

const KiB = 1024;
const MiB = 1024 * KiB;

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cimo-fsio-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `size` bytes that differ from piece to piece (a piece out of place would show). */
function content(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >>> 11)) & 0xff;
  return out;
}

function file(name: string, data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** How many of this process's descriptors are open on `path` (the reader's file handle). */
function openOn(path: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++;
    } catch {
      // A descriptor closed while we looked (readdir's own among them).
    }
  }
  return n;
}

/**
 * A read that fails after the open: a sysfs attribute that has a size but answers EIO
 * (runtime power management of a device that does not autosuspend). Undefined where
 * there is none (that test is skipped).
 */
const failing = await findFailingRead();

describe('openFileReader', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['64 KiB - 1', 64 * KiB - 1],
    ['64 KiB', 64 * KiB],
    ['64 KiB + 1', 64 * KiB + 1],
    ['several MiB', 5 * MiB + 12_345],
  ])('reads a file of %s exactly, in pieces the consumer may keep', async (_, size) => {
    const data = content(size);
    const path = file('f.bin', data);
    const reader = await openFileReader(path);
    expect(reader.size).toBe(size);
    const pieces: Uint8Array[] = [];
    // Kept, not copied: reads ahead of the consumer go into fresh arrays, never into one
    // already handed out (compared only once the whole file is read).
    for await (const p of reader.body) pieces.push(p);
    expect(Buffer.concat(pieces).equals(Buffer.from(data))).toBe(true);
    expect(pieces.every((p) => p.length > 0 && p.length <= 64 * KiB)).toBe(true);
    expect(new Set(pieces.map((p) => p.buffer)).size).toBe(pieces.length);
    // Each array is sized to what is left of the file.
    const last = pieces.at(-1);
    if (last !== undefined) expect(last.buffer.byteLength).toBe(size % (64 * KiB) || 64 * KiB);
    expect(openOn(path)).toBe(0);
  });

  it('reads what a slow consumer asks for in order, the file closed at the end', async () => {
    const data = content(700 * KiB + 3);
    const path = file('slow.bin', data);
    const reader = await openFileReader(path);
    const it = reader.body[Symbol.asyncIterator]();
    const pieces: Uint8Array[] = [];
    for (;;) {
      const r = await it.next();
      if (r.done === true) break;
      pieces.push(r.value);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(Buffer.concat(pieces).equals(Buffer.from(data))).toBe(true);
    expect(openOn(path)).toBe(0);
    expect((await it.next()).done).toBe(true);
  });

  it('ends early, with the file’s own bytes, when the file shrinks', async () => {
    const data = content(MiB);
    const path = file('shrinks.bin', data);
    // Cut before reading began: exactly what is left.
    const before = await openFileReader(path);
    truncateSync(path, 1000);
    const got: Uint8Array[] = [];
    for await (const p of before.body) got.push(p);
    expect(Buffer.concat(got).equals(Buffer.from(data.subarray(0, 1000)))).toBe(true);
    expect(openOn(path)).toBe(0);
    // Cut mid-way, beyond the reads in flight (the two pieces after the first: a read that
    // races a cut may see the cut page zeroed, like every reader): the pieces before the
    // cut come whole, the one it falls in short, and the body ends there.
    writeFileSync(path, data);
    const during = await openFileReader(path);
    const it = during.body[Symbol.asyncIterator]();
    const first = await it.next();
    truncateSync(path, 500_000);
    const rest: Uint8Array[] = first.done === true ? [] : [first.value];
    for (let r = await it.next(); r.done !== true; r = await it.next()) rest.push(r.value);
    expect(rest.map((p) => p.length)).toEqual([...Array<number>(7).fill(64 * KiB), 41_248]);
    expect(Buffer.concat(rest).equals(Buffer.from(data.subarray(0, 500_000)))).toBe(true);
    expect(openOn(path)).toBe(0);
  });

  it('closes the file on return(): before reading, mid-way, and with a read in flight', async () => {
    const path = file('big.bin', content(5 * MiB));
    const unread = await openFileReader(path);
    expect(openOn(path)).toBe(1);
    const it0 = unread.body[Symbol.asyncIterator]();
    await it0.return?.();
    expect(openOn(path)).toBe(0);
    expect((await it0.next()).done).toBe(true);

    // Mid-way, reads ahead of the consumer in flight.
    const midway = await openFileReader(path);
    const it1 = midway.body[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) expect((await it1.next()).done).toBe(false);
    await it1.return?.();
    expect(openOn(path)).toBe(0);
    expect((await it1.next()).done).toBe(true);

    // While a next() waits for its read: return() waits for the read, then closes; the
    // next() that waited ends the body instead of handing out a piece after the close.
    const racing = await openFileReader(path);
    const it2 = racing.body[Symbol.asyncIterator]();
    const pending = it2.next();
    await it2.return?.();
    expect(openOn(path)).toBe(0);
    expect((await pending).done).toBe(true);
    expect((await it2.next()).done).toBe(true);
  });

  it('maps open failures, and closes the file when a read fails', async () => {
    const toStore = (e: unknown): Error => storeError(e, ['x']);
    const code = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof FileStoreError ? e.code : `other ${errorParts(e).code}`),
      );
    expect(await code(openFileReader(join(dir, 'none.bin'), toStore))).toBe('not-found');
    mkdirSync(join(dir, 'folder'));
    expect(await code(openFileReader(join(dir, 'folder'), toStore))).toBe('is-a-folder');
    symlinkSync(file('target.bin', content(10)), join(dir, 'link.bin'));
    const loop = openFileReader(join(dir, 'link.bin'), toStore, { noFollow: true });
    expect(await code(loop)).toBe('other ELOOP');
    expect(openOn(join(dir, 'target.bin'))).toBe(0);
  });

  it.skipIf(failing === undefined)('passes a failed read through mapError', async () => {
    const path = failing as string;
    const mapped: unknown[] = [];
    const reader = await openFileReader(path, (e) => {
      mapped.push(e);
      return new Error('mapped', { cause: e });
    });
    const it = reader.body[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow('mapped');
    expect(mapped.map((e) => errorParts(e).code)).toEqual(['EIO']);
    expect(openOn(path)).toBe(0);
    expect((await it.next()).done).toBe(true);
  });
});

/** A file that opens, has a size, and fails to read (EIO); undefined if none is found. */
async function findFailingRead(): Promise<string | undefined> {
  // Runtime power-management attributes sit a few folders down; symlinks are not followed
  // (sysfs links back and forth), and the walk stops at the first candidate that fails.
  const candidates: string[] = [];
  const walk = (folder: string, depth: number): void => {
    if (depth > 6 || candidates.length >= 20) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(folder, e.name), depth + 1);
      else if (e.isFile() && e.name === 'autosuspend_delay_ms')
        candidates.push(join(folder, e.name));
    }
  };
  walk('/sys/devices', 0);
  for (const path of candidates) {
    try {
      if ((await stat(path)).size === 0) continue;
      const reader = await openFileReader(path);
      const it = reader.body[Symbol.asyncIterator]();
      try {
        await it.next();
      } catch (e) {
        if (errorParts(e).code === 'EIO') return path;
      } finally {
        await it.return?.();
      }
    } catch {
      // Not readable here: try the next one.
    }
  }
  return undefined;
}
