import type { Command } from 'commander';

/** One entry per command module; each adds its sub-commands to `program`. */
const registrations: ReadonlyArray<(program: Command) => void> = [];

/** Adds every command to the program. */
export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
