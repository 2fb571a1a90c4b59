/**
 * The console under test: the real services assembled for a data folder
 * (`main/services/console.ts`), served by the web shell with the built renderer, and
 * reference handsets from `cimo-handset start` attached over OBEX/TCP.
 *
 * The assembly is loaded at run time so this file compiles before it exists; when it is
 * missing, {@link loadAssembly} says so and the end-to-end tests are skipped with that
 * reason (never passed on stand-in data).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gateway } from '../../../main/ipc/gateway.js';
import { startWebShell } from '../../../main/web/web-shell.js';
import type { WebShell } from '../../../main/web/web-shell.js';
import type { StartedRow } from '../../handset/cli/support.js';

const STATIC = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
const ASSEMBLY = '../../../main/services/console.js';

/** What the tests need of the assembly (adapted from whatever it exports). */
interface Assembly {
  readonly gateway: Gateway;
  addTcpHandset(row: StartedRow, port: number): Promise<void>;
  close(): Promise<void>;
}

type AssemblyModule = Record<string, unknown>;

/** The assembly module, or the reason it cannot be used. */
export async function loadAssembly(): Promise<AssemblyModule | string> {
  try {
    return (await import(ASSEMBLY)) as AssemblyModule;
  } catch (e) {
    return `console assembly not available (${ASSEMBLY}): ${String(e)}`;
  }
}

async function assemble(mod: AssemblyModule, dataDir: string): Promise<Assembly> {
  if (typeof mod['openConsole'] !== 'function') {
    throw new Error(
      `main/services/console.js exports ${Object.keys(mod).join(', ')}; expected openConsole`,
    );
  }
  // The service tests' fixtures: a console without the device watcher (this machine's
  // real ports are not the test's business) and handsets configured as an operator
  // would (a credential rule per handset, nonces seeded from the handset's account).
  const { openTestConsole, configureHandset } =
    await import('../../main/services/console-support.js');
  const services = await openTestConsole(dataDir, { http: false });
  const gateway = new Gateway();
  services.register(gateway);
  // The channels the web shell adds on top of the services (vault, audit, app info).
  const { registerConsoleChannels } = await import('../../../main/app/console-channels.js');
  registerConsoleChannels(gateway, services, { version: 'e2e', shell: 'web' });
  return {
    gateway,
    addTcpHandset: async (row, port) => {
      configureHandset(services.settings, services.nonces, row, `tcp 127.0.0.1:${port}`);
      await services.registry.addDevice({
        key: `tcp:127.0.0.1:${port}`,
        kind: 'tcp',
        reason: 'end-to-end test',
        label: `127.0.0.1:${port}`,
        tcp: { host: '127.0.0.1', port },
      });
    },
    close: () => services.close(),
  };
}

/** A running console + web shell in a fresh data folder. */
export interface RunningConsole {
  readonly shell: WebShell;
  readonly dataDir: string;
  /** Configures the handset of `row` (credentials) and attaches it over OBEX/TCP. */
  addTcpHandset(row: StartedRow, port: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleShell(mod: AssemblyModule): Promise<RunningConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cimo-e2e-console-'));
  const a = await assemble(mod, dataDir);
  const shell = await startWebShell({ gateway: a.gateway, staticDir: STATIC });
  return {
    shell,
    dataDir,
    addTcpHandset: (row, p) => a.addTcpHandset(row, p),
    close: async () => {
      await shell.close();
      await a.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
