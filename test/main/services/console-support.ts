/**
 * Fixtures for the console service tests: a temp data folder, reference handsets in a
 * child process (`cimo-handset start`), and the console configured for them the way an
 * operator would (a credential rule per handset, nonces seeded from the handset's own
 * account, since a real console would have been configured together with the handset).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMember } from '../../../handset/cli/fleet.js';
import type { FleetMemberOptions } from '../../../handset/cli/fleet.js';
import type { StartedRow } from '../../handset/cli/support.js';
import { readHandsetAccount } from '../../support/handset-console.js';
import type { NonceStore, SettingsStore } from '../../../main/services/settings/index.js';
import { openConsole } from '../../../main/services/console.js';
import type { ConsoleOptions, ConsoleServices } from '../../../main/services/console.js';

/** A fresh temp folder; `cleanup` removes it. */
export function tempDir(prefix = 'cimo-console-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Adds a credential rule for the handset of `row` (matched by `link` and by DevId) and
 * seeds its nonces from its folder.
 */
export function configureHandset(
  settings: SettingsStore,
  nonces: NonceStore,
  row: StartedRow,
  link?: string,
): void {
  const a = readHandsetAccount(row.dir);
  const credentials = {
    serverId: a.serverId,
    serverPassword: a.serverPassword,
    clientUsername: a.clientAccount.username,
    clientPassword: a.clientAccount.password,
    authType: a.clientAccount.type,
  };
  settings.update((s) => ({
    ...s,
    credentials: [
      ...s.credentials,
      ...(link === undefined ? [] : [{ link, credentials }]),
      { devId: `IMEI:${a.imei}`, credentials },
    ],
  }));
  nonces.seed(`${a.serverId}|${a.clientAccount.username}`, {
    client: a.clientAccount.nonce,
    server: a.credentials.nonce,
  });
}

/** Polls `what` until true (every 50 ms, up to `ms`). */
export async function waitFor(what: () => boolean, label: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!what()) {
    if (Date.now() > until) throw new Error(`timed out: ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A console on a temp data folder (no device watcher; devices are added by the test). */
export async function openTestConsole(
  dataFolder: string,
  extra: Partial<ConsoleOptions> = {},
): Promise<ConsoleServices> {
  return openConsole({
    dataFolder,
    vaultKey: { kind: 'passphrase', passphrase: 'correct horse', cost: 2 ** 12 },
    watch: false,
    runner: { pollMs: 300, timeoutMs: 120_000 },
    ...extra,
  });
}

/** Adds the OBEX-over-TCP handset of `row` to `c` (configured first) and waits until ready. */
export async function addTcpHandset(
  c: Pick<ConsoleServices, 'settings' | 'nonces' | 'registry'>,
  row: StartedRow,
  port: number,
): Promise<string> {
  configureHandset(c.settings, c.nonces, row, `tcp 127.0.0.1:${port}`);
  const rec = await c.registry.addDevice({
    key: `tcp:127.0.0.1:${port}`,
    kind: 'tcp',
    reason: 'configured',
    tcp: { host: '127.0.0.1', port },
    label: `127.0.0.1:${port}`,
  });
  if (rec.connection.state !== 'ready')
    throw new Error(`handset not ready: ${JSON.stringify(rec.connection)}`);
  return rec.id;
}

/**
 * A console (`options` on top of {@link openTestConsole}'s) with one handset running in
 * this process over OBEX/TCP, identified; both are closed by `cleanups` (run them after
 * the test, last first). A test can then hold the handset's owner answers.
 */
export async function inProcessHandset(
  cleanups: (() => Promise<void> | void)[],
  member: Pick<FleetMemberOptions, 'seed' | 'consent' | 'askOwner'>,
  options: Partial<ConsoleOptions>,
): Promise<{ c: ConsoleServices; id: string }> {
  const hs = tempDir('cimo-hs-');
  const data = tempDir('cimo-console-');
  cleanups.push(hs.cleanup, data.cleanup);
  const m = await startMember({
    index: 1,
    root: hs.dir,
    persona: 'cimo',
    profile: 'small',
    obexTcpPort: 0,
    log: () => undefined,
    show: () => undefined,
    ...member,
  });
  cleanups.push(() => m.close());
  const port = Number(/:(\d+)$/.exec(m.reach.find((r) => r.startsWith('obex tcp')) ?? '')?.[1]);
  const c = await openTestConsole(data.dir, options);
  cleanups.push(() => c.close());
  const row = {
    index: 1,
    imei: m.handset.identity.imei,
    persona: 'cimo',
    reach: m.reach,
    dir: m.dir,
  };
  return { c, id: await addTcpHandset(c, row, port) };
}
