/**
 * The console CLI (`cimo list|retrieve|wipe|lock|vault|audit …`) as a script or an
 * operator uses it, against reference handsets in a child process: two over OBEX on TCP
 * and one on a pty pair (socat), with a fresh data folder configured through the CLI.
 * Exit codes are part of the contract: 0 ok, 1 failed, 2 usage, 3 refused, 4 not found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandsetSummary, InfoItemView } from '../../../main/ipc/contract.js';
import type { AuditRow } from '../../../main/services/audit/index.js';
import { killFleets, ptyPath, startFleet, tcpPort } from '../../handset/cli/support.js';
import type { StartedRow } from '../../handset/cli/support.js';
import { tempDir } from '../services/console-support.js';
import { HAS_SCRIPT } from './cli-harness.js';
import {
  addCredentials,
  auditRows,
  cimoAsync,
  cimoOnTtyAsync,
  newKeyFile,
} from './console-harness.js';

const dirs: (() => void)[] = [];
let data: string;
let key: string;
let tcp: { row: StartedRow; at: string }[] = [];
let pty: { row: StartedRow; path: string } | undefined;

/** `cimo …` on the test's data folder with only the test's handsets (no port scan). */
function run(args: readonly string[]) {
  const links = tcp.flatMap((h) => ['--tcp', h.at]);
  return cimoAsync([...args, '--data', data, '--no-scan', ...links]);
}

beforeAll(async () => {
  const hs = tempDir('cimo-cli-hs-');
  const console = tempDir('cimo-cli-console-');
  dirs.push(hs.cleanup, console.cleanup);
  data = join(console.dir, 'data');
  const fleet = await startFleet([
    '--count',
    '2',
    '--obex-tcp',
    '0',
    '--data',
    join(hs.dir, 'tcp'),
  ]);
  tcp = fleet.rows.map((row) => ({ row, at: `127.0.0.1:${tcpPort(row)}` }));
  for (const h of tcp) await addCredentials(data, h.row, `tcp ${h.at}`);
  const onPty = await startFleet(['--pty', '--data', join(hs.dir, 'pty')]);
  const row = onPty.rows[0] as StartedRow;
  pty = { row, path: ptyPath(row) };
  await addCredentials(data, row, `serial ${pty.path}`);
  key = await newKeyFile(console.dir);
}, 120_000);

afterAll(async () => {
  await killFleets();
  for (const d of dirs) d();
});

function items(
  list: HandsetSummary[] | (HandsetSummary & { items: InfoItemView[] })[],
  imei: string,
) {
  const h = list.find((x) => x.imei === imei) as
    (HandsetSummary & { items: InfoItemView[] }) | undefined;
  return new Map((h?.items ?? []).map((i) => [i.id, i.itemCount]));
}

describe('cimo console commands', () => {
  it('lists the handsets as JSON for scripts, identified and ready', async () => {
    const r = await run(['list', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as HandsetSummary[];
    expect(list.map((h) => [h.imei, h.mo, h.connection.state, h.linkDescription]).sort()).toEqual(
      tcp.map((h) => [h.row.imei, 'cimo', 'ready', `tcp ${h.at}`]).sort(),
    );
  }, 120_000);

  it('retrieves into the vault, wipes, and the read-back shows zero items; vault export writes vCard and photos', async () => {
    const imei = tcp[0]?.row.imei as string;
    // The last digits name the handset when only one IMEI ends so.
    const retrieve = await run([
      'retrieve',
      imei.slice(-6),
      '--items',
      'PhoneBook,Photos',
      '--json',
      '--vault-key-file',
      key,
    ]);
    expect(retrieve.status, retrieve.stderr).toBe(0);
    const got = JSON.parse(retrieve.stdout) as {
      results: { resultCode: number; retrievalId: string; retrievalState: string }[];
    };
    expect(got.results).toMatchObject([{ resultCode: 1210, retrievalState: 'verified' }]);
    const retrievalId = got.results[0]?.retrievalId as string;

    const wipe = await run([
      'wipe',
      imei,
      '--yes',
      '--items',
      'PhoneBook,Photos',
      '--json',
      '--vault-key-file',
      key,
    ]);
    expect(wipe.status, wipe.stderr).toBe(0);
    expect(JSON.parse(wipe.stdout)).toMatchObject({
      exitCode: 0,
      results: [{ status: 'done', resultCode: 1201 }],
    });
    const after = await run(['list', '--items', '--json']);
    const counts = items(JSON.parse(after.stdout) as HandsetSummary[], imei);
    expect([counts.get('PhoneBook'), counts.get('Photos')]).toEqual([0, 0]);
    expect(counts.get('Notes')).toBeGreaterThan(0);

    const ls = await cimoAsync(['vault', 'ls', '--data', data, '--json', '--vault-key-file', key]);
    expect(ls.status, ls.stderr).toBe(0);
    expect(
      (JSON.parse(ls.stdout) as { id: string; imei: string; state: string }[]).find(
        (r) => r.id === retrievalId,
      ),
    ).toMatchObject({ imei, state: 'verified' });
    const target = join(data, '..', 'export');
    const ex = await cimoAsync([
      'vault',
      'export',
      retrievalId.slice(0, 8),
      '--to',
      target,
      '--data',
      data,
      '--vault-key-file',
      key,
    ]);
    expect(ex.status, ex.stderr).toBe(0);
    const files = readdirSync(target, { recursive: true }).map(String);
    const vcf = files.find((f) => f.endsWith('.vcf'));
    expect(vcf).toBeDefined();
    expect(readFileSync(join(target, vcf as string), 'utf8')).toMatch(/^BEGIN:VCARD/m);
    const jpg = files.filter((f) => f.endsWith('.jpg'));
    expect(jpg.length).toBeGreaterThan(0);
    // Real JPEGs (SOI marker), decrypted.
    expect([...readFileSync(join(target, jpg[0] as string)).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect((await auditRows(data, 'vault-export')).map((r) => r.imei)).toEqual([imei]);
  }, 240_000);

  it('refuses a wipe without a verified retrieval (exit 3, saying how to waive), runs it with --waiver, and the waiver is audited', async () => {
    const imei = tcp[1]?.row.imei as string;
    // Without --yes and without a terminal nothing starts: exit 2, saying so.
    const unconfirmed = await run(['wipe', imei, '--items', 'Notes', '--vault-key-file', key]);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toMatch(/cannot be undone: add --yes/);
    const refused = await run(['wipe', imei, '--yes', '--items', 'Notes', '--vault-key-file', key]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/no verified retrieval/);
    expect(refused.stderr).toMatch(/--waiver "reason"/);

    const reason = 'customer declined backup, signed form 17';
    const waived = await run([
      'wipe',
      imei,
      '--yes',
      '--items',
      'Notes',
      '--waiver',
      reason,
      '--vault-key-file',
      key,
      '--operator',
      'alice',
    ]);
    expect(waived.status, waived.stderr).toBe(0);
    expect(waived.stdout).toMatch(/wipe\s+done 1201/);

    const ls = await cimoAsync(['audit', 'ls', '--json', '--data', data, '--imei', imei]);
    expect(ls.status, ls.stderr).toBe(0);
    const rows = JSON.parse(ls.stdout) as AuditRow[];
    expect(rows.find((r) => r.operation === 'waiver')).toMatchObject({
      operator: 'alice',
      waiver: { by: 'alice', items: ['Notes'], reason },
    });
    expect(rows.find((r) => r.operation === 'wipe' && r.kind === 'completed')).toMatchObject({
      outcome: 'succeeded',
      resultCode: 1201,
    });
  }, 240_000);

  it('locks and unlocks the pty handset named by its device, with a progress line per handset on a terminal', async () => {
    if (!HAS_SCRIPT) return expect.fail('util-linux `script` is needed for the terminal test');
    const at = pty?.path as string;
    const common = ['--data', data, '--no-scan'];
    const lock = await cimoOnTtyAsync(['lock', at, ...common, '--vault-key-file', key]);
    expect(lock.status, lock.stdout).toBe(0);
    // The bar line (drawn in place on the terminal) reached 100 % and the handset's IMEI.
    expect(lock.stdout).toMatch(new RegExp(`${pty?.row.imei ?? ''} lock.*100% done`));
    expect(lock.stdout).toMatch(/lock\s+done 1200/);
    const list = await cimoAsync(['list', '--json', '--serial', at, ...common]);
    expect((JSON.parse(list.stdout) as HandsetSummary[]).map((h) => h.lockState)).toEqual([10]);
    const unlock = await cimoAsync([
      'unlock',
      pty?.row.imei as string,
      '--serial',
      at,
      ...common,
      '--vault-key-file',
      key,
    ]);
    expect(unlock.status, unlock.stderr).toBe(0);
    // Piped output: no progress drawing on stderr.
    expect(unlock.stderr).toBe('');
  }, 240_000);

  it('verifies the audit chain, then fails (exit 1) naming a row edited with SQLite directly', async () => {
    const ok = await cimoAsync(['audit', 'verify', '--data', data]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log ok: \d+ rows/);
    const csv = await cimoAsync(['audit', 'export', '--format', 'csv', '--data', data]);
    expect(csv.stdout.split('\n')[0]).toMatch(/operation/);

    const db = new Database(join(data, 'audit', 'audit.sqlite'));
    const row = db
      .prepare("SELECT id FROM audit WHERE operation = 'wipe' AND kind = 'completed' LIMIT 1")
      .get() as { id: number };
    // The triggers that keep the table append-only are no obstacle to someone with the file.
    db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    db.prepare('UPDATE audit SET result_code = 1405 WHERE id = ?').run(row.id);
    db.close();
    const bad = await cimoAsync(['audit', 'verify', '--data', data, '--json']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, code: 'edited', rowId: row.id });
    expect(bad.stderr).toContain(`row ${row.id}`);
  }, 120_000);

  it('exits 4 for a handset that does not appear, 2 for bad usage', async () => {
    const missing = await run(['lock', '359999999999999', '--wait', '3', '--vault-key-file', key]);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/no handset 359999999999999 identified in 3 s/);
    const noneNamed = await run(['wipe', '--vault-key-file', key]);
    expect(noneNamed.status).toBe(2);
    const noKey = await cimoAsync(['retrieve', '--all', '--data', data, '--no-scan'], {
      CIMO_VAULT_PASSPHRASE: '',
    });
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/--vault-key-file/);
  }, 120_000);
});
