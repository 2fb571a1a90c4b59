/**
 * The console behind the web shell: services for a data folder, the gateway with every
 * channel, and the HTTP + WebSocket shell on 127.0.0.1 serving the built renderer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Gateway } from '../ipc/gateway.js';
import { openConsole } from '../services/console.js';
import type { ConsoleOptions, ConsoleServices } from '../services/console.js';
import { startWebShell } from '../web/web-shell.js';
import type { WebShell } from '../web/web-shell.js';
import { registerConsoleChannels } from './console-channels.js';

/** The built renderer (`dist/renderer`), from the sources or from `dist/`. */
export function rendererDir(): string | undefined {
  for (const rel of ['../../renderer/', '../../dist/renderer/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}index.html`) && !existsSync(`${dir}src`)) return dir;
  }
  return undefined;
}

/** The package version (for `app:get-info`). */
export function appVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cimo-console') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

export interface WebConsole {
  readonly services: ConsoleServices;
  readonly gateway: Gateway;
  readonly shell: WebShell;
  close(): Promise<void>;
}

/** Opens the services and starts the web shell (port 0 = any free one). */
export async function startWebConsole(
  options: ConsoleOptions & { readonly port?: number; readonly token?: string },
): Promise<WebConsole> {
  const services = await openConsole(options);
  const gateway = new Gateway();
  services.register(gateway);
  registerConsoleChannels(gateway, services, { version: appVersion(), shell: 'web' });
  let shell: WebShell;
  try {
    shell = await startWebShell({
      gateway,
      staticDir: rendererDir(),
      port: options.port,
      token: options.token,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
  } catch (e) {
    await services.close();
    throw e;
  }
  return {
    services,
    gateway,
    shell,
    close: async () => {
      await shell.close();
      await services.close();
    },
  };
}
