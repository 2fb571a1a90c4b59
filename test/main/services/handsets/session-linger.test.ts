/**
 * The session that identified a handset lingers for the work that follows (the CLI's
 * case: identify, then act at once): an operation started meanwhile runs in it, so the
 * handset sees one DM session where it saw two. Past the linger the session is closed
 * with its last package, and a console that closes meanwhile closes it the same way.
 * Sessions are counted in the console's protocol trace (one trace session per DM session).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleServices } from '../../../../main/services/console.js';
import { inProcessHandset, waitFor } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function consoleWithLinger(seed: number, identifyLingerMs?: number) {
  return inProcessHandset(
    cleanups,
    { seed, consent: 'always' },
    identifyLingerMs === undefined ? {} : { identifyLingerMs },
  );
}

/** Locks the handset and waits for the result; returns its status and result code. */
async function lock(c: ConsoleServices, id: string): Promise<[string, number | undefined]> {
  const [op] = c.runner.start([id], { operation: 'lock' });
  const done = await c.runner.settled(op?.id ?? '');
  return [done.status, done.resultCode];
}

/** The messages of the handset's only trace session. */
function onlySession(c: ConsoleServices, id: string) {
  const [s] = c.trace.list(id);
  return c.trace.get(s?.id ?? '') ?? [];
}

describe('the identifying session lingers', () => {
  it('runs an operation started meanwhile in the same session', async () => {
    const { c, id } = await consoleWithLinger(21, 5000);
    expect(await lock(c, id)).toEqual(['done', 1200]);
    expect(c.trace.list(id)).toHaveLength(1);
  });

  it('without a linger the operation opens a session of its own', async () => {
    const { c, id } = await consoleWithLinger(22);
    expect(await lock(c, id)).toEqual(['done', 1200]);
    expect(c.trace.list(id)).toHaveLength(2);
  });

  it('is closed with its last package when the time is up; what comes later opens a new one', async () => {
    const { c, id } = await consoleWithLinger(23, 200);
    const identified = onlySession(c, id).length;
    // The session ends on its own with the console's last package, as one that does not
    // linger ends (a dropped link would add nothing).
    await waitFor(() => onlySession(c, id).length > identified, 'the session closes', 10_000);
    expect(
      onlySession(c, id)
        .map((m) => m.direction)
        .slice(identified),
    ).toEqual(['to-handset']);
    expect(await lock(c, id)).toEqual(['done', 1200]);
    expect(c.trace.list(id)).toHaveLength(2);
  });

  it('is closed with its last package when the console closes', async () => {
    const { c, id } = await consoleWithLinger(24, 60_000);
    const identified = onlySession(c, id).length;
    await c.close();
    expect(
      onlySession(c, id)
        .map((m) => m.direction)
        .slice(identified),
    ).toEqual(['to-handset']);
  });
});
