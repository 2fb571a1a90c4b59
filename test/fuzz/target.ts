/**
 * A fuzz target: one decoder, its seed inputs, and the call that exercises it.
 *
 * `run` must return normally or throw a `DecodeError` (checked with `isDecodeError`) for
 * every input; any other exception, a hang or a huge allocation is a finding.
 * Targets live in `test/fuzz/targets/*.ts` and are listed in `test/fuzz/targets/index.ts`;
 * `npm run fuzz` mutates and truncates the seeds (at least 1,000,000 inputs per target)
 * and the vitest property tests use the same targets with fewer runs.
 */
export interface FuzzTarget {
  /** Short name printed in reports, e.g. `wbxml-decode`. */
  readonly name: string;
  /** Valid (or interesting) inputs to mutate. Must not be empty. */
  readonly seeds: () => readonly Uint8Array[];
  /** Feeds one input to the decoder. */
  readonly run: (input: Uint8Array) => void;
}
