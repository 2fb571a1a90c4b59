/**
 * The desktop app's main process: the console services for the user's data folder, the
 * vault key kept by the OS keychain (safeStorage) when available, the renderer served
 * from a privileged `app://` scheme (so the CSP and same-origin rules apply as on the
 * web), one secure window, and the gateway bridged over IPC.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, net, protocol, safeStorage } from 'electron';
import { Gateway } from '../ipc/gateway.js';
import { registerConsoleChannels } from '../app/console-channels.js';
import { rendererDir, appVersion } from '../app/web-console.js';
import { vaultKeyFromEnvironment } from '../app/vault-key.js';
import { openConsole } from '../services/console.js';
import { isDataFolderBusy } from '../services/data-folder-lock.js';
import type { ConsoleServices } from '../services/console.js';
import type { VaultKeySource } from '../services/vault/index.js';
import { bridgeGateway } from './ipc-bridge.js';
import { createMainWindow } from './window.js';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://cimo`;

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** The vault key wrapped by the OS keychain when it is available, else a key file. */
function vaultKey(dataFolder: string): VaultKeySource {
  if (safeStorage.isEncryptionAvailable()) {
    return {
      kind: 'safe-storage',
      encrypt: (b) => safeStorage.encryptString(b.toString('base64')),
      decrypt: (c) => Buffer.from(safeStorage.decryptString(c), 'base64'),
    };
  }
  // No keychain (e.g. Linux without a secret service): a key file outside the data folder.
  void dataFolder;
  return vaultKeyFromEnvironment(undefined, (l) => console.warn(l));
}

/** An HMAC key for the audit head, kept encrypted by safeStorage beside the log. */
function auditHeadKey(dataFolder: string): Uint8Array | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const file = join(dataFolder, 'audit-head.key');
  if (existsSync(file)) {
    return Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
  }
  const key = crypto.getRandomValues(new Uint8Array(32));
  mkdirSync(dataFolder, { recursive: true });
  writeFileSync(file, safeStorage.encryptString(Buffer.from(key).toString('base64')), {
    mode: 0o600,
  });
  return key;
}

let services: ConsoleServices | undefined;

async function main(): Promise<void> {
  await app.whenReady();
  const root = rendererDir();
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url);
    if (root === undefined) return new Response('renderer not built', { status: 404 });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = join(root, rel === '' ? 'index.html' : rel);
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      return new Response('forbidden', { status: 403 });
    }
    return net.fetch(`file://${file}`);
  });
  const dataFolder = join(app.getPath('userData'), 'data');
  const headKey = auditHeadKey(dataFolder);
  services = await openConsole({
    dataFolder,
    vaultKey: vaultKey(dataFolder),
    ...(headKey === undefined ? {} : { auditHeadKey: headKey }),
    holder: 'the desktop app',
  });
  const gateway = new Gateway();
  services.register(gateway);
  registerConsoleChannels(gateway, services, { version: appVersion(), shell: 'electron' });
  bridgeGateway(gateway, ORIGIN);
  createMainWindow({
    preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    url: `${ORIGIN}/index.html`,
    appOrigin: ORIGIN,
  });
}

app.on('window-all-closed', () => {
  void (services?.close() ?? Promise.resolve()).finally(() => app.quit());
});

main().catch((e: unknown) => {
  // Another console on the same data folder: say so in words, not a stack.
  if (isDataFolderBusy(e)) dialog.showErrorBox('CIMO Console', e.message);
  else console.error(e);
  app.exit(1);
});
