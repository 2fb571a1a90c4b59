import { homedir } from 'node:os';
import { join } from 'node:path';

function xdg(name: 'XDG_DATA_HOME' | 'XDG_CONFIG_HOME', fallback: string): string {
  const v = process.env[name];
  return v !== undefined && v !== '' ? v : join(homedir(), fallback);
}

/** The console's data folder: `--data`, `$CIMO_DATA`, else `$XDG_DATA_HOME/cimo-console`. */
export function defaultDataFolder(): string {
  const env = process.env['CIMO_DATA'];
  if (env !== undefined && env !== '') return env;
  return join(xdg('XDG_DATA_HOME', '.local/share'), 'cimo-console');
}

/**
 * The vault key file used when no passphrase or key file is given and Electron's
 * safeStorage is not available: kept in the user's config folder, apart from the data
 * folder, so a copy of the data folder alone does not carry its key.
 */
export function defaultVaultKeyFile(): string {
  return join(xdg('XDG_CONFIG_HOME', '.config'), 'cimo-console', 'vault.key');
}

/** The demo's folder (handsets, console data, its vault key): `$XDG_DATA_HOME/cimo-console-demo`. */
export function defaultDemoFolder(): string {
  return join(xdg('XDG_DATA_HOME', '.local/share'), 'cimo-console-demo');
}
