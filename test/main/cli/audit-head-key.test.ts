/**
 * The desktop app seals its audit head with a key kept in the keychain (`safeStorage`),
 * which a `cimo` command cannot read. Before, a `cimo` command pointed at the app's data
 * folder (`--data`) recorded its rows and resealed the head without the key's MAC; the
 * app then refused to open, taking its own head for a forgery. Now such a command stops
 * before it does anything (exit 2, saying why), and reading the log still works.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestOf } from '../services/vault/vault-support.js';
import { openTestConsole, tempDir } from '../services/console-support.js';
import { cimoAsync, newKeyFile } from './console-harness.js';

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

describe('cimo on a data folder whose audit head only the app can seal', () => {
  it('refuses to write the audit log, exports and deletes nothing, and the app still opens', async () => {
    const t = tempDir('cimo-head-key-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const key = await newKeyFile(t.dir);
    const headKey = randomBytes(32);
    const vaultKey = { kind: 'key-file', path: key } as const;
    const note = {
      info: 'Notes',
      name: 'note-1.txt',
      type: 'text/plain',
      bytes: new TextEncoder().encode('call the customer back'),
    };
    const app = await openTestConsole(data, { vaultKey, auditHeadKey: headKey, http: false });
    const id = app.vault.beginRetrieval({
      imei: '356938035643809',
      correlator: 'r1',
      manifest: manifestOf([note], 'r1'),
      items: ['Notes'],
    });
    expect((await app.vault.storeObject(id, 0, [note.bytes])).state).toBe('ok');
    expect(app.vault.finish(id).state).toBe('verified');
    app.audit.record({ operator: 'alice', operation: 'vault-export', detail: 'seed' });
    await app.close();
    const head = readFileSync(join(data, 'audit', 'audit-head.json'), 'utf8');
    expect(JSON.parse(head)).toHaveProperty('mac');

    const keyArgs = ['--data', data, '--vault-key-file', key];
    const out = join(t.dir, 'export');
    for (const args of [
      ['vault', 'export', id, '--to', out, ...keyArgs],
      ['vault', 'rm', id, '--yes', ...keyArgs],
      ['list', '--data', data, '--no-scan', '--wait', '1'],
    ]) {
      const r = await cimoAsync(args);
      expect(r.status, `cimo ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('the head is sealed with a key this process does not have');
    }
    expect(readFileSync(join(data, 'audit', 'audit-head.json'), 'utf8')).toBe(head);
    expect(readdirSync(t.dir)).not.toContain('export');
    const ls = await cimoAsync(['vault', 'ls', '--json', ...keyArgs]);
    expect(ls.status, ls.stderr).toBe(0);
    expect((JSON.parse(ls.stdout) as { id: string }[]).map((r) => r.id)).toEqual([id]);
    // Reading needs no key: the chain verifies (the MAC is the app's to check).
    const verify = await cimoAsync(['audit', 'verify', '--data', data]);
    expect(verify.status, verify.stderr).toBe(0);

    // The app, with its key, opens as before and its head still verifies.
    const again = await openTestConsole(data, { vaultKey, auditHeadKey: headKey, http: false });
    try {
      expect(again.audit.verify()).toMatchObject({ ok: true });
      expect(again.vault.listRetrievals().map((r) => r.id)).toEqual([id]);
    } finally {
      await again.close();
    }
  }, 120_000);
});
