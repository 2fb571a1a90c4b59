/**
 * The same operations over the other ways in: a handset on a pty (serial OBEX) and a
 * network handset calling the console's HTTP endpoint, whose retrieval is uploaded to
 * the console's receiver and lands verified in the vault.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killFleets, ptyPath, startFleet } from '../../../handset/cli/support.js';
import { configureHandset, openTestConsole, tempDir } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killFleets();
});

describe('OperationRunner over a pty and over HTTP', () => {
  it('retrieves over a pty (verified), then wipes and reads back zero', async () => {
    const hs = tempDir('cimo-hs-');
    const data = tempDir('cimo-console-');
    cleanups.push(hs.cleanup, data.cleanup);
    const fleet = await startFleet(['--pty', '--data', hs.dir]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const c = await openTestConsole(data.dir);
    cleanups.push(() => c.close());
    const path = ptyPath(row);
    configureHandset(c.settings, c.nonces, row, `serial ${path}`);
    const rec = await c.registry.addDevice({
      key: `serial:${path}`,
      kind: 'serial',
      reason: 'configured',
      path,
      label: path,
    });
    expect(rec.connection).toEqual({ state: 'ready' });
    const [r] = c.runner.start([rec.id], { operation: 'retrieve', items: ['Notes', 'Calendar'] });
    expect(await c.runner.settled(r?.id ?? '')).toMatchObject({ status: 'done', resultCode: 1210 });
    const [w] = c.runner.start([rec.id], { operation: 'wipe', items: ['Notes', 'Calendar'] });
    expect(await c.runner.settled(w?.id ?? '')).toMatchObject({ status: 'done', resultCode: 1201 });
    const items = c.registry
      .detail(rec.id)
      .items.filter((i) => ['Notes', 'Calendar'].includes(i.id));
    expect(items.map((i) => i.itemCount + i.byteSize)).toEqual([0, 0]);
  }, 180_000);

  it('retrieves from an HTTP handset by upload into the vault, verified', async () => {
    const hs = tempDir('cimo-hs-');
    const data = tempDir('cimo-console-');
    cleanups.push(hs.cleanup, data.cleanup);
    const c = await openTestConsole(data.dir);
    cleanups.push(() => c.close());
    const url = c.endpoint?.url ?? '';
    const fleet = await startFleet(['--http', url, '--pkg0-port', '0', '--data', hs.dir]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    configureHandset(c.settings, c.nonces, row);
    const udp = /package #0 on udp 127\.0\.0\.1:(\d+)/.exec(row.reach.join(' '))?.[1];
    c.settings.update((s) => ({
      ...s,
      network: { ...s.network, wake: { [`IMEI:${row.imei}`]: `127.0.0.1:${udp}` } },
    }));
    const rec = c.registry.addNetworkHandset(`IMEI:${row.imei}`);
    await c.registry.connect(rec.id).catch(() => undefined);
    if (rec.view === undefined) await c.registry.refresh(rec.id);
    const [r] = c.runner.start([rec.id], { operation: 'retrieve', items: ['PhoneBook', 'Photos'] });
    const s = await c.runner.settled(r?.id ?? '');
    expect(s).toMatchObject({ status: 'done', resultCode: 1210 });
    const retrievalId = c.runner.get(r?.id ?? '')?.retrievalId as string;
    const d = c.vault.retrieval(retrievalId);
    expect(d.state).toBe('verified');
    expect(new Set(d.objects.map((o) => o.item))).toEqual(new Set(['PhoneBook', 'Photos']));
    expect(c.vault.verifiedRetrievalOf(row.imei, 'Photos')).toBeDefined();
  }, 180_000);
});
