/**
 * Opens the console's services for one CLI run. `openFull` is `openConsole` (vault,
 * runner, recovery of interrupted operations); `openLight` is the registry alone, with
 * settings, nonces, the audit log and the trace, for commands that never touch the vault
 * (`list`, `tree`, `get`, `set`, `exec`), so they need no vault key. Both watch the
 * configured links plus `--tcp`/`--serial` and the links the handset arguments name.
 */
import { join } from 'node:path';
import type { HttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { DeviceWatcher } from '../../../native-bridge/watch/device-watcher.js';
import type { DeviceWatcherOptions } from '../../../native-bridge/watch/device-watcher.js';
import { AuditLog } from '../../services/audit/index.js';
import { openConsole } from '../../services/console.js';
import type { DataFolderLock } from '../../services/data-folder-lock.js';
import type { ConsoleServices } from '../../services/console.js';
import { startDmEndpoint } from '../../services/handsets/http-intake.js';
import { HandsetRegistry, parseHostPort } from '../../services/handsets/registry.js';
import { TraceStore } from '../../services/handsets/trace-store.js';
import { NonceStore, SettingsStore } from '../../services/settings/index.js';
import type { ConsoleSettings } from '../../services/settings/index.js';
import { commandName, ensureDataFolder, hostPort } from './options.js';
import type { ConsoleFlags } from './options.js';
import { folderWait, holdDataFolder } from './folder-lock.js';
import { vaultKeySource } from './vault-key.js';

/** What the handset commands use of the services. */
export interface CliServices {
  readonly settings: SettingsStore;
  readonly nonces: NonceStore;
  readonly audit: AuditLog;
  readonly registry: HandsetRegistry;
  close(): Promise<void>;
}

/** The watcher's sources: settings + flags + links named as handset arguments. */
function watchOptions(
  settings: ConsoleSettings,
  flags: ConsoleFlags,
  refs: readonly string[],
): DeviceWatcherOptions {
  const tcp = [
    ...settings.network.obexTcp.flatMap((s) => {
      const a = parseHostPort(s);
      return a === undefined ? [] : [a];
    }),
    ...(flags.tcp ?? []).map((t) => hostPort(t, '--tcp')),
    ...refs.filter((r) => r.startsWith('tcp:')).map((r) => hostPort(r, 'handset')),
  ];
  const unique = [...new Map(tcp.map((a) => [`${a.host}:${a.port}`, a])).values()];
  const serial = [
    ...new Set([
      ...settings.network.serialPaths,
      ...(flags.serial ?? []),
      ...refs.filter((r) => r.startsWith('/')),
    ]),
  ];
  return {
    serialPaths: serial,
    tcpEndpoints: unique,
    ...(flags.scan === false ? { usb: null, listSerial: () => Promise.resolve([]) } : {}),
    // A CLI run is short: look for new devices more often than the desktop app.
    reconcileIntervalMs: 500,
  };
}

/** Sets `--operator`/`$CIMO_OPERATOR` for this run; returns how to put the saved one back. */
function applyOperator(settings: SettingsStore, flags: ConsoleFlags): () => void {
  const name = flags.operator ?? process.env['CIMO_OPERATOR'];
  if (name === undefined || name === '' || name === settings.value.operator) return () => undefined;
  const saved = settings.value.operator;
  settings.update((s) => ({ ...s, operator: name }));
  return () => {
    if (settings.value.operator === name) settings.update((s) => ({ ...s, operator: saved }));
  };
}

function httpOption(flags: ConsoleFlags): false | { host: string; port: number } {
  return flags.http === undefined ? false : hostPort(flags.http, '--http');
}

/**
 * How long the session that identified a handset stays open for the command's own work
 * (see `RegistryOptions.identifyLingerMs`): long enough for `--all` to gather every
 * handset, short of an operator reading a confirmation (then a new session opens).
 */
const IDENTIFY_LINGER_MS = 5000;

/** The full console (vault key needed). */
export async function openFull(
  flags: ConsoleFlags,
  refs: readonly string[],
  runner: { readonly timeoutMs?: number } = {},
): Promise<ConsoleServices> {
  const folder = ensureDataFolder(flags);
  const settings = SettingsStore.open(folder);
  const vaultKey = await vaultKeySource(flags);
  const c = await openConsole({
    dataFolder: folder,
    vaultKey,
    watch: watchOptions(settings.value, flags, refs),
    http: httpOption(flags),
    runner: { pollMs: 300, ...runner },
    log: (line) => void process.stderr.write(`${line}\n`),
    prepackTrees: false, // no tree browser here
    identifyLingerMs: IDENTIFY_LINGER_MS,
    holder: commandName(),
    folderWait: folderWait(),
  });
  const restore = applyOperator(c.settings, flags);
  return {
    ...c,
    close: async () => {
      restore();
      await c.close();
    },
  };
}

/** The registry without the vault (see the module comment). */
export async function openLight(
  flags: ConsoleFlags,
  refs: readonly string[],
): Promise<CliServices> {
  const folder = ensureDataFolder(flags);
  const lock = await holdDataFolder(folder);
  try {
    return await openLightLocked(flags, refs, folder, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openLightLocked(
  flags: ConsoleFlags,
  refs: readonly string[],
  folder: string,
  lock: DataFolderLock,
): Promise<CliServices> {
  const settings = SettingsStore.open(folder);
  const nonces = NonceStore.open(folder);
  const audit = AuditLog.open(join(folder, 'audit'));
  const trace = new TraceStore();
  // No tree browser here either: a tree is packed only when a command prints it.
  const registry = new HandsetRegistry({
    settings,
    nonces,
    trace,
    prepackTrees: false,
    identifyLingerMs: IDENTIFY_LINGER_MS,
  });
  const http = httpOption(flags);
  let endpoint: HttpDmEndpoint | undefined;
  if (http !== false) endpoint = await startDmEndpoint(registry, trace, http);
  for (const devId of Object.keys(settings.value.network.wake)) registry.addNetworkHandset(devId);
  const watcher = new DeviceWatcher(watchOptions(settings.value, flags, refs));
  watcher.on('error', (e) => void process.stderr.write(`device watcher: ${e.message}\n`));
  const unfollow = registry.follow(watcher);
  await watcher.start();
  const restore = applyOperator(settings, flags);
  return {
    settings,
    nonces,
    audit,
    registry,
    close: async () => {
      try {
        restore();
        unfollow();
        await watcher.stop();
        await endpoint?.close();
        await registry.close();
        // A nonce write that failed leaves a stale nonce: one extra challenge next time.
        await nonces.flush().catch(() => undefined);
        audit.close();
      } finally {
        lock.release();
      }
    },
  };
}
