import type { Command } from 'commander';
import { register as registerDecode } from './decode.js';
import { register as registerEncode } from './encode.js';
import { register as registerObex } from './obex.js';
import { register as registerPorts } from './ports.js';

/** One entry per command module; each adds its sub-commands to `program`. */
const registrations: ReadonlyArray<(program: Command) => void> = [
  registerDecode,
  registerEncode,
  registerObex,
  registerPorts,
];

/** Adds every command to the program. */
export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
