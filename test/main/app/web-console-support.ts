/**
 * A web console (services + gateway) on a fresh data folder under `work`, configured for
 * reference handsets already started, and a wait until they show as ready — the setup the
 * app-level tests share.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configureConsoleFor } from '../../../main/app/demo-handsets.js';
import { startWebConsole } from '../../../main/app/web-console.js';
import type { WebConsole } from '../../../main/app/web-console.js';
import { createKeyFile } from '../../../main/services/vault/index.js';
import type { StartedRow } from '../../handset/cli/support.js';

/** Starts the console for `rows` (data folder `work/console`, key file `work/vault.key`). */
export async function webConsoleFor(
  work: string,
  rows: readonly StartedRow[],
): Promise<{ app: WebConsole; dataFolder: string }> {
  const dataFolder = join(work, 'console');
  mkdirSync(dataFolder);
  configureConsoleFor(dataFolder, [...rows]);
  const keyFile = join(work, 'vault.key');
  createKeyFile(keyFile);
  const app = await startWebConsole({
    dataFolder,
    vaultKey: { kind: 'key-file', path: keyFile },
    http: false,
    runner: { pollMs: 300, timeoutMs: 120_000 },
  });
  return { app, dataFolder };
}

/** Invokes `channel` as the web shell would; throws the IPC error of a refusal. */
export async function call<T>(app: WebConsole, channel: string, args: unknown): Promise<T> {
  const r = await app.gateway.invoke(channel, args, { shell: 'web' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** The console ids of the handsets with these IMEIs, once all show ready (60 s at most). */
export async function readyIds(app: WebConsole, imeis: readonly string[]): Promise<string[]> {
  const until = Date.now() + 60_000;
  for (;;) {
    const list = await call<{ id: string; imei?: string; connection: { state: string } }[]>(
      app,
      'handsets:list',
      {},
    );
    const ids = imeis.map(
      (imei) => list.find((h) => h.imei === imei && h.connection.state === 'ready')?.id,
    );
    if (ids.every((id) => id !== undefined)) return ids as string[];
    if (Date.now() > until) throw new Error(`not ready: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
