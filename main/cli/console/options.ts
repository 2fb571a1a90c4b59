/**
 * Options shared by the console commands and how they resolve: the data folder, the
 * vault key, the operator, extra handsets (`--tcp`, `--serial`), the wait for handsets,
 * `--json` and the hidden `--stats`.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ConsoleCliError, EXIT } from './exit-codes.js';

/** What commander hands the actions (after {@link addConsoleOptions}). */
export interface ConsoleFlags {
  readonly data?: string;
  readonly vaultKeyFile?: string;
  readonly operator?: string;
  readonly tcp?: readonly string[];
  readonly serial?: readonly string[];
  readonly http?: string;
  /** `--no-scan`: no USB bus and no system serial ports, only configured and named links. */
  readonly scan?: boolean;
  readonly wait?: string;
  readonly json?: boolean;
  readonly stats?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The data folder: `--data`, else `$CIMO_DATA`, else `$XDG_DATA_HOME/cimo-console`,
 * else `~/.local/share/cimo-console`.
 */
export function dataFolder(flags: { readonly data?: string }, env = process.env): string {
  if (flags.data !== undefined && flags.data !== '') return resolve(flags.data);
  if (env['CIMO_DATA'] !== undefined && env['CIMO_DATA'] !== '') return resolve(env['CIMO_DATA']);
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.local', 'share');
  return join(base, 'cimo-console');
}

/** {@link dataFolder}, created (owner-only) when missing. */
export function ensureDataFolder(flags: { readonly data?: string }): string {
  const folder = dataFolder(flags);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** `cimo <command>`, for the refusal another console gets while this one holds the folder. */
export function commandName(argv: readonly string[] = process.argv): string {
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  return command === undefined ? 'cimo' : `cimo ${command}`;
}

/** Adds `--data` and the hidden `--stats` (every console command). */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option(
      '--data <dir>',
      'console data folder (default $CIMO_DATA, else $XDG_DATA_HOME/cimo-console)',
    )
    .option('--json', 'print JSON for scripts')
    .addOption(new Option('--stats').hideHelp());
}

/** Adds the options of commands that talk to handsets. */
export function addHandsetOptions(cmd: Command): Command {
  return addDataOptions(cmd)
    .option('--tcp <host:port>', 'also reach the OBEX-over-TCP handset there (repeatable)', collect)
    .option('--serial <dev>', 'also open this serial device or pty (repeatable)', collect)
    .option('--http <host:port>', 'listen for HTTP DM handsets calling in on this address')
    .option(
      '--no-scan',
      'do not scan USB and system serial ports (configured and named links only)',
    )
    .option('--wait <seconds>', 'how long to wait for the handsets to be identified', '30')
    .option(
      '--operator <name>',
      'operator recorded in the audit log (default: settings, $CIMO_OPERATOR)',
    );
}

/** Adds the vault key options (commands that store or read retrievals). */
export function addVaultOptions(cmd: Command): Command {
  return cmd.option(
    '--vault-key-file <file>',
    'vault key file (32 bytes; else $CIMO_VAULT_PASSPHRASE, else asked on a terminal)',
  );
}

/** `--wait` in milliseconds. */
export function waitMs(flags: ConsoleFlags): number {
  const s = Number(flags.wait ?? '30');
  if (!Number.isFinite(s) || s <= 0)
    throw new ConsoleCliError(
      `--wait: expected seconds > 0, got "${flags.wait ?? ''}"`,
      EXIT.usage,
    );
  return s * 1000;
}

/** `host:port` → address (bad usage otherwise). */
export function hostPort(text: string, option: string): { host: string; port: number } {
  const m = /^(?:tcp:)?(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConsoleCliError(`${option}: expected host:port, got "${text}"`, EXIT.usage);
  return { host, port };
}

/** Comma-separated list (`--items a,b`), empty entries dropped; undefined when absent. */
export function commaList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
