/**
 * The platform's CSPRNG (`crypto.getRandomValues`, present in browsers and Node ≥ 19),
 * the default nonce source of both roles. Tests inject a deterministic one instead.
 */
import type { RandomBytes } from '../auth/nonce.js';

/** `n` random bytes from `globalThis.crypto`. */
export const defaultRandom: RandomBytes = (n) => {
  const c = (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } })
    .crypto;
  return c.getRandomValues(new Uint8Array(n));
};
