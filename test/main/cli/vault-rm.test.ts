/**
 * `cimo vault rm`: refuses without --yes when nobody can be asked (nothing deleted),
 * deletes with it — the retrieval gone from the list, its encrypted blobs gone from disk —
 * and records a vault-delete row in the audit log naming the handset and the operator.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../main/services/vault/index.js';
import { manifestOf } from '../services/vault/vault-support.js';
import { tempDir } from '../services/console-support.js';
import { auditRows, cimoAsync, newKeyFile } from './console-harness.js';

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const d of dirs) d();
});

describe('cimo vault rm', () => {
  it('deletes a retrieval only when confirmed, shreds its blobs and audits it', async () => {
    const t = tempDir('cimo-vault-rm-');
    dirs.push(t.cleanup);
    const data = join(t.dir, 'data');
    const key = await newKeyFile(t.dir);
    const vault = await Vault.open(join(data, 'vault'), { kind: 'key-file', path: key });
    const photo = {
      info: 'Photos',
      name: 'IMG_0001.jpg',
      type: 'image/jpeg',
      bytes: new Uint8Array(50_000).fill(7),
    };
    const id = vault.beginRetrieval({
      imei: '356938035643809',
      model: 'Ref-S1',
      correlator: 'r1',
      manifest: manifestOf([photo], 'r1'),
      items: ['Photos'],
    });
    await vault.storeObject(id, 0, photo.bytes);
    vault.finish(id);
    vault.close();
    const blobs = (): number =>
      readdirSync(join(data, 'vault'), { recursive: true }).filter((f) =>
        /^[0-9a-f]{32}$/.test(String(f).split('/').pop() ?? ''),
      ).length;
    expect(blobs()).toBe(1);
    const common = ['--data', data, '--vault-key-file', key];

    const refused = await cimoAsync(['vault', 'rm', id.slice(0, 8), ...common]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/cannot be undone: add --yes/);
    expect(blobs()).toBe(1);

    const done = await cimoAsync([
      'vault',
      'rm',
      id.slice(0, 8),
      '--yes',
      '--operator',
      'alice',
      ...common,
    ]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`deleted retrieval ${id}`));
    expect(blobs()).toBe(0);
    const ls = await cimoAsync(['vault', 'ls', '--json', ...common]);
    expect(JSON.parse(ls.stdout)).toEqual([]);
    expect(await auditRows(data, 'vault-delete')).toMatchObject([
      { operator: 'alice', imei: '356938035643809' },
    ]);
  }, 120_000);
});
