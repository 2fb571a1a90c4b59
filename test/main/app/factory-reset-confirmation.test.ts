/**
 * A factory reset through the console's IPC gateway (as the desktop app and the web shell
 * send it) is refused unless it names one handset and carries the last four digits of its
 * IMEI — checked by the console itself, whatever the screen did — and nothing reaches the
 * handset or the audit log until it does. Real reference handsets over OBEX/TCP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebConsole } from '../../../main/app/web-console.js';
import type { IpcResult } from '../../../main/ipc/contract.js';
import { killFleets, startFleet } from '../../handset/cli/support.js';
import { readyIds, webConsoleFor } from './web-console-support.js';

let work = '';
let consoleApp: WebConsole | undefined;
afterEach(async () => {
  await consoleApp?.close();
  consoleApp = undefined;
  await killFleets();
  if (work !== '') rmSync(work, { recursive: true, force: true });
  work = '';
});

describe('factory reset confirmation at the gateway', () => {
  it('refuses without, or with the wrong, IMEI digits and for two handsets at once; runs with them', async () => {
    work = mkdtempSync(join(tmpdir(), 'cimo-confirm-'));
    const fleet = await startFleet([
      '--count',
      '2',
      '--obex-tcp',
      '0',
      '--data',
      join(work, 'handsets'),
    ]);
    consoleApp = (await webConsoleFor(work, fleet.rows)).app;
    const { gateway } = consoleApp;
    const invoke = (channel: string, args: unknown): Promise<IpcResult<unknown>> =>
      gateway.invoke(channel, args, { shell: 'web' });
    const imeis = fleet.rows.map((r) => r.imei);
    const ready = await readyIds(consoleApp, imeis);
    const ids = ready.map((id, i) => ({ id, imei: imeis[i] ?? '' }));
    const [a, b] = ids as [{ id: string; imei: string }, { id: string; imei: string }];
    const reset = (handsetIds: string[], confirmation?: string) =>
      invoke('operations:start', {
        handsetIds,
        operation: 'factory-reset',
        waiver: { reason: 'test handset, no customer data' },
        consent: 'not-required',
        ...(confirmation === undefined ? {} : { confirmation }),
      });
    const codeOf = (r: IpcResult<unknown>): string => (r.ok ? 'ok' : r.error.code);

    expect(codeOf(await reset([a.id]))).toBe('not-confirmed');
    const wrong = String((Number(a.imei.slice(-4)) + 1) % 10_000).padStart(4, '0');
    const refused = await reset([a.id], wrong);
    expect(codeOf(refused)).toBe('not-confirmed');
    expect(refused.ok ? '' : refused.error.message).toMatch(/last four digits/);
    expect(codeOf(await reset([a.id, b.id], a.imei.slice(-4)))).toBe('not-confirmed');
    // Nothing was started or audited by the refusals.
    const before = await invoke('operations:list', {});
    expect(before.ok ? before.value : undefined).toEqual([]);

    const started = await reset([a.id], a.imei.slice(-4));
    expect(codeOf(started)).toBe('ok');
    const ops = (started.ok ? started.value : []) as { id: string; handsetId: string }[];
    expect(ops.map((o) => o.handsetId)).toEqual([a.id]);
  }, 180_000);
});
