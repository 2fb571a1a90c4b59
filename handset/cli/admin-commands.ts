/**
 * `cimo-handset status|reset|wipe-data DIR`: look after handset folders without starting
 * them. DIR is one handset's folder or a fleet's folder (every `handset-NN` inside).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../device/atomic-file.js';
import { createHandset } from '../device/create.js';
import { initialState, loadState } from '../device/device-state.js';
import { Handset } from '../device/handset.js';
import { loadIdentity } from '../device/identity.js';
import { handsetPaths } from '../device/paths.js';
import { describeLock, readProfile } from './member-files.js';
import { UsageError } from './options.js';
import { renderTable } from './table.js';

/** The handset folders DIR names: itself, or its children that are handsets. */
export async function handsetDirs(dir: string): Promise<string[]> {
  const root = resolve(dir);
  if (existsSync(join(root, 'identity.json'))) return [root];
  if (!existsSync(root)) throw new UsageError(`${root} does not exist`);
  const found = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'identity.json')))
    .map((e) => join(root, e.name))
    .sort();
  if (found.length === 0) throw new UsageError(`${root} holds no handset (no identity.json)`);
  return found;
}

/** Refuses to touch a handset a running `cimo-handset start` has open. */
async function assertNotRunning(dir: string): Promise<void> {
  const lock = await describeLock(dir);
  if (lock !== undefined) {
    throw new UsageError(`${dir} is in use by ${lock}; stop it first`);
  }
}

const STATE_NAMES: Readonly<Record<number, string>> = {
  10: 'fully locked',
  20: 'partially locked',
  30: 'unlocked',
};

export function registerAdmin(program: Command): void {
  program
    .command('status')
    .argument('<dir>', 'a handset folder or a folder of handsets')
    .option('--json', 'print JSON')
    .description('show identity, lock state, last operation and data of handsets')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const rows = [];
      for (const d of await handsetDirs(dir)) {
        const paths = handsetPaths(d);
        const identity = await loadIdentity(paths.identity);
        const state = await loadState(paths.state);
        const running = await describeLock(d);
        rows.push({
          dir: d,
          imei: identity.imei,
          model: `${identity.man} ${identity.mod}`,
          persona: identity.persona,
          state: state.state,
          locked: state.locked,
          lockMessage: state.config.lockMessage,
          lastOperation: state.lastOperation,
          queuedAlerts: state.alerts.length,
          running: running ?? null,
        });
      }
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ handsets: rows })}\n`);
        return;
      }
      process.stdout.write(
        renderTable(
          ['IMEI', 'model', 'persona', 'state', 'last operation', 'alerts', 'running', 'folder'],
          rows.map((r) => {
            const op = r.lastOperation;
            const last =
              op.name === ''
                ? '—'
                : `${op.name} ${op.status}${op.resultCode === undefined ? '' : ` (${op.resultCode})`}`;
            const locked = r.locked.length > 0 ? `: ${r.locked.join(', ')}` : '';
            return [
              r.imei,
              r.model,
              r.persona,
              `${STATE_NAMES[r.state] ?? String(r.state)}${locked}`,
              last,
              String(r.queuedAlerts),
              r.running ?? 'no',
              r.dir,
            ];
          }),
        ),
      );
    });

  program
    .command('wipe-data')
    .argument('<dir>', 'a handset folder or a folder of handsets')
    .description("destroy the handsets' customer data for real and reset their state to new")
    .action(async (dir: string) => {
      for (const d of await handsetDirs(dir)) {
        await assertNotRunning(d);
        const handset = await Handset.open({ dir: d });
        await handset.store.factoryReset();
        await handset.close();
        const paths = handsetPaths(d);
        await rm(paths.retrieve, { recursive: true, force: true });
        await writeFileAtomic(paths.state, JSON.stringify(initialState(), null, 1) + '\n');
        process.stdout.write(`wiped ${d}\n`);
      }
    });

  program
    .command('reset')
    .argument('<dir>', 'a handset folder or a folder of handsets')
    .description('make handsets as new: same identity, data seeded again, state unlocked')
    .action(async (dir: string) => {
      for (const d of await handsetDirs(dir)) {
        await assertNotRunning(d);
        const paths = handsetPaths(d);
        const identity = await loadIdentity(paths.identity);
        const profile = await readProfile(d);
        const keepIdentity = await readFile(paths.identity);
        await rm(d, { recursive: true, force: true });
        await createHandset(d, { persona: identity.persona, seed: identity.seed, profile });
        await writeFileAtomic(paths.identity, keepIdentity);
        process.stdout.write(`reset ${d} (${identity.imei}, profile ${profile})\n`);
      }
    });
}
