import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isValidImei,
  loadIdentity,
  luhnCheckDigit,
  makeIdentity,
} from '../../../handset/device/identity.js';
import { saveIdentity } from '../../../handset/device/identity.js';
import {
  initialState,
  LAZY_WRITE_MS,
  loadState,
  StateFile,
} from '../../../handset/device/device-state.js';
import type { DeviceState } from '../../../handset/device/device-state.js';
import { isHandsetDirError } from '../../../handset/device/errors.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cimo-identity-'));
  dirs.push(d);
  return d;
}

describe('IMEI', () => {
  it('computes the Luhn check digit of published examples', () => {
    // The IMEI example of the GSMA/Wikipedia article: 49015420323751 → 8.
    expect(luhnCheckDigit('49015420323751')).toBe(8);
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('490154203237517')).toBe(false);
    expect(isValidImei('49015420323751')).toBe(false);
  });

  it('is deterministic per seed and persona, different across seeds, always valid', () => {
    const a = makeIdentity({ seed: 7 });
    expect(makeIdentity({ seed: 7 })).toEqual(a);
    const imeis = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const id = makeIdentity({ seed, persona: seed % 2 === 0 ? 'cimo' : 'lawmo' });
      expect(isValidImei(id.imei)).toBe(true);
      expect(id.devId).toBe(`IMEI:${id.imei}`);
      imeis.add(id.imei);
    }
    expect(imeis.size).toBeGreaterThan(190);
    expect(makeIdentity({ seed: 7, persona: 'feature-phone' }).mod).not.toBe(a.mod);
  });

  it('round-trips identity.json and rejects a file with a bad check digit', async () => {
    const d = await tempDir();
    const id = makeIdentity({ seed: 3, persona: 'feature-phone', authType: 'basic' });
    await saveIdentity(join(d, 'identity.json'), id);
    expect(await loadIdentity(join(d, 'identity.json'))).toEqual(id);
    const bad = { ...id, imei: id.imei.slice(0, 14) + String((Number(id.imei[14]) + 1) % 10) };
    await writeFile(join(d, 'bad.json'), JSON.stringify(bad));
    await expect(loadIdentity(join(d, 'bad.json'))).rejects.toSatisfy(isHandsetDirError);
    await expect(loadIdentity(join(d, 'none.json'))).rejects.toMatchObject({ reason: 'missing' });
  });
});

describe('state.json', () => {
  it('writes every update atomically and coalesces bursts, leaving no temp files', async () => {
    const d = await tempDir();
    const path = join(d, 'state.json');
    const f = new StateFile(path, initialState());
    const writes = [];
    for (let i = 0; i < 50; i++) {
      writes.push(f.update((s) => ({ ...s, lastOperation: { ...s.lastOperation, progress: i } })));
    }
    await Promise.all(writes);
    await f.flush();
    const onDisk = await loadState(path);
    expect(onDisk.lastOperation.progress).toBe(49);
    expect(await readdir(d)).toEqual(['state.json']);
    f.stop();
    await f.update((s) => ({ ...s, state: 10 }));
    expect((await loadState(path)).state).toBe(30);
    expect(f.current.state).toBe(10);
  });

  it('writes noted changes (progress) lazily: once soon after, or at once with a flush', async () => {
    const d = await tempDir();
    const path = join(d, 'state.json');
    const f = new StateFile(path, initialState());
    await f.update((s) => s);
    const progress = (p: number) => (s: DeviceState) => ({
      ...s,
      lastOperation: { ...s.lastOperation, progress: p },
    });
    for (let i = 1; i <= 40; i++) f.note(progress(i));
    expect(f.current.lastOperation.progress).toBe(40);
    expect((await loadState(path)).lastOperation.progress).toBe(0); // not yet on disk
    const until = Date.now() + LAZY_WRITE_MS + 2000;
    while ((await loadState(path)).lastOperation.progress !== 40 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect((await loadState(path)).lastOperation.progress).toBe(40);
    f.note(progress(41));
    await f.flush(); // a flush takes noted changes along
    expect((await loadState(path)).lastOperation.progress).toBe(41);
    f.note(progress(42));
    f.stop(); // nothing more is written, not even what was noted
    await new Promise((r) => setTimeout(r, LAZY_WRITE_MS + 200));
    expect((await loadState(path)).lastOperation.progress).toBe(41);
    expect(await readdir(d)).toEqual(['state.json']);
  });

  it('refuses a file that is not a state file', async () => {
    const d = await tempDir();
    await writeFile(join(d, 'state.json'), '{"version":2}');
    await expect(loadState(join(d, 'state.json'))).rejects.toMatchObject({ reason: 'malformed' });
    await writeFile(join(d, 'state.json'), '{not json');
    await expect(loadState(join(d, 'state.json'))).rejects.toMatchObject({ reason: 'malformed' });
    expect(await readFile(join(d, 'state.json'), 'utf8')).toBe('{not json');
  });
});
