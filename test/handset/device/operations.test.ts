/**
 * Every CIMO operation driven by the console's ServerSession against a real handset
 * directory (seeded store on disk) over the in-memory transport; effects checked on disk.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseManifest, sha256Hex } from '../../../protocol/cimo/manifest.js';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import type { Handset } from '../../../handset/device/handset.js';
import { openHandsetStore } from '../../../handset/data/index.js';
import type { HandsetStore, StoreProgress } from '../../../handset/data/index.js';
import { loadState } from '../../../handset/device/device-state.js';
import {
  cleanup,
  consoleSession,
  getText,
  newHandset,
  newHandsetDir,
  openHandset,
} from './helpers.js';

afterEach(cleanup);

const P = cimoPaths('./CIMO');
const OPERATION_COMPLETE = 'urn:oma:at:cimo:1.0:OperationComplete';

/** Every regular file below `dir` (relative paths); [] when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      return;
    }
    for (const n of names) {
      const st = await stat(join(d, n));
      if (st.isDirectory()) await walk(join(d, n), `${rel}${n}/`);
      else out.push(`${rel}${n}`);
    }
  };
  await walk(dir, '');
  return out;
}

/** Execs `op` with a correlator, waits for the handset, returns the next session's alerts. */
async function runAsync(h: Handset, op: string, correlator: string) {
  const first = await consoleSession(h, (s) => s.exec(P.operations[op as 'Wipe'], { correlator }));
  expect(first.result.status).toBe(202);
  await h.idle();
  const next = await consoleSession(h, async () => undefined);
  return next.alerts.filter((a) => a.correlator === correlator);
}

describe('CIMO operations on a real handset', () => {
  it('Wipe with a Correlator: 202, the Generic Alert 1201 in a later session, files gone, counts 0', async () => {
    const h = await newHandset();
    const photos = h.store.folderOf('Photos') as string;
    const phoneBookDir = join(h.store.root, 'contacts', 'device');
    expect((await filesUnder(photos)).length).toBeGreaterThan(0);
    expect((await filesUnder(phoneBookDir)).length).toBeGreaterThan(0);
    const calendarBefore = await filesUnder(join(h.store.root, 'calendar'));

    const setup = await consoleSession(h, async (s) => {
      await s.replace(P.info('PhoneBook').ToBeWiped, 'true', { format: 'bool' });
      await s.replace(P.info('Photos').ToBeWiped, 'true', { format: 'bool' });
      return [await getText(s, P.info('Photos').ItemCount), await getText(s, P.state)];
    });
    expect(Number(setup.result[0])).toBeGreaterThan(0);
    expect(setup.result[1]).toBe('30');

    const alerts = await runAsync(h, 'Wipe', 'wipe-1');
    expect(alerts).toEqual([
      { correlator: 'wipe-1', source: P.operations.Wipe, type: OPERATION_COMPLETE, data: '1201' },
    ]);
    expect(await filesUnder(photos)).toEqual([]);
    expect(await filesUnder(phoneBookDir)).toEqual([]);
    expect(await filesUnder(join(h.store.root, 'calendar'))).toEqual(calendarBefore);

    const after = await consoleSession(h, async (s) => ({
      count: await getText(s, P.info('Photos').ItemCount),
      size: await getText(s, P.info('PhoneBook').ByteSize),
      calendar: await getText(s, P.info('Calendar').ItemCount),
      status: await getText(s, P.lastOperation.Status),
      code: await getText(s, P.lastOperation.ResultCode),
      progress: await getText(s, P.lastOperation.Progress),
      name: await getText(s, P.lastOperation.Name),
    }));
    expect(after.result).toMatchObject({
      count: '0',
      size: '0',
      status: 'done',
      code: '1201',
      progress: '100',
      name: 'Wipe',
    });
    expect(Number(after.result.calendar)).toBeGreaterThan(0);
    // The console accepted the alert: it is not sent again.
    expect(after.alerts).toEqual([]);
  });

  it('Wipe without a Correlator runs synchronously; nothing selected is 1406', async () => {
    const h = await newHandset();
    const r = await consoleSession(h, async (s) => {
      const none = await s.exec(P.operations.Wipe).catch((e: { status: number }) => e);
      const code = await getText(s, P.lastOperation.ResultCode);
      await s.replace(P.info('Notes').ToBeWiped, 'true');
      const ok = await s.exec(P.operations.Wipe);
      return {
        none: none.status,
        code,
        ok: ok.status,
        count: await getText(s, P.info('Notes').ItemCount),
      };
    });
    expect(r.result).toEqual({ none: 500, code: '1406', ok: 200, count: '0' });
    expect(h.state.lastOperation).toMatchObject({ status: 'done', resultCode: 1201 });
    expect(r.alerts).toEqual([]);
  });

  it('a second Exec while an operation runs gets 417 Retry later', async () => {
    const h = await newHandset();
    const r = await consoleSession(h, async (s) => {
      await s.replace(P.info('Photos').ToBeWiped, 'true');
      const [a, b] = await Promise.allSettled([
        s.exec(P.operations.Wipe, { correlator: 'w' }),
        s.exec(P.operations.FullyLock, { correlator: 'l' }),
      ]);
      return [a, b];
    });
    expect(r.result[0]).toMatchObject({ status: 'fulfilled', value: { status: 202 } });
    expect(r.result[1]).toMatchObject({ status: 'rejected', reason: { status: 417 } });
    await h.idle();
    expect(h.state.state).toBe(30);
  });

  it('LastOperation shows running with progress while the operation is under way', async () => {
    const dir = await newHandsetDir();
    const real = await openHandsetStore(join(dir, 'data'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const halfway = new Promise<void>((r) => (reached = r));
    // The real store, held after the first of two items until the test lets it go on.
    const store: HandsetStore = Object.assign(Object.create(real) as HandsetStore, {
      async wipe(id: string, onProgress?: StoreProgress) {
        await real.wipe(id, onProgress);
        if (id === 'Notes') {
          reached();
          await gate;
        }
      },
    });
    const h = await openHandset({ dir, store });
    await consoleSession(h, async (s) => {
      await s.replace(P.info('Notes').ToBeWiped, 'true');
      await s.replace(P.info('Messages').ToBeWiped, 'true');
      expect((await s.exec(P.operations.Wipe, { correlator: 'slow' })).status).toBe(202);
    });
    await halfway;
    try {
      const during = await consoleSession(h, async (s) => ({
        status: await getText(s, P.lastOperation.Status),
        progress: Number(await getText(s, P.lastOperation.Progress)),
        busy: await s.exec(P.operations.UnLock).catch((e: { status: number }) => e.status),
      }));
      expect(during.result).toEqual({ status: 'running', progress: 50, busy: 417 });
      // Progress is written behind the tree (coalesced atomic writes): it gets there.
      await vi.waitFor(
        async () =>
          expect((await loadState(join(dir, 'state.json'))).lastOperation).toMatchObject({
            status: 'running',
            progress: 50,
          }),
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      release();
    }
    await h.idle();
    expect(h.state.lastOperation).toMatchObject({
      status: 'done',
      progress: 100,
      resultCode: 1201,
    });
  });

  it('consent never with ConsentRequired: 1401 and nothing wiped', async () => {
    const h = await newHandset({}, { consent: 'never' });
    const photos = h.store.folderOf('Photos') as string;
    const before = await filesUnder(photos);
    await consoleSession(h, async (s) => {
      await s.replace(P.config.ConsentRequired, 'true');
      await s.replace(P.info('Photos').ToBeWiped, 'true');
    });
    const alerts = await runAsync(h, 'Wipe', 'c-1');
    expect(alerts.map((a) => a.data)).toEqual(['1401']);
    expect(await filesUnder(photos)).toEqual(before);
    expect(h.state.lastOperation).toMatchObject({ status: 'failed', resultCode: 1401 });
  });

  it('UI alert 1101 answered by the owner counts as consent for the next Exec', async () => {
    const questions: string[] = [];
    const h = await newHandset(
      {},
      {
        consent: 'ask',
        askOwner: async (q) => {
          questions.push(q);
          return questions.length === 1;
        },
      },
    );
    const r = await consoleSession(h, async (s) => {
      await s.replace(P.config.ConsentRequired, 'true');
      await s.replace(P.info('Notes').ToBeWiped, 'true');
      const yes = await s.alert({ code: 1101, options: { MAXDT: 30 }, text: 'Wipe your notes?' });
      const wiped = await s.exec(P.operations.Wipe);
      await s.replace(P.info('Calendar').ToBeWiped, 'true');
      const refused = await s.exec(P.operations.Wipe).catch((e: { status: number }) => e);
      return { yes: yes.status, wiped: wiped.status, refused: refused.status };
    });
    // 1101 asked once (yes); the first Wipe used it; the second asked again (no) → 403.
    expect(r.result).toEqual({ yes: 200, wiped: 200, refused: 403 });
    expect(questions[0]).toBe('Wipe your notes?');
    expect(questions).toHaveLength(2);
    expect(h.state.lastOperation.resultCode).toBe(1401);
  });

  it('PartiallyLock, FullyLock and UnLock change State and Locked; LockMessage is shown', async () => {
    const shown: string[] = [];
    const h = await newHandset({}, { show: (t) => shown.push(t) });
    const r = await consoleSession(h, async (s) => {
      await s.replace(P.config.LockMessage, 'Found? Call +49 30 1234567');
      await s.replace(P.info('Photos').ToBeLocked, 'true');
      // State and Locked are the device's: the console cannot write them.
      const denied = await s
        .replace(P.info('Photos').Locked, 'true')
        .catch((e: { status: number }) => e);
      await s.exec(P.operations.PartiallyLock);
      const partial = [
        await getText(s, P.state),
        await getText(s, P.info('Photos').Locked),
        await getText(s, P.info('Notes').Locked),
      ];
      await s.exec(P.operations.FullyLock);
      const full = await getText(s, P.state);
      await s.exec(P.operations.UnLock);
      return {
        denied: denied.status,
        partial,
        full,
        unlocked: [await getText(s, P.state), await getText(s, P.info('Photos').Locked)],
      };
    });
    expect(r.result).toEqual({
      denied: 425,
      partial: ['20', 'true', 'false'],
      full: '10',
      unlocked: ['30', 'false'],
    });
    expect(shown).toContain('locked: Found? Call +49 30 1234567');
  });

  it('Retrieve local: manifest in LastOperation and beside the objects, digests equal the files', async () => {
    const h = await newHandset();
    await consoleSession(h, async (s) => {
      await s.replace(P.info('PhoneBook').ToBeRetrieved, 'true');
      await s.replace(P.info('Photos').ToBeRetrieved, 'true');
      await s.replace(P.info('CardMedia').ToBeRetrieved, 'true');
    });
    const alerts = await runAsync(h, 'Retrieve', 'r-1');
    expect(alerts.map((a) => a.data)).toEqual(['1210']);
    const r = await consoleSession(h, (s) => getText(s, P.lastOperation.Manifest));
    const m = parseManifest(r.result);
    expect(m.correlator).toBe('r-1');
    expect(new Set(m.objects.map((o) => o.info))).toEqual(
      new Set(['PhoneBook', 'Photos', 'CardMedia']),
    );
    const folder = join(h.dir, 'retrieve', 'r-1');
    for (const o of m.objects) {
      const bytes = await readFile(join(folder, o.name));
      expect(bytes.length).toBe(o.size);
      expect(sha256Hex(bytes)).toBe(o.sha256);
    }
    expect(await readFile(join(folder, 'manifest.xml'), 'utf8')).toBe(r.result);
    // A later Wipe of a retrieved item shreds the published copy too, and only that item:
    // the card's media, retrieved alongside (its exports are links to its files), is intact.
    const cardDir = h.store.folderOf('CardMedia') as string;
    const card = await filesUnder(cardDir);
    expect(card.length).toBeGreaterThan(0);
    const before = await Promise.all(card.map((f) => readFile(join(cardDir, f))));
    await consoleSession(h, (s) => s.replace(P.info('Photos').ToBeWiped, 'true'));
    expect((await runAsync(h, 'Wipe', 'w-2')).map((a) => a.data)).toEqual(['1201']);
    expect(await filesUnder(folder)).toEqual([]);
    expect(await filesUnder(cardDir)).toEqual(card);
    const after = await Promise.all(card.map((f) => readFile(join(cardDir, f))));
    expect(after.map((b, i) => b.equals(before[i] as Buffer))).toEqual(card.map(() => true));
    expect(after.some((b) => b.some((x) => x !== 0))).toBe(true);
  });

  it('Uninstall: a user app and its folder go (1220); a system app is 1421', async () => {
    const h = await newHandset();
    const apps = await h.store.apps();
    const user = apps.find((a) => a.removable);
    const system = apps.find((a) => !a.removable);
    if (user === undefined || system === undefined) throw new Error('seed has no user/system app');
    const userDir = join(h.store.root, 'apps', user.id);
    expect((await stat(userDir)).isDirectory()).toBe(true);
    await consoleSession(h, (s) => s.replace(P.app(user.id).ToBeUninstalled, 'true'));
    expect((await runAsync(h, 'Uninstall', 'u-1')).map((a) => a.data)).toEqual(['1220']);
    await expect(stat(userDir)).rejects.toMatchObject({ code: 'ENOENT' });
    const list = await consoleSession(h, async (s) => {
      await s.replace(P.app(system.id).ToBeUninstalled, 'true');
      return getText(s, P.appList);
    });
    expect(list.result.split('/')).not.toContain(user.id);
    expect(list.result.split('/')).toContain(system.id);
    expect((await runAsync(h, 'Uninstall', 'u-2')).map((a) => a.data)).toEqual(['1421']);
    expect((await h.store.apps()).some((a) => a.id === system.id)).toBe(true);
  });

  it('FactoryReset wipes every item, removes removable apps and resets Config', async () => {
    const h = await newHandset();
    await consoleSession(h, async (s) => {
      await s.replace(P.config.LockMessage, 'shop 42');
      await s.replace(P.config.RetrieveTarget, 'http://127.0.0.1:9/x');
      await s.replace(P.info('Calendar').ToBeWiped, 'true');
    });
    expect((await runAsync(h, 'FactoryReset', 'f-1')).map((a) => a.data)).toEqual(['1200']);
    const r = await consoleSession(h, async (s) => {
      const counts: Record<string, string> = {};
      for (const item of h.store.items())
        counts[item.id] = await getText(s, P.info(item.id).ItemCount);
      return {
        counts,
        lock: await getText(s, P.config.LockMessage),
        target: await getText(s, P.config.RetrieveTarget),
        wiped: await getText(s, P.info('Calendar').ToBeWiped),
        apps: await getText(s, P.appList),
      };
    });
    for (const item of h.store.items()) {
      if (item.id !== 'AppData') expect(r.result.counts[item.id]).toBe('0');
    }
    expect(r.result).toMatchObject({ lock: '', target: 'local', wiped: 'false' });
    const remaining = await h.store.apps();
    expect(remaining.every((a) => !a.removable)).toBe(true);
    expect(r.result.apps.split('/').sort()).toEqual(remaining.map((a) => a.id).sort());
  });
});
