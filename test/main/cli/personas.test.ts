/**
 * The console with the handsets that are not CIMO smartphones, over OBEX on TCP through
 * the CLI: a feature phone that speaks only XML (the console asks for WBXML by default and
 * must answer in the handset's encoding), and a LAWMO handset (no LastOperation: the
 * console learns the result from the OperationComplete alert, which the handset can only
 * send in a session the console opens).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandsetSummary } from '../../../main/ipc/contract.js';
import { killFleets, startFleet, tcpPort } from '../../handset/cli/support.js';
import type { StartedRow } from '../../handset/cli/support.js';
import { tempDir } from '../services/console-support.js';
import { addCredentials, cimoAsync, newKeyFile } from './console-harness.js';

const dirs: (() => void)[] = [];
let data: string;
let key: string;
const at: Record<'feature' | 'lawmo', string> = { feature: '', lawmo: '' };
const imei: Record<'feature' | 'lawmo', string> = { feature: '', lawmo: '' };

function run(args: readonly string[]) {
  return cimoAsync([
    ...args,
    '--data',
    data,
    '--no-scan',
    '--tcp',
    at.feature,
    '--tcp',
    at.lawmo,
    ...(['list', 'tree', 'get'].includes(args[0] ?? '') ? [] : ['--vault-key-file', key]),
  ]);
}

interface Result {
  readonly status: string;
  readonly resultCode?: number;
  readonly retrievalState?: string;
}
const results = (stdout: string): Result[] => (JSON.parse(stdout) as { results: Result[] }).results;

beforeAll(async () => {
  const hs = tempDir('cimo-personas-hs-');
  const c = tempDir('cimo-personas-console-');
  dirs.push(hs.cleanup, c.cleanup);
  data = join(c.dir, 'data');
  for (const [which, persona] of [
    ['feature', 'feature-phone'],
    ['lawmo', 'lawmo'],
  ] as const) {
    const fleet = await startFleet([
      '--persona',
      persona,
      '--obex-tcp',
      '0',
      '--data',
      join(hs.dir, which),
    ]);
    const row = fleet.rows[0] as StartedRow;
    at[which] = `127.0.0.1:${tcpPort(row)}`;
    imei[which] = row.imei;
    await addCredentials(data, row, `tcp ${at[which]}`);
  }
  key = await newKeyFile(c.dir);
}, 120_000);

afterAll(async () => {
  await killFleets();
  for (const d of dirs) d();
});

describe('the console with a feature phone and a LAWMO handset', () => {
  it('identifies both: the feature phone with CIMO (in XML), the other with LAWMO', async () => {
    const list = await run(['list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as HandsetSummary[];
    const byImei = new Map(rows.map((r) => [r.imei, r]));
    expect(byImei.get(imei.feature)).toMatchObject({ mo: 'cimo', connection: { state: 'ready' } });
    expect(byImei.get(imei.lawmo)).toMatchObject({ mo: 'lawmo', connection: { state: 'ready' } });
  }, 120_000);

  it('lists a subtree (`cimo tree`) and gets one node (`cimo get`) for the lab', async () => {
    const tree = await run(['tree', imei.lawmo, './LAWMO', '--json']);
    expect(tree.status, tree.stderr).toBe(0);
    const nodes = JSON.parse(tree.stdout) as { path: string; value?: string }[];
    expect(nodes.map((n) => n.path)).toContain('./LAWMO/State');
    expect(nodes.find((n) => n.path === './LAWMO/State')?.value).toMatch(/^(10|20|30)$/);
    const get = await run(['get', imei.feature, './DevInfo/Mod', '--json']);
    expect(get.status, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ path: './DevInfo/Mod', value: 'Ref-F3' });
  }, 60_000);

  it('retrieves from the XML-only feature phone (verified) and then wipes it', async () => {
    const r = await run(['retrieve', imei.feature, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(results(r.stdout)).toMatchObject([{ resultCode: 1210, retrievalState: 'verified' }]);
    const w = await run(['wipe', imei.feature, '--yes', '--json']);
    expect(w.status, w.stderr).toBe(0);
    expect(results(w.stdout)).toMatchObject([{ status: 'done', resultCode: 1201 }]);
  }, 180_000);

  it('locks and unlocks the LAWMO handset, learning each result from its alert', async () => {
    for (const op of ['lock', 'unlock'] as const) {
      const r = await run([op, imei.lawmo, '--json', '--timeout', '60']);
      expect(r.status, r.stderr).toBe(0);
      expect(results(r.stdout)).toMatchObject([{ status: 'done', resultCode: 1200 }]);
    }
    const list = await run(['list', '--json']);
    const row = (JSON.parse(list.stdout) as HandsetSummary[]).find((h) => h.imei === imei.lawmo);
    // LAWMO State 30 = unlocked (PROTOCOL-FACTS LAWMO).
    expect(row?.lockState).toBe(30);
  }, 180_000);
});
