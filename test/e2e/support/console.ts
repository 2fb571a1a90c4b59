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
import type { Gateway } from '../../../main/ipc/gateway.js';
import { startWebShell } from '../../../main/web/web-shell.js';
import type { WebShell } from '../../../main/web/web-shell.js';

const STATIC = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
const ASSEMBLY = '../../../main/services/console.js';

/** What the tests need of the assembly (adapted from whatever it exports). */
interface Assembly {
  readonly gateway: Gateway;
  addTcpHandset(host: string, port: number): Promise<void>;
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

interface StartedConsole {
  readonly gateway?: Gateway;
  readonly registry?: {
    addDevice(d: {
      key: string;
      kind: 'tcp';
      reason: string;
      label: string;
      tcp: { host: string; port: number };
    }): Promise<unknown>;
  };
  close?(): Promise<void>;
}

async function assemble(mod: AssemblyModule, dataDir: string): Promise<Assembly> {
  const start = (mod['startConsole'] ?? mod['createConsole'] ?? mod['openConsole']) as
    ((o: object) => Promise<StartedConsole> | StartedConsole) | undefined;
  if (typeof start !== 'function') {
    throw new Error(
      `main/services/console.js exports ${Object.keys(mod).join(', ')}; expected startConsole`,
    );
  }
  const c = await start({
    dataDir,
    vault: { kind: 'passphrase', passphrase: 'e2e passphrase 1', cost: 1024 },
  });
  const gateway = c.gateway;
  if (gateway === undefined) throw new Error('the console assembly returned no gateway');
  return {
    gateway,
    addTcpHandset: async (host, port) => {
      if (c.registry === undefined) throw new Error('the console assembly exposes no registry');
      await c.registry.addDevice({
        key: `tcp:${host}:${port}`,
        kind: 'tcp',
        reason: 'end-to-end test',
        label: `${host}:${port}`,
        tcp: { host, port },
      });
    },
    close: async () => {
      await c.close?.();
    },
  };
}

/** A running console + web shell in a fresh data folder. */
export interface RunningConsole {
  readonly shell: WebShell;
  readonly dataDir: string;
  addTcpHandset(host: string, port: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleShell(mod: AssemblyModule): Promise<RunningConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cimo-e2e-console-'));
  const a = await assemble(mod, dataDir);
  const shell = await startWebShell({ gateway: a.gateway, staticDir: STATIC });
  return {
    shell,
    dataDir,
    addTcpHandset: (h, p) => a.addTcpHandset(h, p),
    close: async () => {
      await shell.close();
      await a.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
