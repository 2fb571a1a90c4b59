/**
 * Nonces out of step (the console's data folder restored from a backup, the handset
 * reset): the handset challenges with a fresh nonce and the console's next message must
 * authenticate with it — the session goes on and the new nonce is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HandsetRegistry } from '../../../../main/services/handsets/registry.js';
import { getText } from '../../../../main/services/handsets/tree-read.js';
import { TraceStore } from '../../../../main/services/handsets/trace-store.js';
import { NonceStore, SettingsStore } from '../../../../main/services/settings/index.js';
import { readHandsetAccount } from '../../../support/handset-console.js';
import { killFleets, startFleet, tcpPort } from '../../../handset/cli/support.js';
import { configureHandset, tempDir } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killFleets();
});

describe('nonce resynchronisation', () => {
  it.each(['client', 'server'] as const)(
    'a stale %s nonce is challenged, answered with the new one, and stored',
    async (side) => {
      const hs = tempDir('cimo-hs-');
      cleanups.push(hs.cleanup);
      const fleet = await startFleet(['--obex-tcp', '0', '--data', hs.dir]);
      const a = fleet.rows[0];
      if (a === undefined) throw new Error('no handset');
      const c = tempDir();
      cleanups.push(c.cleanup);
      const settings = SettingsStore.open(c.dir);
      const nonces = NonceStore.open(c.dir);
      const trace = new TraceStore();
      const registry = new HandsetRegistry({ settings, nonces, trace });
      // The nonce file is rewritten in the background: wait for it before the folder goes.
      cleanups.push(() => nonces.flush().catch(() => undefined));
      cleanups.push(() => registry.close());
      const port = tcpPort(a);
      configureHandset(settings, nonces, a, `tcp 127.0.0.1:${port}`);
      const acct = readHandsetAccount(a.dir);
      const key = `${acct.serverId}|${acct.clientAccount.username}`;
      nonces.set(key, side, Uint8Array.of(9, 9, 9, 9));
      const rec = await registry.addDevice({
        key: `tcp:127.0.0.1:${port}`,
        kind: 'tcp',
        reason: 'configured',
        tcp: { host: '127.0.0.1', port },
        label: `127.0.0.1:${port}`,
      });
      expect(rec.connection).toEqual({ state: 'ready' });
      expect(await registry.session(rec.id, (s) => getText(s, './DevInfo/DevId'))).toBe(
        `IMEI:${a.imei}`,
      );
      expect([...nonces.get(key)[side]]).not.toEqual([9, 9, 9, 9]);
    },
    120_000,
  );
});
