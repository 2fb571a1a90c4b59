import type { Clock } from '../clock.js';
import { DmTimeoutError } from './errors.js';

/** Headers of one package on the wire; names lower case (e.g. `x-syncml-hmac`). */
export type DmHeaders = Readonly<Record<string, string>>;

/**
 * One package (message) on the wire: its bytes, MIME type and transport headers. An
 * empty `body` means "no reply" (the peer ended the session without answering).
 */
export interface DmPackage {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: DmHeaders;
}

/**
 * The only thing a DM session knows of the wire: "send this package, return the reply".
 *
 * Behaviour implementations must keep: one exchange at a time; the reply resolves with
 * the peer's next package (an empty body when the peer sent nothing back, e.g. after a
 * closing package); transport failures reject with an Error naming the link. The session
 * bounds each exchange with its own timeout, so an implementation need not.
 */
export interface DmTransport {
  exchange(pkg: Uint8Array, contentType: string, headers?: DmHeaders): Promise<DmPackage>;
}

/** Something that answers packages: a session's `handle`. */
export type DmPackageHandler = (pkg: DmPackage) => Promise<DmPackage | undefined>;

/**
 * An in-memory transport: `exchange` hands the package to `handler` (the other session)
 * and returns its answer (empty body when it returns undefined). `tap`, when given, sees
 * and may replace every package in both directions (tests use it to tamper or count).
 */
export function memoryTransport(
  handler: DmPackageHandler,
  tap?: (pkg: DmPackage, direction: 'out' | 'in') => DmPackage,
): DmTransport {
  return {
    async exchange(body, contentType, headers = {}) {
      let out: DmPackage = { body, contentType, headers };
      if (tap !== undefined) out = tap(out, 'out');
      let reply = (await handler(out)) ?? { body: new Uint8Array(0), contentType, headers: {} };
      if (tap !== undefined) reply = tap(reply, 'in');
      return reply;
    },
  };
}

/**
 * Races `promise` against `ms` of `clock`; rejects with {@link DmTimeoutError} naming
 * `what` when time runs out first. The timer is always cleared.
 */
export function withTimeout<T>(
  clock: Clock,
  ms: number,
  what: string,
  promise: Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = clock.setTimeout(() => reject(new DmTimeoutError(what, ms)), ms);
    promise.then(
      (v) => {
        clock.clearTimeout(handle);
        resolve(v);
      },
      (e: unknown) => {
        clock.clearTimeout(handle);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
