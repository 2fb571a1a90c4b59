import { describe, expect, it } from 'vitest';
import { SLICE_MS, wakeInTurn } from '../../../native-bridge/links/turn-slicer.js';

/** Keeps the thread busy for `ms` (what a reader's work does to the event loop). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spinning
  }
}

/** Resolves in a fresh turn of the event loop, after the slicer's own bookkeeping. */
const nextTurns = (n: number): Promise<void> =>
  new Promise((resolve) => {
    const step = (k: number): void => {
      if (k === 0) resolve();
      else setImmediate(() => step(k - 1));
    };
    step(n);
  });

describe('wakeInTurn', () => {
  it('wakes at once while the turn is young', async () => {
    await nextTurns(3);
    const log: string[] = [];
    wakeInTurn(() => log.push('a'));
    wakeInTurn(() => log.push('b'));
    expect(log).toEqual(['a', 'b']);
  });

  it('past the slice, leaves later readers to later turns, in order; timers run in between', async () => {
    await nextTurns(3);
    const log: string[] = [];
    wakeInTurn(() => log.push('first'));
    busy(SLICE_MS + 2);
    for (const name of ['a', 'b', 'c']) {
      wakeInTurn(() => {
        log.push(name);
        // Work queued by a woken reader runs before the next reader is woken.
        queueMicrotask(() => log.push(`${name} done`));
        busy(2);
      });
    }
    setTimeout(() => log.push('timer'), 0);
    expect(log).toEqual(['first']);
    await nextTurns(8);
    expect(log.filter((x) => x !== 'timer')).toEqual([
      'first',
      'a',
      'a done',
      'b',
      'b done',
      'c',
      'c done',
    ]);
    // Without the slicer all three would run in this turn, before any timer.
    expect(log.indexOf('timer')).toBeLessThan(log.indexOf('c'));
  });

  it('a reader that arrives while others wait queues behind them, whatever the slice', async () => {
    await nextTurns(3);
    const log: string[] = [];
    wakeInTurn(() => log.push('first'));
    busy(SLICE_MS + 2);
    wakeInTurn(() => log.push('a'));
    await nextTurns(1);
    // A new turn (slice fresh), but `a` still waits: `b` must not overtake it.
    wakeInTurn(() => log.push('b'));
    await nextTurns(6);
    expect(log).toEqual(['first', 'a', 'b']);
  });
});
