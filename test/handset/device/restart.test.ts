/**
 * Restarts: what the console set, what operations did, queued Generic Alerts and DM
 * nonces survive closing and reopening the handset directory; an operation cut short by
 * a crash (thrown in-process, and a real SIGKILL of a child process) reads `failed`.
 */
import { spawn } from 'node:child_process';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import { InjectedCrash } from '../../../handset/device/errors.js';
import { loadState } from '../../../handset/device/device-state.js';
import type { Handset } from '../../../handset/device/handset.js';
import {
  cleanup,
  consoleSession,
  getText,
  newHandsetDir,
  openHandset,
  tempDir,
} from './helpers.js';

afterEach(cleanup);

/** Regular files below `dir`, thumbnails included. */
async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

/**
 * Console sessions with `h` that keep the console's own copy of the nonces, as a real
 * console's database would (started from the handset's, updated from each session).
 */
function consoleKeepingNonces(h: Handset) {
  const accounts = h.consoleAccounts();
  if (accounts === undefined) throw new Error('the handset should use MD5');
  const held = { client: accounts.clientAccount.nonce, server: accounts.credentials.nonce };
  const session = async <T>(on: Handset, fn: Parameters<typeof consoleSession<T>>[1]) =>
    consoleSession(on, fn, {
      server: {
        clientAccount: { ...accounts.clientAccount, nonce: held.client },
        credentials: { ...accounts.credentials, nonce: held.server },
        onEvent: () => undefined,
      },
    }).then((r) => {
      for (const e of r.events) {
        if (e.type === 'client-nonce') held.client = e.nonce;
        if (e.type === 'server-nonce') held.server = e.nonce;
      }
      return r;
    });
  return { accounts, held, session };
}

const P = cimoPaths('./CIMO');

describe('handset restart', () => {
  it('keeps selections, Config, State, LastOperation, queued alerts and DM nonces', async () => {
    const dir = await newHandsetDir();
    const h1 = await openHandset({ dir });
    const { accounts, held, session } = consoleKeepingNonces(h1);
    await session(h1, async (s) => {
      await s.replace(P.info('Notes').ToBeRetrieved, 'true');
      await s.replace(P.info('Calendar').ToBeWiped, 'true');
      await s.replace(P.info('Photos').ToBeLocked, 'true');
      await s.replace(P.config.LockMessage, 'Bitte zurückgeben: 030 123456');
      await s.replace(P.config.ConsentRequired, 'true');
      expect((await s.exec(P.operations.PartiallyLock, { correlator: 'pl-1' })).status).toBe(202);
    });
    await h1.close();
    // The session's nonce change really happened (so surviving it means something).
    expect(held.client).not.toEqual(accounts.clientAccount.nonce);

    const h2 = await openHandset({ dir });
    expect(h2.status().queuedAlerts).toBe(1);
    const r = await session(h2, async (s) => ({
      retrieved: await getText(s, P.info('Notes').ToBeRetrieved),
      wiped: await getText(s, P.info('Calendar').ToBeWiped),
      lock: await getText(s, P.config.LockMessage),
      consent: await getText(s, P.config.ConsentRequired),
      state: await getText(s, P.state),
      locked: await getText(s, P.info('Photos').Locked),
      last: await getText(s, P.lastOperation.Status),
      code: await getText(s, P.lastOperation.ResultCode),
    }));
    expect(r.result).toEqual({
      retrieved: 'true',
      wiped: 'true',
      lock: 'Bitte zurückgeben: 030 123456',
      consent: 'true',
      state: '20',
      locked: 'true',
      last: 'done',
      code: '1200',
    });
    expect(r.alerts).toEqual([
      expect.objectContaining({
        correlator: 'pl-1',
        source: P.operations.PartiallyLock,
        data: '1200',
      }),
    ]);
    expect(h2.status().queuedAlerts).toBe(0);
    expect(h2.status().lockMessage).toBe('Bitte zurückgeben: 030 123456');
  });

  it('resynchronises nonces a crash kept from the state file (they are written lazily)', async () => {
    const dir = await newHandsetDir();
    const h1 = await openHandset({ dir });
    const { held, session } = consoleKeepingNonces(h1);
    await session(h1, (s) => getText(s, './DevInfo/DevId'));
    // The crash: the handset's folder as the disk holds it right after the session.
    const crashed = join(await tempDir(), 'h');
    await cp(dir, crashed, { recursive: true });
    const onDisk = (await loadState(join(crashed, 'state.json'))).nonces;
    const b64 = (n: Uint8Array | undefined): string => Buffer.from(n ?? []).toString('base64');
    // The console moved on to nonces the crashed handset never stored.
    expect([onDisk.client, onDisk.server]).not.toEqual([b64(held.client), b64(held.server)]);
    const h2 = await openHandset({ dir: crashed });
    const r = await session(h2, (s) => getText(s, './DevInfo/DevId'));
    expect(r.result).toBe(h1.identity.devId);
    // And the session after that authenticates with what both sides now hold.
    const again = await session(h2, (s) => getText(s, './DevInfo/DevId'));
    expect(again.result).toBe(h1.identity.devId);
  });

  it('an injected crash during Wipe leaves LastOperation failed (1405) with an alert after restart', async () => {
    const dir = await newHandsetDir();
    const h1 = await openHandset({
      dir,
      crashDuring: 'Wipe',
      crash: (op) => {
        throw new InjectedCrash(op);
      },
    });
    await consoleSession(h1, async (s) => {
      await s.replace(P.info('Photos').ToBeWiped, 'true');
      await s.replace(P.info('CardMedia').ToBeWiped, 'true');
      expect((await s.exec(P.operations.Wipe, { correlator: 'w-crash' })).status).toBe(202);
    });
    await h1.idle();
    expect((await loadState(join(dir, 'state.json'))).lastOperation).toMatchObject({
      name: 'Wipe',
      status: 'running',
    });
    const h2 = await openHandset({ dir });
    expect(h2.state.lastOperation).toMatchObject({ status: 'failed', resultCode: 1405 });
    const r = await consoleSession(h2, (s) => getText(s, P.lastOperation.Status));
    expect(r.result).toBe('failed');
    expect(r.alerts).toEqual([
      expect.objectContaining({ correlator: 'w-crash', source: P.operations.Wipe, data: '1405' }),
    ]);
  });

  it('a crash during Retrieve leaves nothing half-published; LastOperation failed 1410', async () => {
    const dir = await newHandsetDir();
    const h1 = await openHandset({
      dir,
      crashDuring: 'Retrieve',
      crash: (op) => {
        throw new InjectedCrash(op);
      },
    });
    await consoleSession(h1, async (s) => {
      await s.replace(P.info('Photos').ToBeRetrieved, 'true');
      await s.replace(P.info('CardMedia').ToBeRetrieved, 'true');
      expect((await s.exec(P.operations.Retrieve, { correlator: 'r-crash' })).status).toBe(202);
    });
    await h1.idle();
    // Cut short: some objects exported, no manifest yet.
    const partial = await readdir(join(dir, 'retrieve', 'r-crash'));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial).not.toContain('manifest.xml');
    const h2 = await openHandset({ dir });
    expect(await readdir(join(dir, 'retrieve'))).toEqual([]);
    expect(h2.state.lastOperation).toMatchObject({
      name: 'Retrieve',
      status: 'failed',
      resultCode: 1410,
    });
  });

  it('SIGKILL during Wipe (child process): after restart LastOperation says failed 1405', async () => {
    const dir = await newHandsetDir({ profile: 'small', scale: 1 });
    const photosBefore = await countFiles(join(dir, 'data', 'photos'));
    const distIndex = new URL('../../../dist/handset/device/index.js', import.meta.url).href;
    // The child opens the handset with the default crash (SIGKILL to itself) and runs
    // the Wipe as a console Exec would.
    const script = `
      const { Handset } = await import(${JSON.stringify(distIndex)});
      const h = await Handset.open({ dir: process.argv[1], crashDuring: 'Wipe', log: (l) => console.log(l) });
      // Select like the console: the tree leaves, captured at the Exec.
      for (const id of ['Photos', 'CardMedia']) h.tree.replace('./CIMO/InfoList/' + id + '/ToBeWiped', 'true');
      console.log('exec', await h.execute('Wipe', { correlator: 'w-kill' }));
      await h.idle();
      console.log('not killed');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect({ signal, out }).toMatchObject({ signal: 'SIGKILL' });
    expect(out).not.toContain('not killed');
    const onDisk = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
      lastOperation: { status: string; name: string };
    };
    expect(onDisk.lastOperation).toMatchObject({ name: 'Wipe', status: 'running' });
    // Killed part-way: at least one file was shredded before the kill.
    const photosAfter = await countFiles(join(dir, 'data', 'photos'));
    expect(photosAfter).toBeLessThan(photosBefore);
    expect(out).toContain('exec 202');

    const h = await openHandset({ dir });
    const r = await consoleSession(h, async (s) => ({
      name: await getText(s, P.lastOperation.Name),
      status: await getText(s, P.lastOperation.Status),
      code: await getText(s, P.lastOperation.ResultCode),
      selected: await getText(s, P.info('Photos').ToBeWiped),
    }));
    expect(r.result).toEqual({ name: 'Wipe', status: 'failed', code: '1405', selected: 'true' });
    expect(r.alerts.map((a) => [a.correlator, a.data])).toEqual([['w-kill', '1405']]);
    // The wipe can simply be run again.
    const again = await consoleSession(h, (s) => s.exec(P.operations.Wipe));
    expect(again.result.status).toBe(200);
    const jpegs = (await readdir(join(dir, 'data', 'photos'))).filter((n) => /\.jpe?g$/i.test(n));
    expect(jpegs).toEqual([]);
  });
});
