/**
 * The console's services for one data folder, assembled once and shared by the web
 * shell, the Electron shell and the CLI: settings and nonces, the audit log, the vault,
 * the protocol trace, the handset registry (device watcher + configured network
 * handsets + the HTTP DM endpoint), the upload receiver and the operation runner, with
 * the interrupted-operation recovery started. `register` puts the handset, operation,
 * settings and trace channels (and audit verify/list) on a gateway.
 *
 * Data folder: `settings.json`, `nonces.json`, `audit/`, `vault/`, and `console.lock`
 * (one console process per folder: see `data-folder-lock.ts`).
 */
import { join } from 'node:path';
import type { HttpDmEndpoint } from '../../native-bridge/dm/http-dm-endpoint.js';
import { DeviceWatcher } from '../../native-bridge/watch/device-watcher.js';
import type { DeviceWatcherOptions } from '../../native-bridge/watch/device-watcher.js';
import type { Gateway } from '../ipc/gateway.js';
import { AuditLog } from './audit/index.js';
import { startDmEndpoint } from './handsets/http-intake.js';
import { HandsetRegistry, parseHostPort } from './handsets/registry.js';
import { TraceStore } from './handsets/trace-store.js';
import { lockDataFolder, waitForDataFolder } from './data-folder-lock.js';
import type { FolderWaitOptions } from './data-folder-lock.js';
import { OperationRunner, UploadReceiver, recoverInterrupted } from './operations/index.js';
import { checkConfirmation } from './operations/confirmation.js';
import { rawChange, rawGet } from './operations/raw-commands.js';
import { NonceStore, SettingsStore } from './settings/index.js';
import { Vault } from './vault/index.js';
import type { VaultKeySource } from './vault/index.js';

/** Options of {@link openConsole}. */
export interface ConsoleOptions {
  readonly dataFolder: string;
  readonly vaultKey: VaultKeySource;
  /** Audit head HMAC key (e.g. from safeStorage). */
  readonly auditHeadKey?: Uint8Array;
  /** Watch USB/serial (default true). Tests add devices by hand. */
  readonly watch?: boolean | DeviceWatcherOptions;
  /** Start the HTTP DM endpoint (default port 0 on 127.0.0.1); `false` for none. */
  readonly http?: false | { readonly host?: string; readonly port?: number };
  readonly runner?: {
    readonly concurrency?: number;
    readonly pollMs?: number;
    readonly timeoutMs?: number;
  };
  readonly replyTimeoutMs?: number;
  readonly callInTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** See `RegistryOptions.prepackTrees` (default true; the CLI turns it off). */
  readonly prepackTrees?: boolean;
  /** See `RegistryOptions.identifyLingerMs` (default 0; the CLI sets it). */
  readonly identifyLingerMs?: number;
  /**
   * What this console is, for the refusal another one gets while this one holds the data
   * folder (see `data-folder-lock.ts`): `the web shell`, `cimo retrieve`… Default `a console`.
   */
  readonly holder?: string;
  /** Wait for the folder while another `cimo` command holds it (see `waitForDataFolder`). */
  readonly folderWait?: FolderWaitOptions;
}

/** The assembled services. */
export interface ConsoleServices {
  readonly settings: SettingsStore;
  readonly nonces: NonceStore;
  readonly audit: AuditLog;
  readonly vault: Vault;
  readonly trace: TraceStore;
  readonly registry: HandsetRegistry;
  readonly runner: OperationRunner;
  readonly uploads: UploadReceiver;
  readonly endpoint: HttpDmEndpoint | undefined;
  readonly watcher: DeviceWatcher | undefined;
  /** Audit records marked interrupted at start (resolved as their handsets appear). */
  readonly interrupted: readonly number[];
  /** Registers the services' channels on `gateway` and forwards their events. */
  register(gateway: Gateway): void;
  close(): Promise<void>;
}

/**
 * Opens everything for `dataFolder` (see the module comment), which this process then
 * holds until `close`: throws `DataFolderBusyError` while another console holds it.
 */
export async function openConsole(o: ConsoleOptions): Promise<ConsoleServices> {
  const holder = o.holder ?? 'a console';
  const lock =
    o.folderWait === undefined
      ? lockDataFolder(o.dataFolder, holder)
      : await waitForDataFolder(o.dataFolder, holder, o.folderWait);
  let services: ConsoleServices;
  try {
    services = await openLocked(o);
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    ...services,
    close: async () => {
      try {
        await services.close();
      } finally {
        lock.release();
      }
    },
  };
}

async function openLocked(o: ConsoleOptions): Promise<ConsoleServices> {
  // What is open so far, closed in reverse when a later step fails (a wrong vault key, a
  // port taken): a failed open leaves no database handle, server or timer behind.
  const opened: (() => unknown)[] = [];
  try {
    return await openAll(o, opened);
  } catch (e) {
    for (const close of opened.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
    throw e;
  }
}

async function openAll(o: ConsoleOptions, opened: (() => unknown)[]): Promise<ConsoleServices> {
  const settings = SettingsStore.open(o.dataFolder);
  const nonces = NonceStore.open(o.dataFolder);
  opened.push(() => nonces.flush());
  const audit = AuditLog.open(join(o.dataFolder, 'audit'), {
    ...(o.auditHeadKey === undefined ? {} : { headKey: o.auditHeadKey }),
  });
  opened.push(() => audit.close());
  const vault = await Vault.open(join(o.dataFolder, 'vault'), o.vaultKey);
  opened.push(() => vault.close());
  const trace = new TraceStore();
  const registry = new HandsetRegistry({
    settings,
    nonces,
    trace,
    verified: (imei, item) => {
      const v = vault.verifiedRetrievalOf(imei, item);
      return v === undefined ? undefined : { retrievalId: v.retrievalId, at: v.finishedAt };
    },
    ...(o.replyTimeoutMs === undefined ? {} : { replyTimeoutMs: o.replyTimeoutMs }),
    ...(o.callInTimeoutMs === undefined ? {} : { callInTimeoutMs: o.callInTimeoutMs }),
    ...(o.log === undefined ? {} : { log: o.log }),
    ...(o.prepackTrees === undefined ? {} : { prepackTrees: o.prepackTrees }),
    ...(o.identifyLingerMs === undefined ? {} : { identifyLingerMs: o.identifyLingerMs }),
  });
  opened.push(() => registry.close());
  const uploads = await UploadReceiver.start({ vault });
  opened.push(() => uploads.close());
  const progress = new Set<
    (
      s: Parameters<NonNullable<ConstructorParameters<typeof OperationRunner>[0]['onProgress']>>[0],
    ) => void
  >();
  const runner = new OperationRunner({
    registry,
    audit,
    vault,
    settings,
    uploads,
    ...o.runner,
    onProgress: (s) => {
      for (const l of progress) l(s);
    },
  });
  const recovery = recoverInterrupted({ registry, audit });
  opened.push(() => recovery.stop());
  const endpoint =
    o.http === false
      ? undefined
      : await startDmEndpoint(registry, trace, {
          ...(o.http ?? {}),
          ...(o.log === undefined ? {} : { log: o.log }),
        });
  if (endpoint !== undefined) opened.push(() => endpoint.close());
  for (const devId of Object.keys(settings.value.network.wake)) registry.addNetworkHandset(devId);
  let watcher: DeviceWatcher | undefined;
  let unfollow: (() => void) | undefined;
  if (o.watch !== false) {
    const net = settings.value.network;
    watcher = new DeviceWatcher({
      serialPaths: net.serialPaths,
      tcpEndpoints: net.obexTcp.flatMap((s) => {
        const a = parseHostPort(s);
        return a === undefined ? [] : [a];
      }),
      ...(typeof o.watch === 'object' ? o.watch : {}),
    });
    watcher.on('error', (e) => o.log?.(`device watcher: ${e.message}`));
    unfollow = registry.follow(watcher);
    opened.push(() => watcher?.stop());
    await watcher.start();
  }
  const raw = { registry, audit, settings };
  return {
    settings,
    nonces,
    audit,
    vault,
    trace,
    registry,
    runner,
    uploads,
    endpoint,
    watcher,
    interrupted: recovery.open.map((op) => op.id),
    register(g: Gateway): void {
      g.handle('handsets:list', () => registry.list())
        .handle('handset:get-detail', (a) => registry.detail(a.handsetId))
        .handle('handset:get-tree', (a) =>
          registry.tree(a.handsetId, {
            ...(a.path === undefined ? {} : { path: a.path }),
            ...(a.refresh === undefined ? {} : { refresh: a.refresh }),
            ...(a.kept === undefined ? {} : { kept: a.kept }),
          }),
        )
        .handle('handset:get-node', (a) => rawGet(raw, a.handsetId, a.path))
        .handle('handset:replace-node', (a) =>
          rawChange(raw, a.handsetId, 'replace', a.path, { value: a.value, format: a.format }),
        )
        .handle('handset:exec-node', (a) =>
          rawChange(
            raw,
            a.handsetId,
            'exec',
            a.path,
            a.data === undefined ? {} : { value: a.data },
          ),
        )
        .handle('operations:start', (a) => {
          checkConfirmation(registry, a);
          return runner.start(a.handsetIds, {
            operation: a.operation,
            ...(a.items === undefined ? {} : { items: a.items }),
            ...(a.apps === undefined ? {} : { apps: a.apps }),
            ...(a.waiver === undefined ? {} : { waiver: a.waiver }),
            ...(a.consent === undefined ? {} : { consent: a.consent }),
          });
        })
        .handle('operations:cancel', (a) => ({ cancelled: runner.cancel(a.operationId) }))
        .handle('operations:list', (a) => runner.list(a.handsetId))
        .handle('trace:list-sessions', (a) => trace.list(a.handsetId))
        .handle('trace:get-session', (a) => {
          const s = trace.get(a.sessionId);
          if (s === undefined)
            throw Object.assign(new Error(`no trace ${a.sessionId}`), { code: 'not-found' });
          return s;
        })
        .handle('settings:get', () => settings.view())
        .handle('settings:set', (a) => {
          settings.update((s) => ({
            ...s,
            ...(a.operator === undefined ? {} : { operator: a.operator }),
            ...(a.requireRetrievalBeforeWipe === undefined
              ? {}
              : { requireRetrievalBeforeWipe: a.requireRetrievalBeforeWipe }),
            ...(a.consentPolicy === undefined ? {} : { consentPolicy: a.consentPolicy }),
            ...(a.defaultEncoding === undefined ? {} : { defaultEncoding: a.defaultEncoding }),
          }));
          return settings.view();
        });
      registry.on('changed', () => g.emit('handsets:changed', registry.list()));
      progress.add((s) => g.emit('operations:progress', s));
      trace.onMessage((sessionId, message) => g.emit('trace:message', { sessionId, message }));
    },
    async close(): Promise<void> {
      recovery.stop();
      unfollow?.();
      await watcher?.stop();
      await endpoint?.close();
      await uploads.close();
      await registry.close();
      // A nonce write that failed leaves a stale nonce: one extra challenge next time.
      await nonces.flush().catch(() => undefined);
      vault.close();
      audit.close();
    },
  };
}
