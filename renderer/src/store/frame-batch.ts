/**
 * Coalescing of high-rate events into one store update per animation frame: 32 handsets
 * reporting progress 10 times a second are 320 updates a second, and rendering each on
 * its own left the main thread no time to paint. A frame is the most often anything can
 * be seen anyway.
 */

/** What {@link frameBatch} returns. */
export interface FrameBatch<T> {
  /** Queues `item`; the batch is handed over at the next animation frame. */
  push(item: T): void;
  /** Hands the queued items over now (e.g. before an event that reads what they write). */
  flush(): void;
}

/**
 * Queues items and calls `deliver` with all of them, in arrival order, once per animation
 * frame. Frames do not run in a hidden tab, so a timer of `maxWaitMs` delivers too, so the
 * queue never grows without bound. `deliver` is never called with an empty list.
 */
export function frameBatch<T>(deliver: (items: T[]) => void, maxWaitMs = 250): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = undefined;
    timer = undefined;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    deliver(items);
  };
  return {
    push: (item) => {
      queue.push(item);
      if (frame === undefined) frame = requestAnimationFrame(flush);
      timer ??= setTimeout(flush, maxWaitMs);
    },
    flush,
  };
}
