/**
 * `cimo-handset start`: one or many reference handsets in this process (on one thread or
 * spread over several), each with its own identity, data and links, and a table of how
 * to reach them.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { CIMO_OPERATIONS } from '../../protocol/cimo/paths.js';
import { isPersonaName, PERSONA_NAMES } from '../device/persona.js';
import type { PersonaName } from '../device/persona.js';
import type { ConsentPolicy } from '../device/consent.js';
import type { MemberPlan } from './fleet-plan.js';
import { startFleet } from './fleet-threads.js';
import { defaultDataRoot, UsageError, intOption, numberOption } from './options.js';
import { renderTable } from './table.js';

interface StartFlags {
  count: string;
  obexTcp?: string;
  pty?: boolean;
  serial?: string;
  baud?: string;
  http?: string;
  pkg0Port?: string;
  profile: string;
  persona: string;
  data?: string;
  seed: string;
  consent: string;
  paceBaud?: string;
  latency?: string;
  dropLinkAfterBytes?: string;
  corruptRate?: string;
  crashDuring?: string;
  threads: string;
  json?: boolean;
  quiet?: boolean;
}

const PROFILES = ['small', 'typical', 'heavy'];
/** Operations `--crash-during` accepts: the MO's own list. */
const OPERATIONS: readonly string[] = CIMO_OPERATIONS;

/** One prompt at a time on the terminal, whichever handset asks. */
function terminalAsker(): (question: string) => Promise<boolean> {
  let chain: Promise<unknown> = Promise.resolve();
  return (question) => {
    const run = chain.then(async () => {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start reference handsets and print how to reach them')
    .option('--count <n>', 'how many handsets', '1')
    .option('--obex-tcp <port>', 'OBEX over TCP from this port on (0 = any free port each)')
    .option('--pty', 'make a pseudo-terminal pair per handset and serve OBEX on it')
    .option('--serial <dev>', 'serve OBEX on this serial device (one handset)')
    .option('--baud <n>', 'baud rate of --serial')
    .option('--http <url>', "call this console's OMA DM endpoint over HTTP")
    .option('--pkg0-port <port>', 'listen for package #0 on UDP from this port on (with --http)')
    .option(
      '--profile <p>',
      `seed data size: ${PROFILES.join('|')}; a list gives one per handset, the last repeating`,
      'small',
    )
    .option('--persona <p>', `${PERSONA_NAMES.join('|')}`, 'cimo')
    .option('--data <dir>', `handset folders (default ${defaultDataRoot()})`)
    .option('--seed <n>', 'seed of the first handset (others +1 each)', '1')
    .option('--consent <c>', "owner's answer when consent is required: always|never|ask", 'always')
    .option('--pace-baud <n>', 'pace every link to this many baud (10 bits a byte)')
    .option('--latency <ms>', 'delay every chunk on every link')
    .option('--drop-link-after-bytes <n>', 'pull the plug after this many bytes on a link')
    .option('--corrupt-rate <p>', 'flip a bit in a sent byte with this probability')
    .option(
      '--crash-during <operation>',
      `crash the process part-way through: ${OPERATIONS.join('|')}`,
    )
    .option(
      '--threads <n>',
      'spread the handsets over this many threads ("auto": one per CPU core)',
      '1',
    )
    .option('--json', 'print the table as JSON')
    .option('--quiet', 'no log lines on stderr')
    .action(async (flags: StartFlags) => {
      const count = intOption('--count', flags.count, 1, 256);
      const profiles = flags.profile.split(',').map((p) => p.trim());
      for (const p of profiles) {
        if (!PROFILES.includes(p)) {
          throw new UsageError(
            `--profile must be one of ${PROFILES.join(', ')} (or a comma-separated list)`,
          );
        }
      }
      if (!isPersonaName(flags.persona))
        throw new UsageError(`--persona must be one of ${PERSONA_NAMES.join(', ')}`);
      const persona: PersonaName = flags.persona;
      if (!['always', 'never', 'ask'].includes(flags.consent))
        throw new UsageError('--consent must be always, never or ask');
      if (flags.crashDuring !== undefined && !OPERATIONS.includes(flags.crashDuring)) {
        throw new UsageError(`--crash-during must be one of ${OPERATIONS.join(', ')}`);
      }
      if (flags.serial !== undefined && count > 1)
        throw new UsageError('--serial serves one handset; use --count 1');
      const noLink =
        flags.obexTcp === undefined &&
        flags.pty !== true &&
        flags.serial === undefined &&
        flags.http === undefined;
      const tcpBase =
        flags.obexTcp === undefined
          ? noLink
            ? 0
            : undefined
          : intOption('--obex-tcp', flags.obexTcp, 0, 65535);
      const pkg0Base =
        flags.pkg0Port === undefined
          ? undefined
          : intOption('--pkg0-port', flags.pkg0Port, 0, 65535);
      if (flags.http !== undefined && !/^http:\/\//.test(flags.http))
        throw new UsageError('--http must be an http:// URL');
      const shaping = {
        paceBaud:
          flags.paceBaud === undefined
            ? undefined
            : numberOption('--pace-baud', flags.paceBaud, 50, 100_000_000),
        latencyMs:
          flags.latency === undefined
            ? undefined
            : numberOption('--latency', flags.latency, 0, 600_000),
        dropAfterBytes:
          flags.dropLinkAfterBytes === undefined
            ? undefined
            : intOption(
                '--drop-link-after-bytes',
                flags.dropLinkAfterBytes,
                0,
                Number.MAX_SAFE_INTEGER,
              ),
        corruptRate:
          flags.corruptRate === undefined
            ? undefined
            : numberOption('--corrupt-rate', flags.corruptRate, 0, 1),
      };
      const seed = intOption('--seed', flags.seed, 0, 2 ** 31);
      const root = resolve(flags.data ?? defaultDataRoot());
      await mkdir(root, { recursive: true });
      const quiet = flags.quiet === true;
      const threads =
        flags.threads === 'auto'
          ? Math.min(count, availableParallelism())
          : intOption('--threads', flags.threads, 1, 256);
      const baudRate =
        flags.baud === undefined ? undefined : intOption('--baud', flags.baud, 50, 10_000_000);
      const plans: MemberPlan[] = [];
      for (let i = 1; i <= count; i++) {
        plans.push({
          index: i,
          root,
          persona,
          // One profile per handset in order; the last one repeats.
          profile: profiles[Math.min(i, profiles.length) - 1] ?? 'small',
          seed: seed + i - 1,
          obexTcpPort: tcpBase === undefined ? undefined : tcpBase === 0 ? 0 : tcpBase + i - 1,
          pty: flags.pty === true,
          serial: flags.serial,
          baudRate,
          http: flags.http,
          pkg0Port:
            pkg0Base === undefined
              ? flags.http === undefined
                ? undefined
                : 0
              : pkg0Base === 0
                ? 0
                : pkg0Base + i - 1,
          shaping: { ...shaping, seed: seed + i },
          consent: flags.consent as ConsentPolicy,
          crashDuring: flags.crashDuring,
          quiet,
        });
      }
      const fleet = await startFleet(plans, threads, terminalAsker());
      const rows = fleet.rows;
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ handsets: rows })}\n`);
      } else {
        process.stdout.write(
          renderTable(
            ['#', 'IMEI', 'model', 'persona', 'reach it at', 'folder'],
            rows.map((r) => [
              String(r.index),
              r.imei,
              r.model,
              r.persona,
              r.reach.join('; '),
              r.dir,
            ]),
          ),
        );
        process.stdout.write(
          `${count} handset${count === 1 ? '' : 's'} running; Ctrl-C stops them.\n`,
        );
      }
      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolveStop();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      if (!quiet)
        process.stderr.write('stopping: waiting for running operations to save their state…\n');
      await fleet.stop();
    });
}
