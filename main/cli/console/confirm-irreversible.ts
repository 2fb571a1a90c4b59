/**
 * The command line's confirmation for operations that cannot be undone (wipe, factory
 * reset, uninstall), the CLI twin of the UI's confirm step: nothing is sent until the
 * operator confirms. `--yes` confirms up front (scripts); on a terminal the plan is shown
 * and the operator types `yes` — or, for a factory reset of one handset, the last four
 * digits of its IMEI, as in the UI; without a terminal and without `--yes` the command
 * stops with a usage error before anything is started.
 */
import { createInterface } from 'node:readline';
import type { OperationKind } from '../../ipc/contract.js';
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import { ConsoleCliError, EXIT } from './exit-codes.js';

/** Where the question is asked: the process's stdin/stderr unless a test says otherwise. */
export interface ConfirmIo {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/** Operations the CLI asks to confirm. */
export function isIrreversible(kind: OperationKind): boolean {
  return kind === 'wipe' || kind === 'factory-reset' || kind === 'uninstall';
}

/** What the operator must type: the IMEI's last four digits for one factory reset. */
export function expectedAnswer(kind: OperationKind, recs: readonly HandsetRecord[]): string {
  const only = recs.length === 1 ? recs[0] : undefined;
  if (kind === 'factory-reset' && only?.imei !== undefined && only.imei.length >= 4)
    return only.imei.slice(-4);
  return 'yes';
}

function describe(rec: HandsetRecord): string {
  return [rec.imei ?? '(no IMEI)', rec.model ?? '', rec.channel.description]
    .filter((x) => x !== '')
    .join('  ');
}

function ask(io: ConfirmIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  return new Promise<string>((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
    io.output.write(question);
  });
}

/**
 * Asks to confirm `what` (one line, e.g. "delete retrieval 1a2b… of 3569…") with `yes`,
 * unless `yes` was given up front. Without a terminal and without `--yes`: a usage error
 * (exit 2); a wrong answer: refused (exit 3). Nothing may have been done before it.
 */
export async function confirmYes(
  what: string,
  yes: boolean,
  io: ConfirmIo = { input: process.stdin, output: process.stderr },
): Promise<void> {
  if (yes) return;
  if (io.input.isTTY !== true || io.output.isTTY !== true)
    throw new ConsoleCliError(`${what} cannot be undone: add --yes to confirm it`, EXIT.usage);
  io.output.write(`${what} cannot be undone.\n`);
  if ((await ask(io, 'Type yes to go ahead: ')).trim() !== 'yes')
    throw new ConsoleCliError(`not confirmed: nothing was done`, EXIT.refused);
}

/**
 * Resolves when `kind` on `recs` may go ahead (see the module comment); throws
 * {@link ConsoleCliError} otherwise: exit 2 (usage) without a terminal and without
 * `--yes`, exit 3 (refused) when the operator's answer does not match.
 */
export async function confirmIrreversible(
  kind: OperationKind,
  recs: readonly HandsetRecord[],
  yes: boolean,
  io: ConfirmIo = { input: process.stdin, output: process.stderr },
): Promise<void> {
  if (!isIrreversible(kind) || yes) return;
  const n = recs.length === 1 ? 'one handset' : `${recs.length} handsets`;
  if (io.input.isTTY !== true || io.output.isTTY !== true)
    throw new ConsoleCliError(
      `${kind} cannot be undone: add --yes to confirm it for ${n} (nothing was started)`,
      EXIT.usage,
    );
  const want = expectedAnswer(kind, recs);
  io.output.write(
    `${kind} cannot be undone. It will run on ${n}:\n${recs.map((r) => `  ${describe(r)}\n`).join('')}`,
  );
  const prompt =
    want === 'yes'
      ? 'Type yes to go ahead: '
      : 'Type the last four digits of the IMEI to go ahead: ';
  const answer = (await ask(io, prompt)).trim();
  if (answer !== want)
    throw new ConsoleCliError(`${kind} not confirmed: nothing was started`, EXIT.refused);
}
