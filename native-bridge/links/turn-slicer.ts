/**
 * Bounded turns of the event loop for link readers. A chunk that arrives on a link wakes its
 * reader, and the reader's work (an OBEX packet, a DM message decoded, answered and encoded)
 * runs right behind it, in the same turn. With a bench of handsets answering at once, one
 * turn of the loop could take the work of all of them (16 × a few ms), and timers, IPC and
 * UI requests waited that long. Here, once a turn has spent {@link SLICE_MS} on woken
 * readers, further wake-ups wait in order for the next turns, one reader per turn; a single
 * busy link (a large transfer) never reaches the slice, so it pays nothing.
 */

/** Time a turn may spend on woken readers before the next ones wait for another turn. */
export const SLICE_MS = 8;

let sliceStart: number | undefined;
const waiting: (() => void)[] = [];
let draining = false;

/** Wakes `reader` now, or in a later turn when this turn has run for {@link SLICE_MS}. */
export function wakeInTurn(reader: () => void): void {
  const now = performance.now();
  if (sliceStart === undefined) {
    sliceStart = now;
    // Runs after this turn's I/O callbacks (the check phase): the next turn starts afresh.
    setImmediate(endSlice);
  }
  if (waiting.length === 0 && now - sliceStart < SLICE_MS) {
    reader();
    return;
  }
  waiting.push(reader);
  if (!draining) {
    draining = true;
    // From this turn's check phase into the next turn's: timers and I/O run in between.
    setImmediate(() => setImmediate(drainOne));
  }
}

function endSlice(): void {
  sliceStart = undefined;
}

/** Wakes the longest-waiting reader, then leaves the next one to the next turn. */
function drainOne(): void {
  const reader = waiting.shift();
  if (waiting.length === 0) draining = false;
  else setImmediate(drainOne);
  reader?.();
}
