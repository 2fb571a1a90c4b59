/**
 * `cimo list`, `cimo tree HANDSET [PATH]`, `cimo get|set|exec HANDSET PATH [VALUE]`: the
 * handsets the console can reach and raw DM access for lab use. They open the registry
 * without the vault (no key needed); `set` and `exec` are audited (`raw-replace`,
 * `raw-exec`). See `../console/handset-commands.ts`.
 */
import type { Command } from 'commander';
import { EXIT_HELP } from '../console/exit-codes.js';
import {
  execAction,
  getAction,
  listAction,
  setAction,
  treeAction,
} from '../console/handset-commands.js';
import { addHandsetOptions } from '../console/options.js';
import { runConsoleAction } from '../console/run-console-action.js';

/** Adds the handset commands to the program. */
export function register(program: Command): void {
  addHandsetOptions(
    program
      .command('list')
      .description('list the handsets the console can reach, with state, IMEI, model and MO')
      .option('--items', 'also list each handset’s information items (counts, sizes, locks)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('list', listAction));
  addHandsetOptions(
    program
      .command('tree <handset> [path]')
      .description('print the DM subtree at PATH (default: the CIMO/LAWMO root)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('tree', treeAction));
  addHandsetOptions(
    program.command('get <handset> <path>').description('DM Get of one node (lab use)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('get', getAction));
  addHandsetOptions(
    program
      .command('set <handset> <path> <value>')
      .description('DM Replace of one node (lab use; audited)')
      .option('--format <format>', 'DM format of the value (chr, int, bool, b64, …)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('set', setAction));
  addHandsetOptions(
    program
      .command('exec <handset> <path> [data]')
      .description('DM Exec of one node (lab use; audited)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('exec', execAction));
}
