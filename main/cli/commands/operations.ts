/**
 * `cimo lock|partial-lock|unlock|retrieve|wipe|factory-reset|uninstall HANDSET…`: the
 * console's operations from the command line, on the same services as the desktop app
 * (queues, interlocks, consent, vault, audit). See `../console/run-operations.ts`.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { OperationKind } from '../../ipc/contract.js';
import { EXIT_HELP } from '../console/exit-codes.js';
import { addHandsetOptions, addVaultOptions } from '../console/options.js';
import { runConsoleAction } from '../console/run-console-action.js';
import { runOperations } from '../console/run-operations.js';
import type { OperationFlags } from '../console/run-operations.js';

const DESCRIPTIONS: Readonly<Record<OperationKind, string>> = {
  lock: 'fully lock the handsets',
  'partial-lock': 'lock the selected items (--items) of the handsets',
  unlock: 'unlock the handsets',
  retrieve: 'retrieve items into the vault (verified against the manifest)',
  wipe: 'wipe items (needs a verified retrieval of each, or --waiver)',
  'factory-reset': 'factory-reset the handsets (needs verified retrievals, or --waiver)',
  uninstall: 'uninstall apps (--apps)',
};

const HANDSETS_HELP = `
Handsets: an IMEI, its last digits when only one handset matches, a link
(/dev/ttyACM0, tcp:127.0.0.1:6500), or --all. Handsets come from the data
folder's settings (network.obexTcp, serialPaths), the device watcher, and
--tcp / --serial; the command waits (--wait) until they are identified.
With --all, an operation that can be undone starts on each handset as soon
as it is identified; wipe, factory-reset and uninstall wait for them all.`;

/** Adds one operation command. */
function addOperation(program: Command, kind: OperationKind): void {
  const cmd = program
    .command(`${kind} [handsets...]`)
    .description(DESCRIPTIONS[kind])
    .option('--all', 'every handset that identifies');
  if (kind === 'retrieve' || kind === 'wipe' || kind === 'partial-lock')
    cmd.option('--items <ids>', 'comma-separated InfoList item ids (default: every item)');
  if (kind === 'uninstall') cmd.option('--apps <ids>', 'comma-separated AppList ids to remove');
  if (kind === 'wipe' || kind === 'factory-reset' || kind === 'uninstall')
    cmd.option(
      '-y, --yes',
      'confirm this irreversible operation without asking (required without a terminal)',
    );
  if (kind === 'wipe' || kind === 'factory-reset')
    cmd.option(
      '--waiver <reason>',
      'wipe items without a verified retrieval; the reason is audited',
    );
  cmd
    .addOption(
      new Option(
        '--consent <how>',
        'how owner consent is asked (default: settings policy)',
      ).choices(['handset', 'ui-alert', 'not-required']),
    )
    .option('--timeout <seconds>', 'longest wait for one operation result (default 600)');
  addVaultOptions(addHandsetOptions(cmd));
  cmd.addHelpText('after', `${HANDSETS_HELP}\n${EXIT_HELP}`);
  cmd.action(
    runConsoleAction(kind, (handsets: string[], flags: OperationFlags) =>
      runOperations(kind, handsets, flags),
    ),
  );
}

/** Adds every operation command to the program. */
export function register(program: Command): void {
  for (const kind of [
    'lock',
    'partial-lock',
    'unlock',
    'retrieve',
    'wipe',
    'factory-reset',
    'uninstall',
  ] as const)
    addOperation(program, kind);
}
