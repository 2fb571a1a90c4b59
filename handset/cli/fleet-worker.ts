/**
 * A worker thread of `cimo-handset start --threads N`: starts the members it is given,
 * reports their rows, forwards owner prompts to the main thread, and closes its members
 * when told to stop. See `fleet-threads.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startPlanned } from './fleet-plan.js';
import type { AskOwnerAt, MemberRow } from './fleet-plan.js';
import type { FleetMember } from './fleet.js';
import type { FleetWorkerData, FromFleetWorker, ToFleetWorker } from './fleet-threads.js';

const port = parentPort;
if (port === null) throw new Error('fleet-worker.js runs only on a worker thread');
const send = (m: FromFleetWorker): void => port.postMessage(m);

const answers = new Map<number, (yes: boolean) => void>();
let nextQuestion = 0;
const ask: AskOwnerAt = (question) =>
  new Promise<boolean>((resolve) => {
    const id = nextQuestion++;
    answers.set(id, resolve);
    send({ kind: 'ask', id, question });
  });

const members: FleetMember[] = [];
const closeAll = async (): Promise<void> => {
  await Promise.all(members.map((m) => m.close().catch(() => undefined)));
};

port.on('message', (m: ToFleetWorker) => {
  if (m.kind === 'answer') {
    answers.get(m.id)?.(m.yes);
    answers.delete(m.id);
  } else {
    void closeAll().then(() => send({ kind: 'stopped' }));
  }
});

const { plans } = workerData as FleetWorkerData;
const rows: MemberRow[] = [];
try {
  for (const plan of plans) {
    const { member, row } = await startPlanned(plan, ask);
    members.push(member);
    rows.push(row);
  }
  send({ kind: 'started', rows });
} catch (e) {
  await closeAll();
  send({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
}
