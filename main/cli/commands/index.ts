import type { Command } from 'commander';

type Module = Promise<{ register(program: Command): void }>;

/**
 * One entry per command module (keyed by its top-level command name); each adds its
 * sub-commands to `program`. Modules are imported on demand: `cimo decode` must not pay for
 * loading serial-port and USB bindings it never uses (whole-process time is benchmarked
 * against libwbxml's tools).
 */
const modules: Readonly<Record<string, () => Module>> = {
  decode: () => import('./decode.js'),
  encode: () => import('./encode.js'),
  obex: () => import('./obex.js'),
  ports: () => import('./ports.js'),
};

/**
 * Adds the commands to the program: only the one named by `commandName` when it is a known
 * command, else every command (for help, usage errors and unknown commands).
 */
export async function registerCommands(program: Command, commandName?: string): Promise<void> {
  const only = commandName === undefined ? undefined : modules[commandName];
  const load = only !== undefined ? [only] : Object.values(modules);
  for (const m of await Promise.all(load.map((f) => f()))) m.register(program);
}
