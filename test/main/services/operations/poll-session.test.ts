/**
 * Waiting for an operation's result over OBEX: the console polls LastOperation inside the
 * Exec's DM session (a package each way per poll, not a session with package #0, package 1
 * and fresh authentication each time), reads it when the handset's progress says the
 * operation is due to end, and gives the handset up to any other script that asks for it
 * meanwhile. The handset runs in this process so the test holds its owner's
 * consent answer — the operation stays running for as long as the test wants.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetMemberOptions } from '../../../../handset/cli/fleet.js';
import type { ConsoleServices } from '../../../../main/services/console.js';
import { getText } from '../../../../main/services/handsets/tree-read.js';
import { MIN_POLL_MS, nextPollDelay } from '../../../../main/services/operations/wait-result.js';
import { inProcessHandset, waitFor } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A console with `pollMs` and one in-process handset over OBEX/TCP; both closed after the test. */
function consoleWithHandset(
  member: Pick<FleetMemberOptions, 'seed' | 'consent' | 'askOwner'>,
  pollMs: number,
  timeoutMs = 60_000,
): Promise<{ c: ConsoleServices; id: string }> {
  return inProcessHandset(cleanups, member, { runner: { pollMs, timeoutMs } });
}

describe('waiting for a result over OBEX', () => {
  it('polls inside one session and lets another script in at once', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    let asked = false;
    const { c, id } = await consoleWithHandset(
      {
        seed: 11,
        consent: 'ask',
        // The first question (the wipe's) waits for the test; later ones are answered yes.
        askOwner: () => {
          if (asked) return Promise.resolve(true);
          asked = true;
          return new Promise<boolean>((r) => (answer = r));
        },
      },
      40,
    );

    // Whatever happens below, the owner answers in the end (the handset closes after).
    cleanups.push(() => answer(false));
    const sessionsBefore = c.trace.list(id).length;
    const [op] = c.runner.start([id], {
      operation: 'wipe',
      items: ['Notes'],
      consent: 'handset',
      waiver: { reason: 'poll-session test' },
    });
    await waitFor(() => asked, 'the owner is asked');
    // Hold the operation (the owner has not answered) while the console polls: ~25 polls.
    await new Promise((r) => setTimeout(r, 1000));
    // The polls run in the Exec's session, with many packages in it: each poll is a
    // package each way (a session per poll made ~25 sessions here).
    const sessions = c.trace.list(id).slice(sessionsBefore);
    expect(sessions.length).toBe(1);
    expect(sessions.at(-1)?.messages ?? 0).toBeGreaterThan(10);

    // Another script gets the handset without waiting for the hold to end.
    const t0 = Date.now();
    const state = await c.registry.session(id, (s) => getText(s, './CIMO/State'));
    expect(state).toBe('30');
    expect(Date.now() - t0).toBeLessThan(2000);

    answer(true);
    const done = await c.runner.settled(op?.id ?? '');
    expect(done).toMatchObject({ status: 'done', resultCode: 1201 });
    expect(c.registry.detail(id).items.find((i) => i.id === 'Notes')?.itemCount).toBe(0);

    // A retrieval reads the MO, with its manifest, in the session that saw the result: the
    // Exec's session, which also polled, and nothing more (no poll or read-back session).
    const before = c.trace.list(id).length;
    const [r] = c.runner.start([id], { operation: 'retrieve', items: ['PhoneBook'] });
    const rr = await c.runner.settled(r?.id ?? '');
    expect(rr, JSON.stringify(rr)).toMatchObject({ status: 'done', resultCode: 1210 });
    expect(c.vault.retrieval(c.runner.get(r?.id ?? '')?.retrievalId ?? '').state).toBe('verified');
    expect(c.trace.list(id).length - before).toBe(1);
  }, 120_000);

  it('reads the result soon after a short operation ends, not a whole poll period later', async () => {
    // A poll period far longer than a lock takes on this handset.
    const pollMs = 20_000;
    const { c, id } = await consoleWithHandset({ seed: 12, consent: 'always' }, pollMs);
    const t0 = Date.now();
    const [op] = c.runner.start([id], { operation: 'lock' });
    const done = await c.runner.settled(op?.id ?? '');
    expect(done).toMatchObject({ status: 'done', resultCode: 1200 });
    expect(c.registry.detail(id).lockState).toBe(10);
    expect(Date.now() - t0).toBeLessThan(pollMs / 2);
  }, 60_000);
});

describe('the wait for a result', () => {
  it('counts its deadline from the Exec, not from a consent alert the owner took long over', async () => {
    const { c, id } = await consoleWithHandset(
      {
        seed: 13,
        consent: 'ask',
        askOwner: () => new Promise<boolean>((r) => setTimeout(() => r(true), 1500)),
      },
      40,
      1000,
    );
    const [op] = c.runner.start([id], {
      operation: 'wipe',
      items: ['Notes'],
      consent: 'ui-alert',
      waiver: { reason: 'deadline test' },
    });
    const done = await c.runner.settled(op?.id ?? '');
    expect(done).toMatchObject({ status: 'done', resultCode: 1201 });
  }, 60_000);
});

describe('nextPollDelay', () => {
  it('waits until the end the progress predicts, else as long as the operation has run', () => {
    // No progress yet: as long again as so far, from the floor up to the period.
    expect(nextPollDelay(0, undefined, 300)).toBe(MIN_POLL_MS);
    expect(nextPollDelay(120, 0, 300)).toBe(120);
    expect(nextPollDelay(900, undefined, 300)).toBe(300);
    // Half done after 100 ms: another 100 ms; 90 % after 90 ms: the floor; 10 % after
    // 100 ms: 900 ms predicted, capped at the period.
    expect(nextPollDelay(100, 50, 300)).toBe(100);
    expect(nextPollDelay(90, 90, 300)).toBe(MIN_POLL_MS);
    expect(nextPollDelay(100, 10, 300)).toBe(300);
    // A period below the floor wins (a console polling that fast asked for it).
    expect(nextPollDelay(100, undefined, 10)).toBe(10);
  });
});
