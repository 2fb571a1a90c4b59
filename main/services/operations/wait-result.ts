/**
 * Waiting for an asynchronous operation's result: whichever comes first of its
 * OperationComplete Generic Alert (matched by correlator) and a `LastOperation` that
 * names our correlator with status done/failed. Over OBEX the console polls with short
 * sessions (the handset can only deliver its alert in a session the console opens; for
 * LAWMO, which has no LastOperation, an empty session is the whole poll);
 * an HTTP handset calls in by itself, so it is only polled when a session is live.
 * Transport failures while polling are retried until the deadline: a poll never resends.
 */
import { cimoPaths } from '../../../protocol/cimo/index.js';
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
  readonly timeoutMs: number;
  readonly onProgress?: (percent: number) => void;
  /** Resolves (or rejects) to stop waiting early (cancel). */
  readonly cancelled: Promise<never>;
  /** Consecutive failed polls after which the handset counts as gone; default 10. */
  readonly maxPollFailures?: number;
}

/** Reads `LastOperation` in one session (CIMO only). */
export async function readLastOperation(
  registry: HandsetRegistry,
  handsetId: string,
  root: string,
): Promise<{
  name: string;
  correlator: string;
  status: string;
  resultCode: number | undefined;
  progress: number;
}> {
  const p = cimoPaths(root).lastOperation;
  return registry.session(handsetId, async (s) => {
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
  });
}

/** See the module comment. Rejects with `OperationError('timeout')` past the deadline. */
export function waitForResult(o: WaitOptions): Promise<OperationResult> {
  return new Promise<OperationResult>((resolve, reject) => {
    let done = false;
    const finish = (r: OperationResult | Error): void => {
      if (done) return;
      done = true;
      o.registry.off('alert', onAlert);
      clearTimeout(deadline);
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const onAlert = (a: HandsetAlert): void => {
      if (a.handsetId !== o.handsetId || a.correlator !== o.correlator) return;
      const code = Number(a.items[0]?.data);
      if (Number.isInteger(code)) finish({ resultCode: code, via: 'alert' });
    };
    o.registry.on('alert', onAlert);
    const deadline = setTimeout(
      () =>
        finish(
          new OperationError(
            'timeout',
            `no result for ${o.correlator} within ${Math.round(o.timeoutMs / 1000)} s`,
          ),
        ),
      o.timeoutMs,
    );
    o.cancelled.catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    const http = o.registry.get(o.handsetId).link === 'network';
    let failures = 0;
    void (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, o.pollMs));
        if (done || http) continue;
        try {
          if (o.cimoRoot === undefined) {
            // LAWMO has no LastOperation: a session is still needed, because the
            // handset can only send its OperationComplete alert in one the console opens.
            await o.registry.session(o.handsetId, () => Promise.resolve());
            failures = 0;
            continue;
          }
          const lo = await readLastOperation(o.registry, o.handsetId, o.cimoRoot);
          failures = 0;
          if (done) return;
          if (lo.correlator !== o.correlator) continue;
          o.onProgress?.(lo.progress);
          if ((lo.status === 'done' || lo.status === 'failed') && lo.resultCode !== undefined)
            finish({ resultCode: lo.resultCode, via: 'last-operation' });
        } catch (e) {
          // The link may be back on the next poll; after many failures in a row the
          // handset is gone (unplugged, dead) and the wait ends with the link's error.
          if (++failures >= (o.maxPollFailures ?? 10))
            finish(e instanceof Error ? e : new Error(String(e)));
        }
      }
    })();
  });
}
