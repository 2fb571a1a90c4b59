/**
 * Running a fleet's members in this thread or spread over worker threads.
 *
 * Each reference handset stands for a phone with a processor of its own. In one thread,
 * a bench of 16 of them queues behind one core: while they all exported their data for a
 * retrieval or shredded it for a wipe, that core was busy and the console's core idle.
 * `cimo-handset start --threads N` spreads the members round-robin over N worker threads
 * (each with its own event loop and heap), so the operating system can run them on any
 * free core. Everything crossing threads is plain data: the plans out, the table rows and
 * the owner's prompts back.
 */
import { Worker } from 'node:worker_threads';
import { startPlanned } from './fleet-plan.js';
import type { AskOwnerAt, MemberPlan, MemberRow } from './fleet-plan.js';
import type { FleetMember } from './fleet.js';

/** Messages from a fleet worker. */
export type FromFleetWorker =
  | { readonly kind: 'started'; readonly rows: readonly MemberRow[] }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ask'; readonly id: number; readonly question: string }
  | { readonly kind: 'stopped' };

/** Messages to a fleet worker. */
export type ToFleetWorker =
  | { readonly kind: 'answer'; readonly id: number; readonly yes: boolean }
  | { readonly kind: 'stop' };

/** What a fleet worker is given. */
export interface FleetWorkerData {
  readonly plans: readonly MemberPlan[];
}

/** A started fleet. */
export interface RunningFleet {
  /** One row per member, by index. */
  readonly rows: readonly MemberRow[];
  /** Closes every member (running operations save their state first). */
  stop(): Promise<void>;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Starts the members of `plans`: in this thread when `threads` is 1, otherwise spread
 * round-robin over `threads` worker threads (at most one per member). Members of one
 * thread start in order. When any member fails to start, everything started is stopped
 * and the first failure is thrown.
 */
export async function startFleet(
  plans: readonly MemberPlan[],
  threads: number,
  ask: AskOwnerAt,
): Promise<RunningFleet> {
  const n = Math.max(1, Math.min(threads, plans.length));
  if (n === 1) return startHere(plans, ask);
  const groups = Array.from({ length: n }, (_, k) => plans.filter((_, i) => i % n === k));
  const started = await Promise.allSettled(groups.map((g) => startWorker(g, ask)));
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  const stop = async (): Promise<void> => {
    await Promise.all(ok.map((w) => w.stop()));
  };
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  return { rows: ok.flatMap((w) => w.rows).sort((a, b) => a.index - b.index), stop };
}

async function startHere(plans: readonly MemberPlan[], ask: AskOwnerAt): Promise<RunningFleet> {
  const members: FleetMember[] = [];
  const rows: MemberRow[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(members.map((m) => m.close().catch(() => undefined)));
  };
  try {
    // In order, so ports follow the index; seeding is the slow part.
    for (const plan of plans) {
      const { member, row } = await startPlanned(plan, ask);
      members.push(member);
      rows.push(row);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { rows, stop };
}

/** Starts one worker with `plans`; resolves once all of them are up. */
function startWorker(plans: readonly MemberPlan[], ask: AskOwnerAt): Promise<RunningFleet> {
  const data: FleetWorkerData = { plans };
  const worker = new Worker(new URL('./fleet-worker.js', import.meta.url), { workerData: data });
  const send = (m: ToFleetWorker): void => worker.postMessage(m);
  let onStopped: (() => void) | undefined;
  const stop = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => {
      onStopped = resolve;
      worker.once('exit', () => resolve());
    });
    send({ kind: 'stop' });
    await stopped;
    await worker.terminate();
  };
  return new Promise<RunningFleet>((resolve, reject) => {
    worker.on('message', (m: FromFleetWorker) => {
      switch (m.kind) {
        case 'started':
          resolve({ rows: m.rows, stop });
          return;
        case 'failed':
          void worker.terminate();
          reject(new Error(m.message));
          return;
        case 'ask':
          void ask(m.question)
            .catch(() => false)
            .then((yes) => send({ kind: 'answer', id: m.id, yes }));
          return;
        case 'stopped':
          onStopped?.();
          return;
      }
    });
    worker.once('error', (e) => reject(new Error(`handset thread failed: ${errorText(e)}`)));
    worker.once('exit', (code) =>
      reject(new Error(`handset thread exited (code ${code}) before its handsets started`)),
    );
  });
}
