import type { Command } from 'commander';

type Module = Promise<{ register(program: Command): void }>;

const handsets = (): Module => import('./handsets.js');
const operations = (): Module => import('./operations.js');

/**
 * One entry per top-level command name; each module adds its sub-commands to `program`
 * (a module serving several names is listed under each). Modules are imported on demand:
 * `cimo decode` must not pay for loading serial-port and USB bindings or the console's
 * services it never uses (whole-process time is benchmarked against libwbxml's tools).
 */
const modules: Readonly<Record<string, () => Module>> = {
  decode: () => import('./decode.js'),
  encode: () => import('./encode.js'),
  obex: () => import('./obex.js'),
  ports: () => import('./ports.js'),
  list: handsets,
  tree: handsets,
  get: handsets,
  set: handsets,
  exec: handsets,
  lock: operations,
  'partial-lock': operations,
  unlock: operations,
  retrieve: operations,
  wipe: operations,
  'factory-reset': operations,
  uninstall: operations,
  vault: () => import('./vault.js'),
  audit: () => import('./audit.js'),
  settings: () => import('./settings.js'),
};

/**
 * Adds the commands to the program: only the one named by `commandName` when it is a known
 * command, else every command (for help, usage errors and unknown commands).
 */
export async function registerCommands(program: Command, commandName?: string): Promise<void> {
  const only = commandName === undefined ? undefined : modules[commandName];
  const load = only !== undefined ? [only] : [...new Set(Object.values(modules))];
  for (const m of await Promise.all(load.map((f) => f()))) m.register(program);
}
