import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NONCES_FILE, NonceStore } from '../../../../main/services/settings/index.js';

async function waitFor(ok: () => boolean): Promise<void> {
  const until = performance.now() + 5000;
  while (!ok()) {
    if (performance.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cimo-nonces-'));
  dirs.push(d);
  return d;
};

describe('NonceStore', () => {
  it('applies a change at once and has the newest of many changes on disk after flush', async () => {
    const dir = folder();
    const store = NonceStore.open(dir);
    for (let i = 0; i < 50; i++) store.set('srv|user', 'client', Uint8Array.of(i));
    store.set('srv|user', 'server', Uint8Array.of(7, 7));
    expect([...store.get('srv|user').client]).toEqual([49]);
    await store.flush();
    const onDisk = JSON.parse(readFileSync(join(dir, NONCES_FILE), 'utf8')) as Record<
      string,
      { client: string; server: string }
    >;
    expect(onDisk['srv|user']).toEqual({ client: 'MQ==', server: 'Bwc=' });
    const again = NonceStore.open(dir);
    expect([...again.get('srv|user').client]).toEqual([49]);
    expect([...again.get('srv|user').server]).toEqual([7, 7]);
  });

  it('spaces background writes, keeps the newest state, and lets flush skip the wait', async () => {
    const dir = folder();
    // A spacing far longer than the test: a second write can only come from flush.
    const store = NonceStore.open(dir, { writeSpacingMs: 60_000 });
    const path = join(dir, NONCES_FILE);
    const onDisk = (): string =>
      (JSON.parse(readFileSync(path, 'utf8')) as Record<string, { client: string }>)['a|b']
        ?.client ?? '';
    store.set('a|b', 'client', Uint8Array.of(1));
    // The first write goes at once.
    await waitFor(() => existsSync(path) && onDisk() === 'AQ==');
    store.set('a|b', 'client', Uint8Array.of(2));
    store.set('a|b', 'client', Uint8Array.of(3));
    expect([...store.get('a|b').client]).toEqual([3]);
    // The next write waits for the spacing: the file still holds the first change...
    await new Promise((r) => setTimeout(r, 200));
    expect(onDisk()).toBe('AQ==');
    // ...and a flush writes the newest state without waiting for it.
    await store.flush();
    expect(onDisk()).toBe('Aw==');
  });

  it('reports a failed background write from flush, once', async () => {
    const dir = join(folder(), 'gone');
    const store = NonceStore.open(dir);
    store.seed('a|b', { client: Uint8Array.of(1), server: Uint8Array.of(2) });
    await expect(store.flush()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.flush()).resolves.toBeUndefined();
  });
});
