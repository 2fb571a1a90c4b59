/**
 * The demo's reference handsets: `cimo-handset start` child processes, one per link
 * kind, and the console settings that let the console find and authenticate them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fromBase64 } from '../../protocol/bytes/base64.js';
import type { CredentialRule } from '../services/settings/index.js';
import { NonceStore, SettingsStore } from '../services/settings/index.js';

/** `bin/cimo-handset.js`, from the sources (main/app) or from dist/main/app. */
function handsetBin(): string {
  for (const rel of ['../../bin/cimo-handset.js', '../../../bin/cimo-handset.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bin/cimo-handset.js not found');
}

/** One running demo handset. */
export interface DemoHandset {
  readonly kind: 'pty' | 'tcp' | 'http';
  readonly imei: string;
  readonly model: string;
  readonly dir: string;
  readonly reach: readonly string[];
  readonly process: ChildProcess;
}

interface Row {
  imei: string;
  model: string;
  reach: string[];
  dir: string;
}

/** Starts `cimo-handset start --json …args` and resolves with its one row. */
export async function startHandsetProcess(
  kind: DemoHandset['kind'],
  args: readonly string[],
  log: (line: string) => void,
): Promise<DemoHandset> {
  const child = spawn(process.execPath, [handsetBin(), 'start', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line !== '') log(`[${kind} handset] ${line}`);
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ${kind} handset exited with ${code}`)));
  });
  const row = (JSON.parse(line) as { handsets: Row[] }).handsets[0];
  if (row === undefined) throw new Error(`the ${kind} handset printed no row`);
  return { kind, imei: row.imei, model: row.model, dir: row.dir, reach: row.reach, process: child };
}

interface HandsetFiles {
  imei: string;
  server: {
    serverId: string;
    authType: 'md5' | 'basic' | 'hmac' | 'none';
    clientUsername: string;
    clientPassword: string;
    serverPassword: string;
  };
}

/**
 * Configures the console in `dataFolder` for the demo handsets, as an operator who set
 * them up together would: one credential rule per handset (by DevId and by link), the
 * TCP endpoint and pty path to watch, the package #0 address of the HTTP handset, and
 * the DM nonces the handsets expect.
 */
export function configureConsoleFor(
  dataFolder: string,
  handsets: readonly { readonly dir: string; readonly reach: readonly string[] }[],
): void {
  const settings = SettingsStore.open(dataFolder);
  const nonces = NonceStore.open(dataFolder);
  const rules: CredentialRule[] = [];
  const obexTcp: string[] = [];
  const serialPaths: string[] = [];
  const wake: Record<string, string> = {};
  for (const h of handsets) {
    const id = JSON.parse(readFileSync(join(h.dir, 'identity.json'), 'utf8')) as HandsetFiles;
    const state = JSON.parse(readFileSync(join(h.dir, 'state.json'), 'utf8')) as {
      nonces: { client: string; server: string };
    };
    const credentials = {
      serverId: id.server.serverId,
      serverPassword: id.server.serverPassword,
      clientUsername: id.server.clientUsername,
      clientPassword: id.server.clientPassword,
      authType: id.server.authType,
    };
    rules.push({ devId: `IMEI:${id.imei}`, credentials });
    for (const r of h.reach) {
      const tcp = /^obex tcp (.+)$/.exec(r)?.[1];
      if (tcp !== undefined) {
        obexTcp.push(tcp);
        rules.push({ link: `tcp ${tcp}`, credentials });
      }
      const serial = /^obex serial (.+)$/.exec(r)?.[1];
      if (serial !== undefined) {
        serialPaths.push(serial);
        rules.push({ link: `serial ${serial}`, credentials });
      }
      const udp = /package #0 on udp (\S+?)\)?$/.exec(r)?.[1];
      if (udp !== undefined) wake[`IMEI:${id.imei}`] = udp;
    }
    nonces.seed(`${id.server.serverId}|${id.server.clientUsername}`, {
      client: fromBase64(state.nonces.client),
      server: fromBase64(state.nonces.server),
    });
  }
  settings.update((s) => ({
    ...s,
    operator: s.operator === 'operator' ? 'Demo operator' : s.operator,
    credentials: rules,
    network: { obexTcp, serialPaths, wake },
  }));
}
