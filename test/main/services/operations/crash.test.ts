/**
 * The console process SIGKILLed in the middle of a wipe: started again on the same data
 * folder, it shows the operation interrupted, reads the handset's LastOperation when the
 * handset reappears and records the real outcome; the audit chain still verifies.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NonceStore, SettingsStore } from '../../../../main/services/settings/index.js';
import { killFleets, startFleet, tcpPort } from '../../../handset/cli/support.js';
import {
  addTcpHandset,
  configureHandset,
  openTestConsole,
  tempDir,
  waitFor,
} from '../console-support.js';

const CHILD = fileURLToPath(new URL('./console-child.mjs', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killFleets();
});

describe('console crash mid-wipe', () => {
  it('marks the wipe interrupted, then completes it from LastOperation; the chain verifies', async () => {
    const hs = tempDir('cimo-hs-');
    const data = tempDir('cimo-console-');
    cleanups.push(hs.cleanup, data.cleanup);
    const fleet = await startFleet(['--obex-tcp', '0', '--profile', 'typical', '--data', hs.dir]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const port = tcpPort(row);
    configureHandset(
      SettingsStore.open(data.dir),
      NonceStore.open(data.dir),
      row,
      `tcp 127.0.0.1:${port}`,
    );

    const child = spawn(process.execPath, [CHILD, data.dir, String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.on('line', (l) => l === 'sent' && resolve());
      void exited.then(() => reject(new Error(`console child exited: ${err}`)));
    });
    child.kill('SIGKILL');
    await exited;

    const c = await openTestConsole(data.dir, { http: false });
    cleanups.push(() => c.close());
    expect(c.interrupted).toHaveLength(1);
    const opId = c.interrupted[0] as number;
    expect(c.audit.operation(opId)?.state).toBe('interrupted');
    // The handset reappears: the recovery reads LastOperation and completes the record.
    await addTcpHandset(c, row, port).catch(() => undefined);
    await waitFor(
      () => c.audit.operation(opId)?.state === 'interrupted-then-completed',
      'recovery',
      90_000,
    );
    const op = c.audit.operation(opId);
    expect(op).toMatchObject({ outcome: 'succeeded', resultCode: 1201 });
    expect(op?.followUps.at(-1)?.detail).toMatch(/LastOperation/);
    expect(c.registry.detail(row.imei).items.find((i) => i.id === 'Photos')?.itemCount).toBe(0);
    expect(c.audit.verify().ok).toBe(true);
  }, 180_000);
});
