/**
 * The CLI's confirmation of irreversible operations, over real streams: refused without a
 * terminal, accepted with --yes, asked on a terminal (yes, or the IMEI's last four digits
 * for a factory reset of one handset), refused on a wrong or missing answer.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  confirmIrreversible,
  expectedAnswer,
} from '../../../main/cli/console/confirm-irreversible.js';
import type { ConfirmIo } from '../../../main/cli/console/confirm-irreversible.js';
import type { HandsetRecord } from '../../../main/services/handsets/handset-record.js';

/** The fields the confirmation reads of a handset record. */
const rec = (imei: string | undefined): HandsetRecord =>
  ({ imei, model: 'Ref-S1', channel: { description: 'tcp 127.0.0.1:6500' } }) as HandsetRecord;

/** A terminal-like pair of streams: the answer is written once the question is asked. */
function terminal(answer: string | undefined, tty = true): ConfirmIo & { said: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: tty });
  const output = Object.assign(new PassThrough(), { isTTY: tty });
  let said = '';
  output.on('data', (d: Buffer) => {
    said += d.toString();
    if (/go ahead: $/.test(said)) {
      if (answer === undefined) input.end();
      else input.write(`${answer}\n`);
    }
  });
  return { input, output, said: () => said };
}

const codeOf = async (p: Promise<void>): Promise<number | 'ok'> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { exitCode: number }).exitCode;
  }
};

describe('confirmIrreversible', () => {
  const two = [rec('356938035643809'), rec('356938030414925')];

  it('lets reversible operations and --yes through without asking', async () => {
    const io = terminal(undefined, false);
    expect(await codeOf(confirmIrreversible('lock', two, false, io))).toBe('ok');
    expect(await codeOf(confirmIrreversible('wipe', two, true, io))).toBe('ok');
    expect(io.said()).toBe('');
  });

  it('stops with a usage error (2) when nobody can be asked', async () => {
    const io = terminal('yes', false);
    await expect(confirmIrreversible('wipe', two, false, io)).rejects.toThrow(
      /wipe cannot be undone: add --yes to confirm it for 2 handsets/,
    );
    expect(await codeOf(confirmIrreversible('uninstall', two, false, io))).toBe(2);
  });

  it('on a terminal shows the handsets and goes ahead on "yes"', async () => {
    const io = terminal('yes');
    expect(await codeOf(confirmIrreversible('wipe', two, false, io))).toBe('ok');
    expect(io.said()).toMatch(/356938035643809 {2}Ref-S1 {2}tcp 127\.0\.0\.1:6500/);
    expect(io.said()).toMatch(/356938030414925/);
  });

  it('a factory reset of one handset wants its last four IMEI digits', async () => {
    const one = [rec('356938035643809')];
    expect(expectedAnswer('factory-reset', one)).toBe('3809');
    expect(expectedAnswer('factory-reset', two)).toBe('yes');
    expect(await codeOf(confirmIrreversible('factory-reset', one, false, terminal('3809')))).toBe(
      'ok',
    );
    expect(await codeOf(confirmIrreversible('factory-reset', one, false, terminal('yes')))).toBe(3);
  });

  it('refuses (3) a wrong answer and a closed input', async () => {
    expect(await codeOf(confirmIrreversible('wipe', two, false, terminal('y')))).toBe(3);
    expect(await codeOf(confirmIrreversible('wipe', two, false, terminal(undefined)))).toBe(3);
  });
});
