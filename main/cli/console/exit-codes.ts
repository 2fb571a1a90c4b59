/**
 * Exit codes of the console commands (`list`, `retrieve`, `wipe`, `vault`, `audit`, …),
 * which scripts can rely on. When several apply to one run, the most specific wins:
 * 4 (not found), then 3 (refused), then 1 (failed).
 */
export const EXIT = {
  /** Everything asked for succeeded on every handset. */
  ok: 0,
  /** An operation failed on some handset (or `audit verify` found a damaged chain). */
  failed: 1,
  /** Bad usage: unknown option, bad value, ambiguous handset, unknown item. */
  usage: 2,
  /** Refused by an interlock (wipe without a verified retrieval) or by the owner's consent. */
  refused: 3,
  /** A named handset was not found, or not reachable / not identified in time. */
  notFound: 4,
  /** The data folder is held by another console (the app, the web shell, another `cimo`). */
  busy: 5,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Text for `--help` of every console command. */
export const EXIT_HELP = `
Exit status:
  0  all succeeded
  1  an operation failed on some handset (audit verify: the chain is damaged)
  2  bad usage (unknown option, ambiguous handset, unknown item, a data
     folder whose audit log only the desktop app can write)
  3  refused by an interlock or the owner's consent (wipe without a verified
     retrieval: retrieve first, or add --waiver "reason")
  4  handset not found or not reachable in time
  5  the data folder is in use by another console (the desktop app, the web
     shell, the demo, or another cimo command for longer than
     $CIMO_FOLDER_WAIT seconds, default 120): nothing was done; retry when
     it is free`;

/** A console command's failure with its exit code; the message is one line for stderr. */
export class ConsoleCliError extends Error {
  override readonly name = 'ConsoleCliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The most specific of several exit codes (see the module comment). */
export function worstExit(codes: Iterable<ExitCode>): ExitCode {
  const rank: readonly ExitCode[] = [
    EXIT.ok,
    EXIT.failed,
    EXIT.refused,
    EXIT.notFound,
    EXIT.usage,
    EXIT.busy,
  ];
  let worst: ExitCode = EXIT.ok;
  for (const c of codes) if (rank.indexOf(c) > rank.indexOf(worst)) worst = c;
  return worst;
}
