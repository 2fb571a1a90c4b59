/**
 * Injected time for protocol state machines (timeouts, nonce ages, TStamp). protocol/
 * never calls the host's timers directly so that tests can drive time by hand.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Schedules `fn` after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's clock, via `globalThis` so that protocol/ needs no Node or DOM types. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) =>
    (globalThis as unknown as { setTimeout(f: () => void, m: number): unknown }).setTimeout(fn, ms),
  clearTimeout: (h) =>
    (globalThis as unknown as { clearTimeout(x: unknown): void }).clearTimeout(h),
};
