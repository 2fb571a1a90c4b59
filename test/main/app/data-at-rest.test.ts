/**
 * The console as the web shell runs it (services + gateway + HTTP API), against a real
 * reference handset over OBEX/TCP: retrieve the phone book and photos, see them through
 * the API, then search every byte under the console's data folder for the customer's
 * contact names and photo bytes — none may be there in plain text.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebConsole } from '../../../main/app/web-console.js';
import { killFleets, startFleet } from '../../handset/cli/support.js';
import { call as callApp, readyIds, webConsoleFor } from './web-console-support.js';

let work = '';
let consoleApp: WebConsole | undefined;
afterEach(async () => {
  await consoleApp?.close();
  consoleApp = undefined;
  await killFleets();
  if (work !== '') rmSync(work, { recursive: true, force: true });
  work = '';
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Every needle found in any file under `dir`, with where. */
function scan(dir: string, needles: readonly { what: string; bytes: Buffer }[]): string[] {
  const hits: string[] = [];
  for (const f of filesUnder(dir)) {
    const content = readFileSync(f);
    for (const n of needles) if (content.includes(n.bytes)) hits.push(`${n.what} in ${f}`);
  }
  return hits;
}

/** Names (FN) of the handset's device contacts, from its own vCard files. */
function contactNames(handsetDir: string): string[] {
  const folder = join(handsetDir, 'data', 'contacts', 'device');
  return readdirSync(folder).flatMap((f) => {
    const m = /^FN:(.+)$/m.exec(readFileSync(join(folder, f), 'utf8'));
    return m?.[1] === undefined ? [] : [m[1].trim()];
  });
}

function needlesFor(handsetDir: string): { what: string; bytes: Buffer }[] {
  const needles: { what: string; bytes: Buffer }[] = [];
  for (const name of contactNames(handsetDir)) {
    needles.push({ what: `contact "${name}" (UTF-8)`, bytes: Buffer.from(name, 'utf8') });
    needles.push({ what: `contact "${name}" (UTF-16LE)`, bytes: Buffer.from(name, 'utf16le') });
  }
  const photos = join(handsetDir, 'data', 'photos');
  for (const f of readdirSync(photos).filter((n) => n.endsWith('.jpg'))) {
    const jpeg = readFileSync(join(photos, f));
    // Runs from the entropy-coded middle of the photo, not the common JPEG header.
    for (const at of [0.3, 0.6, 0.9]) {
      const start = Math.floor(jpeg.length * at);
      needles.push({
        what: `bytes of photo ${f} at ${start}`,
        bytes: jpeg.subarray(start, start + 64),
      });
    }
  }
  return needles;
}

describe('console data at rest', () => {
  it('keeps no retrieved contact name or photo byte in plain text under its data folder', async () => {
    work = mkdtempSync(join(tmpdir(), 'cimo-at-rest-'));
    const fleet = await startFleet(['--obex-tcp', '0', '--data', join(work, 'handsets')]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const started = await webConsoleFor(work, [row]);
    consoleApp = started.app;
    const { dataFolder } = started;
    const app = started.app;
    const call = <T>(channel: string, args: unknown): Promise<T> => callApp<T>(app, channel, args);
    const [id] = await readyIds(app, [row.imei]);
    const until = Date.now() + 60_000;
    const [op] = await call<{ id: string }[]>('operations:start', {
      handsetIds: [id],
      operation: 'retrieve',
      items: ['PhoneBook', 'Photos'],
    });
    if (op === undefined) throw new Error('no operation');
    let status = '';
    while (!['done', 'failed', 'cancelled', 'interrupted'].includes(status)) {
      await new Promise((r) => setTimeout(r, 300));
      const ops = await call<{ id: string; status: string }[]>('operations:list', {});
      status = ops.find((o) => o.id === op.id)?.status ?? '';
      if (Date.now() > until + 60_000) throw new Error(`retrieve still ${status}`);
    }
    expect(status).toBe('done');
    const [retrieval] = await call<{ id: string; verified: boolean }[]>('vault:list', {});
    expect(retrieval?.verified).toBe(true);
    const contents = await call<{ contacts: { name: string }[]; photos: unknown[] }>(
      'vault:get-contents',
      { retrievalId: retrieval?.id },
    );
    const names = contactNames(row.dir);
    expect(names.length).toBeGreaterThan(3);
    expect(contents.contacts.map((c) => c.name)).toEqual(expect.arrayContaining(names));
    expect(contents.photos.length).toBeGreaterThan(0);

    // Close first so SQLite's WAL is checkpointed the way a stopped console leaves it,
    // then also check what a running console had on disk (scanned before close below).
    const needles = needlesFor(row.dir);
    expect(
      scan(row.dir, needles).length,
      'the scan finds the data where it is in clear',
    ).toBeGreaterThan(0);
    expect(scan(dataFolder, needles)).toEqual([]);
    await consoleApp.close();
    consoleApp = undefined;
    expect(scan(dataFolder, needles)).toEqual([]);
    expect(filesUnder(dataFolder).some((f) => statSync(f).size > 10_000)).toBe(true);
    await fleet.stop();
  }, 180_000);
});
