/**
 * `cimo settings show|set|add-handset|remove-handset|add-credentials`: the data folder's
 * `settings.json` from the command line (checked against the same schema as the app;
 * written atomically). Passwords are never printed.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { SettingsStore } from '../../services/settings/index.js';
import type { ConsoleSettings, CredentialRule } from '../../services/settings/index.js';
import { ConsoleCliError, EXIT, EXIT_HELP } from '../console/exit-codes.js';
import type { ExitCode } from '../console/exit-codes.js';
import { addDataOptions, dataFolder, ensureDataFolder, hostPort } from '../console/options.js';
import { whileHolding } from '../console/folder-lock.js';
import { runConsoleAction } from '../console/run-console-action.js';

interface Flags {
  readonly data?: string;
  readonly json?: boolean;
}

/** The settings with secrets replaced by `***`. */
export function redacted(s: ConsoleSettings): unknown {
  return {
    ...s,
    credentials: s.credentials.map((r) => ({
      ...r,
      credentials: { ...r.credentials, serverPassword: '***', clientPassword: '***' },
    })),
  };
}

function open(flags: Flags): SettingsStore {
  return SettingsStore.open(ensureDataFolder(flags));
}

/**
 * Changes the settings with the data folder held: a console running on it keeps its own
 * copy and would write it back over this change (see `data-folder-lock.ts`).
 */
async function update(flags: Flags, f: (s: ConsoleSettings) => ConsoleSettings): Promise<void> {
  const folder = ensureDataFolder(flags);
  await whileHolding(folder, () => SettingsStore.open(folder).update(f));
}

function show(flags: Flags): Promise<ExitCode> {
  const s = open(flags);
  const text = JSON.stringify(redacted(s.value), null, 2);
  process.stdout.write(
    flags.json === true ? `${text}\n` : `# ${dataFolder(flags)}/settings.json\n${text}\n`,
  );
  return Promise.resolve(EXIT.ok);
}

const KEYS: Readonly<Record<string, (s: ConsoleSettings, v: string) => ConsoleSettings>> = {
  operator: (s, v) => ({ ...s, operator: v }),
  'server-id': (s, v) => ({ ...s, serverId: v }),
  'require-retrieval-before-wipe': (s, v) => {
    if (v !== 'true' && v !== 'false')
      throw new ConsoleCliError(
        `require-retrieval-before-wipe: true or false, not "${v}"`,
        EXIT.usage,
      );
    return { ...s, requireRetrievalBeforeWipe: v === 'true' };
  },
  'consent-policy': (s, v) => ({ ...s, consentPolicy: v as ConsoleSettings['consentPolicy'] }),
  'default-encoding': (s, v) => ({
    ...s,
    defaultEncoding: v as ConsoleSettings['defaultEncoding'],
  }),
};

async function set(key: string, value: string, flags: Flags): Promise<ExitCode> {
  const f = KEYS[key];
  if (f === undefined)
    throw new ConsoleCliError(
      `unknown setting ${key} (one of: ${Object.keys(KEYS).join(', ')})`,
      EXIT.usage,
    );
  await update(flags, (s) => f(s, value));
  process.stdout.write(`${key} = ${value}\n`);
  return EXIT.ok;
}

/** `tcp:HOST:PORT` / `HOST:PORT` → network.obexTcp; a path → network.serialPaths. */
function handsetChange(add: boolean) {
  return async (where: string, flags: Flags): Promise<ExitCode> => {
    const isPath = where.startsWith('/');
    const entry = isPath
      ? where
      : (({ host, port }) => `${host}:${port}`)(hostPort(where, 'handset'));
    await update(flags, (s) => {
      const list = isPath ? s.network.serialPaths : s.network.obexTcp;
      const next = add ? [...new Set([...list, entry])] : list.filter((x) => x !== entry);
      return { ...s, network: { ...s.network, [isPath ? 'serialPaths' : 'obexTcp']: next } };
    });
    process.stdout.write(
      `${add ? 'added' : 'removed'} ${isPath ? 'serial path' : 'OBEX-over-TCP handset'} ${entry}\n`,
    );
    return EXIT.ok;
  };
}

interface CredentialFlags extends Flags {
  readonly imei?: string;
  readonly devId?: string;
  readonly model?: string;
  readonly link?: string;
  readonly serverId: string;
  readonly serverPassword: string;
  readonly clientUser: string;
  readonly clientPassword: string;
  readonly auth: 'basic' | 'md5' | 'hmac' | 'none';
}

async function addCredentials(flags: CredentialFlags): Promise<ExitCode> {
  const rule: CredentialRule = {
    ...(flags.imei === undefined ? {} : { imei: flags.imei }),
    ...(flags.devId === undefined ? {} : { devId: flags.devId }),
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.link === undefined ? {} : { link: flags.link }),
    credentials: {
      serverId: flags.serverId,
      serverPassword: flags.serverPassword,
      clientUsername: flags.clientUser,
      clientPassword: flags.clientPassword,
      authType: flags.auth,
    },
  };
  // Rules are tried in order: a specific rule goes before the catch-all ones.
  await update(flags, (s) => ({ ...s, credentials: [rule, ...s.credentials] }));
  const scope = [
    flags.imei && `IMEI ${flags.imei}`,
    flags.devId && `DevId ${flags.devId}`,
    flags.model && `model ${flags.model}`,
    flags.link && `link ${flags.link}`,
  ].filter(Boolean);
  process.stdout.write(
    `added credentials for ${scope.length > 0 ? scope.join(', ') : 'every handset'}\n`,
  );
  return EXIT.ok;
}

/** Adds `cimo settings …` to the program. */
export function register(program: Command): void {
  const settings = program
    .command('settings')
    .description(
      'the console settings of a data folder: operator, policies, handsets, DM credentials',
    );
  addDataOptions(
    settings.command('show').description('print the settings (passwords hidden)'),
  ).action(runConsoleAction('settings show', show));
  addDataOptions(
    settings
      .command('set <key> <value>')
      .description(`set one of: ${Object.keys(KEYS).join(', ')}`),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('settings set', set));
  addDataOptions(
    settings
      .command('add-handset <where>')
      .description('watch an OBEX-over-TCP handset (tcp:HOST:PORT) or a serial path/glob (/dev/…)'),
  ).action(runConsoleAction('settings add-handset', handsetChange(true)));
  addDataOptions(
    settings
      .command('remove-handset <where>')
      .description('stop watching a handset added with add-handset'),
  ).action(runConsoleAction('settings remove-handset', handsetChange(false)));
  addDataOptions(
    settings
      .command('add-credentials')
      .description(
        'add the DM account for handsets matched by IMEI, DevId, model or link (none: all)',
      )
      .option('--imei <imei>', 'for this IMEI')
      .option('--dev-id <devId>', 'for this DevId (e.g. IMEI:356938035643809)')
      .option('--model <model>', 'for this model (DevInfo Mod)')
      .option('--link <link>', 'for this link, e.g. "tcp 127.0.0.1:6500"')
      .requiredOption('--server-id <id>', 'our ServerID on the handset')
      .requiredOption('--server-password <pw>', 'the server secret we present')
      .requiredOption('--client-user <name>', 'the user name the handset presents')
      .requiredOption('--client-password <pw>', 'the password the handset presents')
      .addOption(
        new Option('--auth <type>', 'authentication type')
          .choices(['basic', 'md5', 'hmac', 'none'])
          .default('md5'),
      ),
  )
    .addHelpText('after', EXIT_HELP)
    .action(runConsoleAction('settings add-credentials', addCredentials));
}
