/**
 * Runs one input through a target and classifies the outcome — the single definition of
 * "finding" used by both the fuzz runner and the vitest property test.
 */
import { isDecodeError } from '../../protocol/bytes/decode-error.js';
import type { FuzzTarget } from './target.js';

/** An input that took longer than this (ms) is a finding even if it finished. */
export const SLOW_INPUT_MS = 1000;

/** The outcome of one input: fine, or why it is a finding. */
export type Outcome =
  | { readonly ok: true; readonly ms: number }
  | {
      readonly ok: false;
      readonly kind: 'exception' | 'slow';
      readonly ms: number;
      readonly error: string;
    };

/** Describes an exception with its stack (which names the throwing line). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return `non-Error thrown: ${String(e)}`;
}

/**
 * Feeds `input` to `target.run`. Returning normally or throwing a DecodeError is fine;
 * any other exception, or taking longer than {@link SLOW_INPUT_MS}, is a finding.
 */
export function exercise(target: FuzzTarget, input: Uint8Array, now: () => number): Outcome {
  const start = now();
  let thrown: unknown;
  let failed = false;
  try {
    target.run(input);
  } catch (e) {
    if (!isDecodeError(e)) {
      failed = true;
      thrown = e;
    }
  }
  const ms = now() - start;
  if (failed) return { ok: false, kind: 'exception', ms, error: describeError(thrown) };
  if (ms > SLOW_INPUT_MS) {
    return {
      ok: false,
      kind: 'slow',
      ms,
      error: `took ${ms.toFixed(0)} ms (limit ${SLOW_INPUT_MS} ms)`,
    };
  }
  return { ok: true, ms };
}
