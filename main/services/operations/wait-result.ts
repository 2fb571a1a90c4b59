/**
 * Waiting for an asynchronous operation's result: whichever comes first of its
 * OperationComplete Generic Alert (matched by correlator) and a `LastOperation` that
 * names our correlator with status done/failed. Over OBEX the console polls with short
 * sessions (the handset can only deliver its alert in a session the console opens; for
 * LAWMO, which has no LastOperation, an empty session is the whole poll);
 * an HTTP handset calls in by itself, so it is only polled when a session is live.
 * A CIMO poll reads LastOperation again inside one session while no other script waits
 * for the handset (up to {@link POLL_SESSION_HOLD_MS}), then opens a new one; inside a
 * session it reads when the handset's progress says the operation should be over, at
 * most every `pollMs` ({@link nextPollDelay}), while new sessions come every `pollMs`.
 * The first such session is the Exec's own ({@link Waiter.pollIn}): the wait is set up
 * before the Exec goes, and an operation that ends within the hold costs one session.
 * Transport failures while polling are retried until the deadline: a poll never resends.
 */
import { cimoPaths } from '../../../protocol/cimo/index.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import type { SessionTurn } from '../handsets/channel.js';
import type { HandsetAlert, HandsetRegistry } from '../handsets/registry.js';
import { getText } from '../handsets/tree-read.js';
import { OperationError } from './errors.js';

/** What the wait learnt. */
export interface OperationResult {
  readonly resultCode: number;
  readonly via: 'alert' | 'last-operation';
}

/** Options of {@link waitForResult}. */
export interface WaitOptions {
  readonly registry: HandsetRegistry;
  readonly handsetId: string;
  readonly correlator: string;
  /** CIMO root, or undefined for LAWMO (no LastOperation: alerts only). */
  readonly cimoRoot: string | undefined;
  readonly pollMs: number;
  /** Longest wait for the result, from the Exec (the first poll). */
  readonly timeoutMs: number;
  readonly onProgress?: (percent: number) => void;
  /** Resolves (or rejects) to stop waiting early (cancel). */
  readonly cancelled: Promise<never>;
  /** Consecutive failed polls after which the handset counts as gone; default 10. */
  readonly maxPollFailures?: number;
  /**
   * Runs in the session in which a poll saw the result (CIMO only), before it closes:
   * what the caller reads next anyway (a retrieval's manifest) then needs no session of
   * its own. A failure here is the caller's to notice (the wait still resolves).
   */
  readonly inResultSession?: (s: ServerSession, resultCode: number) => Promise<void>;
}

/** What `LastOperation` says (CIMO only). */
export interface LastOperationReading {
  readonly name: string;
  readonly correlator: string;
  readonly status: string;
  readonly resultCode: number | undefined;
  readonly progress: number;
}

/** Reads `LastOperation` in one session (CIMO only). */
export function readLastOperation(
  registry: HandsetRegistry,
  handsetId: string,
  root: string,
): Promise<LastOperationReading> {
  return registry.session(handsetId, (s) => readLastOperationIn(s, root));
}

/** Reads `LastOperation` in session `s`: its five leaves in one package. */
async function readLastOperationIn(s: ServerSession, root: string): Promise<LastOperationReading> {
  const p = cimoPaths(root).lastOperation;
  const [name, correlator, status, code, progress] = await Promise.all([
    getText(s, p.Name),
    getText(s, p.Correlator),
    getText(s, p.Status),
    getText(s, p.ResultCode),
    getText(s, p.Progress),
  ]);
  return {
    name: name ?? '',
    correlator: correlator ?? '',
    status: status ?? '',
    resultCode: code === undefined || code === '' ? undefined : Number(code),
    progress: Number(progress ?? '0') || 0,
  };
}

/**
 * Longest a CIMO poll keeps its session open while no other script waits for the
 * handset. Polling inside one session costs a package each way per poll; a session per
 * poll costs package #0, package 1 with DevInfo, authentication and new nonces on both
 * sides — with 16 handsets polled every half second, most of the console's and the
 * handsets' work.
 */
export const POLL_SESSION_HOLD_MS = 20_000;

/** Shortest wait between two reads of LastOperation in one session, ms. */
export const MIN_POLL_MS = 40;

/**
 * How long to wait before the next read of LastOperation inside a session, `elapsedMs`
 * after the Exec: when the handset reported progress, until the end that progress
 * predicts (a constant rate); otherwise as long again as the operation has run so far
 * (40, 80, 160… ms). Never shorter than {@link MIN_POLL_MS} nor longer than `pollMs`:
 * a short operation is seen done soon after it ends, not up to `pollMs` later, and a
 * long one is read at most every `pollMs`.
 */
export function nextPollDelay(
  elapsedMs: number,
  progress: number | undefined,
  pollMs: number,
): number {
  const guess =
    progress !== undefined && progress > 0 && progress < 100
      ? (elapsedMs * (100 - progress)) / progress
      : elapsedMs;
  return Math.round(Math.min(pollMs, Math.max(MIN_POLL_MS, guess)));
}

/** See the module comment. Rejects with `OperationError('timeout')` past the deadline. */
export function waitForResult(o: WaitOptions): Promise<OperationResult> {
  const w = startWait(o);
  w.poll();
  return w.result;
}

/** A wait set up before the Exec goes, so that an alert in the Exec's session counts. */
export interface Waiter {
  /** The result; rejects on timeout, cancel, a gone handset, or {@link Waiter.stop}. */
  readonly result: Promise<OperationResult>;
  /**
   * Polls in session `s` (the Exec's, which the handset accepted) as a poll session would:
   * until the result, another script's turn, or the hold. Never rejects: a failed read
   * counts as a failed poll, and {@link Waiter.poll} carries on.
   */
  pollIn(s: ServerSession, turn: SessionTurn): Promise<void>;
  /** Starts polling in sessions of its own (after `pollIn`, if the result is not in yet). */
  poll(): void;
  /** Gives up (the Exec did not go): `result` rejects with `reason`. */
  stop(reason: Error): void;
}

/** Sets up the wait of {@link waitForResult} without polling yet. */
export function startWait(o: WaitOptions): Waiter {
  let done = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (wake = r));
  /** Resolves after `ms`, or at once when the wait is over. */
  const pause = async (ms: number): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  };
  let began = Date.now();
  /** Progress the handset last reported for our operation. */
  let progress: number | undefined;
  const delay = (): number => nextPollDelay(Date.now() - began, progress, o.pollMs);
  let settle: { resolve: (r: OperationResult) => void; reject: (e: Error) => void } | undefined;
  const result = new Promise<OperationResult>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (r: OperationResult | Error): void => {
    if (done) return;
    done = true;
    wake();
    o.registry.off('alert', onAlert);
    clearTimeout(deadline);
    if (r instanceof Error) settle?.reject(r);
    else settle?.resolve(r);
  };
  /** True while a CIMO poll's session is open; an alert then ends the wait through it. */
  let polling = false;
  let alerted: number | undefined;
  const onAlert = (a: HandsetAlert): void => {
    if (a.handsetId !== o.handsetId || a.correlator !== o.correlator) return;
    const code = Number(a.items[0]?.data);
    if (!Number.isInteger(code)) return;
    // An alert comes in the first package of a session; the poll's first read follows
    // in the same session, which can then also run `inResultSession`.
    if (polling) alerted = code;
    else finish({ resultCode: code, via: 'alert' });
  };
  o.registry.on('alert', onAlert);
  /** The deadline runs from the Exec (an owner may take a while to answer a consent alert). */
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (deadline !== undefined || done) return;
    began = Date.now();
    deadline = setTimeout(
      () =>
        finish(
          new OperationError(
            'timeout',
            `no result for ${o.correlator} within ${Math.round(o.timeoutMs / 1000)} s`,
          ),
        ),
      o.timeoutMs,
    );
  };
  o.cancelled.catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
  const http = o.registry.get(o.handsetId).link === 'network';
  let failures = 0;
  /** A failed poll: after many in a row the handset is gone and the wait ends with it. */
  const failed = (e: unknown): void => {
    if (++failures >= (o.maxPollFailures ?? 10))
      finish(e instanceof Error ? e : new Error(String(e)));
  };
  /**
   * Reads LastOperation in `s` (after {@link nextPollDelay}, at most every `pollMs`) until
   * the result, another script's turn, or the hold.
   */
  const pollSession = async (s: ServerSession, turn: SessionTurn, root: string) => {
    const opened = Date.now();
    for (;;) {
      const lo = await readLastOperationIn(s, root);
      failures = 0;
      if (done) return;
      let r: OperationResult | undefined;
      if (lo.correlator === o.correlator) {
        progress = lo.progress;
        o.onProgress?.(lo.progress);
        const over = lo.status === 'done' || lo.status === 'failed';
        if (over && lo.resultCode !== undefined)
          r = { resultCode: lo.resultCode, via: 'last-operation' };
      }
      if (r === undefined && alerted !== undefined) r = { resultCode: alerted, via: 'alert' };
      if (r !== undefined) {
        await o.inResultSession?.(s, r.resultCode).catch(() => undefined);
        finish(r);
        return;
      }
      if (turn.othersWaiting || Date.now() - opened >= POLL_SESSION_HOLD_MS) return;
      await pause(delay());
      if (done || turn.othersWaiting) return;
    }
  };
  /** Runs one poll in a session: `pollSession`, with the alert and failure bookkeeping. */
  const inPoll = async (run: () => Promise<void>): Promise<void> => {
    polling = true;
    try {
      await run();
    } catch (e) {
      // The link may be back on the next poll.
      failed(e);
    } finally {
      polling = false;
      // An alert seen in a session that ended before the poll could use it.
      if (alerted !== undefined) finish({ resultCode: alerted, via: 'alert' });
    }
  };
  return {
    result,
    pollIn: async (s, turn) => {
      arm();
      const root = o.cimoRoot;
      if (done || http || root === undefined) return;
      await pause(delay());
      if (done || turn.othersWaiting) return;
      await inPoll(() => pollSession(s, turn, root));
    },
    poll: () =>
      void (async () => {
        arm();
        while (!done) {
          await pause(o.pollMs);
          if (done || http) continue;
          const root = o.cimoRoot;
          if (root === undefined) {
            // LAWMO has no LastOperation: a session is still needed, because the
            // handset can only send its OperationComplete alert in one the console opens.
            try {
              await o.registry.session(o.handsetId, () => Promise.resolve());
              failures = 0;
            } catch (e) {
              failed(e);
            }
            continue;
          }
          await inPoll(() =>
            o.registry.session(o.handsetId, (s, turn) => pollSession(s, turn, root)),
          );
        }
      })(),
    stop: (reason) => finish(reason),
  };
}
