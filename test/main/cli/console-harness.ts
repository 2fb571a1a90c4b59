/**
 * The console CLI against reference handsets: a data folder configured the way an
 * operator would (`cimo settings add-credentials` with the handset's DM account, a vault
 * key file from `cimo vault new-key-file`), and `cimo …` run as a child process, with
 * pipes or on a pseudo-terminal (util-linux `script`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AuditRow } from '../../../main/services/audit/index.js';
import type { StartedRow } from '../../handset/cli/support.js';
import { readHandsetAccount } from '../../support/handset-console.js';
import { ROOT } from './cli-harness.js';

/** What a run produced. */
export interface ConsoleRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/cimo.js …args` (async: the handsets answer from another process meanwhile). */
export function cimoAsync(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 150_000,
): Promise<ConsoleRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/cimo.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the CLI with stdout and stderr on a pseudo-terminal; output merged. */
export function cimoOnTtyAsync(args: readonly string[], timeoutMs = 150_000): Promise<ConsoleRun> {
  const quoted = ['node', 'bin/cimo.js', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', quoted.join(' '), '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: out, stderr: '' });
    });
  });
}

/** A data folder's options for every console command. */
export function dataArgs(data: string): string[] {
  return ['--data', data];
}

/**
 * Configures `data` for the handset of `row` through the CLI: its DM account, matched by
 * the link it is reached on (`tcp 127.0.0.1:PORT`, `serial /dev/…`) — the account is
 * needed before the handset has said who it is.
 */
export async function addCredentials(data: string, row: StartedRow, link: string): Promise<void> {
  const a = readHandsetAccount(row.dir);
  const r = await cimoAsync([
    'settings',
    'add-credentials',
    ...dataArgs(data),
    '--link',
    link,
    '--server-id',
    a.serverId,
    '--server-password',
    a.serverPassword,
    '--client-user',
    a.clientAccount.username,
    '--client-password',
    a.clientAccount.password,
    '--auth',
    a.clientAccount.type,
  ]);
  if (r.status !== 0) throw new Error(`settings add-credentials: ${r.stderr}`);
}

/** Creates the vault key file `<data>/../vault.key` with the CLI; returns its path. */
export async function newKeyFile(dir: string): Promise<string> {
  const path = join(dir, 'vault.key');
  const r = await cimoAsync(['vault', 'new-key-file', path]);
  if (r.status !== 0) throw new Error(`vault new-key-file: ${r.stderr}`);
  return path;
}

/** `cimo audit ls --json` of the data folder's `operation` rows. */
export async function auditRows(data: string, operation: string): Promise<AuditRow[]> {
  const r = await cimoAsync(['audit', 'ls', '--json', '--data', data, '--operation', operation]);
  return JSON.parse(r.stdout) as AuditRow[];
}
