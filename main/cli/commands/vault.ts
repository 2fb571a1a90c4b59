/**
 * `cimo vault ls [RETRIEVAL]`, `cimo vault export RETRIEVAL --to DIR`, `cimo vault rm
 * RETRIEVAL`, `cimo vault new-key-file FILE`: the encrypted vault of a data folder.
 * Listing, export and removal need the vault key (see `../console/vault-key.ts`); an
 * export and a removal (its blobs shredded, confirmed first) are recorded in the audit log.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { AuditLog } from '../../services/audit/audit-log.js';
import { SettingsStore } from '../../services/settings/index.js';
import { createKeyFile, exportRetrieval, Vault } from '../../services/vault/index.js';
import type { RetrievalInfo } from '../../services/vault/index.js';
import { ConsoleCliError, EXIT, EXIT_HELP } from '../console/exit-codes.js';
import type { ExitCode } from '../console/exit-codes.js';
import {
  addDataOptions,
  addVaultOptions,
  commaList,
  dataFolder,
  ensureDataFolder,
} from '../console/options.js';
import { confirmYes } from '../console/confirm-irreversible.js';
import { whileHolding } from '../console/folder-lock.js';
import { runConsoleAction } from '../console/run-console-action.js';
import { printTable } from '../console/table.js';
import { vaultKeySource } from '../console/vault-key.js';

interface VaultFlags {
  readonly data?: string;
  readonly json?: boolean;
  readonly vaultKeyFile?: string;
  readonly imei?: string;
  readonly to?: string;
  readonly items?: string;
  readonly includeUnverified?: boolean;
  readonly operator?: string;
  readonly yes?: boolean;
}

/** The operator an audit record names: `--operator`, `$CIMO_OPERATOR`, else the settings'. */
function operatorOf(flags: VaultFlags): string {
  return (
    flags.operator ??
    process.env['CIMO_OPERATOR'] ??
    SettingsStore.open(dataFolder(flags)).value.operator
  );
}

/** Records vault events in the data folder's audit log. */
type VaultAudit = (
  r: RetrievalInfo,
  operation: 'vault-export' | 'vault-delete',
  detail: string,
) => void;

/**
 * `withVault` for a command that ends in an audit record (export, delete): the audit log
 * is opened first, so a log that cannot be written (a broken head, a head only the
 * desktop app can seal) stops the command before it exports or deletes anything.
 */
async function withAuditedVault<T>(
  flags: VaultFlags,
  f: (v: Vault, audit: VaultAudit) => Promise<T>,
): Promise<T> {
  return withVault(flags, async (vault) => {
    const log = AuditLog.open(join(dataFolder(flags), 'audit'));
    try {
      return await f(vault, (r, operation, detail) =>
        log.record({
          operator: operatorOf(flags),
          operation,
          handset: { imei: r.imei, ...(r.model === null ? {} : { model: r.model }) },
          detail,
        }),
      );
    } finally {
      log.close();
    }
  });
}

/** Runs `f` on the vault with the data folder held (see `data-folder-lock.ts`). */
async function withVault<T>(flags: VaultFlags, f: (v: Vault) => Promise<T>): Promise<T> {
  const folder = ensureDataFolder(flags);
  return whileHolding(folder, async () => {
    const vault = await Vault.open(join(folder, 'vault'), await vaultKeySource(flags));
    try {
      return await f(vault);
    } finally {
      vault.close();
    }
  });
}

/** The retrieval `ref` names: its id or a unique prefix of it (4+ characters). */
function findRetrieval(vault: Vault, ref: string): RetrievalInfo {
  const all = vault.listRetrievals();
  const exact = all.find((r) => r.id === ref);
  if (exact !== undefined) return exact;
  const hits = ref.length >= 4 ? all.filter((r) => r.id.startsWith(ref)) : [];
  if (hits.length === 1 && hits[0] !== undefined) return hits[0];
  throw new ConsoleCliError(
    hits.length > 1
      ? `"${ref}" is the start of ${hits.length} retrievals: give more of the id`
      : `no retrieval ${ref} in the vault (cimo vault ls lists them)`,
    hits.length > 1 ? EXIT.usage : EXIT.notFound,
  );
}

function lsAction(ref: string | undefined, flags: VaultFlags): Promise<ExitCode> {
  return withVault(flags, (vault) => {
    if (ref === undefined) {
      const list = vault.listRetrievals(flags.imei === undefined ? {} : { imei: flags.imei });
      if (flags.json === true) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) process.stdout.write('no retrievals in the vault\n');
      else
        printTable(
          ['RETRIEVAL', 'IMEI', 'MODEL', 'FINISHED', 'STATE', 'ITEMS'],
          list.map((r) => [
            r.id,
            r.imei,
            r.model ?? '',
            r.finishedAt ?? '',
            r.state,
            r.items
              .map((i) => `${i.item}(${i.objects}${i.verified ? '' : ' unverified'})`)
              .join(' '),
          ]),
        );
      return Promise.resolve(EXIT.ok);
    }
    const detail = vault.retrieval(findRetrieval(vault, ref).id);
    if (flags.json === true) process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    else
      printTable(
        ['#', 'ITEM', 'TYPE', 'SIZE', 'STATE', 'NAME'],
        detail.objects.map((o) => [
          String(o.index),
          o.item,
          o.type,
          String(o.size),
          o.state,
          o.name,
        ]),
      );
    return Promise.resolve(EXIT.ok);
  });
}

function exportAction(ref: string, flags: VaultFlags): Promise<ExitCode> {
  if (flags.to === undefined) throw new ConsoleCliError('--to DIR is required', EXIT.usage);
  const target = flags.to;
  return withAuditedVault(flags, async (vault, audit) => {
    const r = findRetrieval(vault, ref);
    const items = commaList(flags.items);
    const files = await exportRetrieval(vault, r.id, target, {
      ...(items === undefined ? {} : { items }),
      ...(flags.includeUnverified === true ? { includeUnverified: true } : {}),
    });
    audit(r, 'vault-export', `retrieval ${r.id}: ${files.length} files exported`);
    const bad = files.filter((f) => !f.digestMatches);
    if (flags.json === true)
      process.stdout.write(
        `${JSON.stringify({ retrievalId: r.id, folder: target, files }, null, 2)}\n`,
      );
    else {
      for (const f of files)
        process.stdout.write(
          `${f.path}  ${f.size} bytes${f.digestMatches ? '' : '  DIGEST MISMATCH'}\n`,
        );
      process.stdout.write(`${files.length} files exported to ${target}\n`);
    }
    return bad.length === 0 ? EXIT.ok : EXIT.failed;
  });
}

function rmAction(ref: string, flags: VaultFlags): Promise<ExitCode> {
  return withAuditedVault(flags, async (vault, audit) => {
    const r = findRetrieval(vault, ref);
    await confirmYes(
      `deleting retrieval ${r.id} of ${r.imei} (${r.items.map((i) => i.item).join(', ')})`,
      flags.yes === true,
    );
    const { blobs } = await vault.deleteRetrieval(r.id);
    audit(r, 'vault-delete', `retrieval ${r.id} deleted (${blobs} blobs shredded)`);
    if (flags.json === true)
      process.stdout.write(`${JSON.stringify({ retrievalId: r.id, deleted: true, blobs })}\n`);
    else process.stdout.write(`deleted retrieval ${r.id} (${blobs} encrypted objects shredded)\n`);
    return EXIT.ok;
  });
}

function newKeyFileAction(file: string): Promise<ExitCode> {
  createKeyFile(file);
  process.stdout.write(
    `wrote a new vault key file ${file} (mode 0600): keep it off this machine; a vault cannot be opened without its key\n`,
  );
  return Promise.resolve(EXIT.ok);
}

/** Adds `cimo vault …` to the program. */
export function register(program: Command): void {
  const vault = program
    .command('vault')
    .description('the encrypted vault of retrievals: list, export for the customer, delete');
  addVaultOptions(
    addDataOptions(
      vault
        .command('ls [retrieval]')
        .description('list retrievals, or the objects of one (id or a unique prefix)')
        .option('--imei <imei>', 'only this handset’s retrievals'),
    ),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('vault ls', lsAction));
  addVaultOptions(
    addDataOptions(
      vault
        .command('export <retrieval>')
        .description('decrypt a retrieval into a folder: vCard, iCalendar, notes, photos')
        .option('--to <dir>', 'target folder (created; existing files are never overwritten)')
        .option('--items <ids>', 'only these items (comma-separated)')
        .option('--include-unverified', 'also objects whose digest did not verify')
        .option('--operator <name>', 'operator recorded in the audit log'),
    ),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('vault export', exportAction));
  addVaultOptions(
    addDataOptions(
      vault
        .command('rm <retrieval>')
        .description('delete a retrieval from the vault (its encrypted objects shredded; audited)')
        .option('-y, --yes', 'confirm without asking (required without a terminal)')
        .option('--operator <name>', 'operator recorded in the audit log'),
    ),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('vault rm', rmAction));
  vault
    .command('new-key-file <file>')
    .description('write a new random vault key file (never overwrites) for --vault-key-file')
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('vault new-key-file', newKeyFileAction));
}
