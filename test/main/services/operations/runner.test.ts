/**
 * The operation runner against reference handsets in a child process, with the real
 * vault and audit log: retrieve → verify → wipe → read-back zero; the interlock; consent
 * refused; several handsets at once; a handset that dies mid-operation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleServices } from '../../../../main/services/console.js';
import { killFleets, startFleet, tcpPort } from '../../../handset/cli/support.js';
import { addTcpHandset, openTestConsole, tempDir } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killFleets();
});

async function setup(args: readonly string[] = []): Promise<{
  c: ConsoleServices;
  ids: string[];
  rows: Awaited<ReturnType<typeof startFleet>>['rows'];
  fleet: Awaited<ReturnType<typeof startFleet>>;
}> {
  const hs = tempDir('cimo-hs-');
  const data = tempDir('cimo-console-');
  cleanups.push(hs.cleanup, data.cleanup);
  const fleet = await startFleet(['--obex-tcp', '0', '--data', hs.dir, ...args]);
  const c = await openTestConsole(data.dir);
  cleanups.push(() => c.close());
  const ids: string[] = [];
  for (const row of fleet.rows) ids.push(await addTcpHandset(c, row, tcpPort(row)));
  return { c, ids, rows: fleet.rows, fleet };
}

describe('OperationRunner', () => {
  it('retrieves into the vault (verified), then wipes and reads back zero items; audit says so and verifies', async () => {
    const { c, ids, rows } = await setup();
    const id = ids[0] as string;
    const imei = rows[0]?.imei as string;
    const items = ['PhoneBook', 'Photos'];
    const [r] = c.runner.start([id], { operation: 'retrieve', items });
    const retrieved = await c.runner.settled(r?.id ?? '');
    expect(retrieved).toMatchObject({ status: 'done', resultCode: 1210 });
    const retrievalId = c.runner.get(r?.id ?? '')?.retrievalId as string;
    const detail = c.vault.retrieval(retrievalId);
    expect(detail.state).toBe('verified');
    expect(detail.objects.length).toBeGreaterThan(1);
    expect(detail.objects.every((o) => o.state === 'ok')).toBe(true);
    expect(c.vault.verifiedRetrievalOf(imei, 'PhoneBook')).toBeDefined();
    expect(
      c.registry.detail(id).items.find((i) => i.id === 'Photos')?.verifiedRetrieval,
    ).toBeDefined();

    const before = c.registry.detail(id).items.find((i) => i.id === 'PhoneBook');
    expect(before?.itemCount).toBeGreaterThan(0);
    const [w] = c.runner.start([id], { operation: 'wipe', items });
    const wiped = await c.runner.settled(w?.id ?? '');
    expect(wiped).toMatchObject({ status: 'done', resultCode: 1201 });
    const after = c.registry.detail(id).items.filter((i) => items.includes(i.id));
    expect(after.map((i) => [i.itemCount, i.byteSize])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // Items not selected keep their data.
    expect(c.registry.detail(id).items.find((i) => i.id === 'Notes')?.itemCount).toBeGreaterThan(0);

    const ops = c.audit.operations({ imei });
    const wipeOp = ops.find((o) => o.start.operation === 'wipe');
    expect(wipeOp).toMatchObject({ state: 'completed', outcome: 'succeeded', resultCode: 1201 });
    expect(wipeOp?.followUps[0]?.verification).toEqual({
      items: { PhoneBook: { ItemCount: 0, ByteSize: 0 }, Photos: { ItemCount: 0, ByteSize: 0 } },
    });
    const retrieveOp = ops.find((o) => o.start.operation === 'retrieve');
    expect(retrieveOp).toMatchObject({ outcome: 'succeeded', resultCode: 1210 });
    expect(retrieveOp?.start.correlator).toMatch(/^cimo-/);
    expect(c.audit.verify().ok).toBe(true);
  }, 180_000);

  it('refuses a wipe without a verified retrieval (interlock) and runs it with a recorded waiver', async () => {
    const { c, ids, rows } = await setup();
    const id = ids[0] as string;
    let thrown: unknown;
    try {
      c.runner.start([id], { operation: 'wipe', items: ['Notes'] });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'interlock' });
    expect(c.runner.list(id)).toEqual([]);
    expect(c.audit.operations({ imei: rows[0]?.imei as string })).toEqual([]);

    const [w] = c.runner.start([id], {
      operation: 'wipe',
      items: ['Notes'],
      waiver: { reason: 'customer declined backup, signed form 17' },
    });
    expect(await c.runner.settled(w?.id ?? '')).toMatchObject({ status: 'done', resultCode: 1201 });
    const rowsAudit = c.audit.list({ imei: rows[0]?.imei as string });
    const waiver = rowsAudit.find((r) => r.operation === 'waiver');
    expect(waiver?.waiver).toMatchObject({
      items: ['Notes'],
      reason: 'customer declined backup, signed form 17',
    });
    const wipe = rowsAudit.find((r) => r.operation === 'wipe' && r.kind === 'started');
    expect(wipe?.waiver?.items).toEqual(['Notes']);
    expect(c.registry.detail(id).items.find((i) => i.id === 'Notes')?.itemCount).toBe(0);
  }, 180_000);

  it('records 1401 when the owner refuses consent, asked by UI alert 1101 or by the handset', async () => {
    const { c, ids, rows } = await setup(['--consent', 'never']);
    const id = ids[0] as string;
    const waiver = { reason: 'lab unit, no customer data' };
    const [a] = c.runner.start([id], {
      operation: 'wipe',
      items: ['Notes'],
      waiver,
      consent: 'ui-alert',
    });
    expect(await c.runner.settled(a?.id ?? '')).toMatchObject({ status: 'done', resultCode: 1401 });
    const [b] = c.runner.start([id], {
      operation: 'wipe',
      items: ['Notes'],
      waiver,
      consent: 'handset',
    });
    expect(await c.runner.settled(b?.id ?? '')).toMatchObject({ status: 'done', resultCode: 1401 });
    const ops = c.audit.operations({ imei: rows[0]?.imei as string, operation: 'wipe' });
    expect(ops.map((o) => [o.outcome, o.resultCode])).toEqual([
      ['refused', 1401],
      ['refused', 1401],
    ]);
    expect(ops[0]?.followUps[0]?.consent).toMatchObject({
      via: 'ui-alert-1101',
      answer: 'refused',
    });
    expect(ops[1]?.followUps[0]?.consent).toMatchObject({ via: 'handset', answer: 'refused' });
    // Nothing was wiped.
    expect(c.registry.detail(id).items.find((i) => i.id === 'Notes')?.itemCount).toBeGreaterThan(0);
  }, 180_000);

  it('locks and unlocks 4 handsets in parallel', async () => {
    const { c, ids } = await setup(['--count', '4']);
    expect(ids).toHaveLength(4);
    const locks = c.runner.start(ids, { operation: 'lock' });
    const done = await Promise.all(locks.map((l) => c.runner.settled(l.id)));
    expect(done.map((d) => [d.status, d.resultCode])).toEqual(Array(4).fill(['done', 1200]));
    expect(c.registry.list().map((h) => h.lockState)).toEqual([10, 10, 10, 10]);
    const unlocks = c.runner.start(ids, { operation: 'unlock' });
    await Promise.all(unlocks.map((l) => c.runner.settled(l.id)));
    expect(c.registry.list().map((h) => h.lockState)).toEqual([30, 30, 30, 30]);
  }, 240_000);

  it('fails an operation whose handset dies mid-way, naming the step; the row says failed', async () => {
    const { c, ids, fleet } = await setup(['--profile', 'typical', '--pace-baud', '200000']);
    const id = ids[0] as string;
    const [r] = c.runner.start([id], { operation: 'retrieve' });
    // Kill the handset once the pull (or the operation) is under way.
    const until = Date.now() + 60_000;
    while (
      !['running', 'verifying'].includes(c.runner.get(r?.id ?? '')?.status ?? '') &&
      Date.now() < until
    )
      await new Promise((res) => setTimeout(res, 20));
    fleet.child.kill('SIGKILL');
    const s = await c.runner.settled(r?.id ?? '');
    expect(s.status).toBe('failed');
    expect(['link', 'port', 'timeout']).toContain(s.error?.step);
    const conn = c.registry.get(id).connection;
    expect(conn.state).toBe('failed');
    const op = c.audit.operations({ operation: 'retrieve' })[0];
    expect(op?.state).toBe('completed');
    expect(['unknown', 'failed']).toContain(op?.outcome);
  }, 180_000);
});
