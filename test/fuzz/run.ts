/**
 * `npm run fuzz`: feeds every registered target (`targets/index.ts`) at least 1,000,000
 * mutated inputs and reports each finding — an exception other than DecodeError, an input
 * slower than 1 s, a hang, or a crash/out-of-memory of the decoder.
 *
 *   node dist/test/fuzz/run.js [--runs N] [--target NAME]... [--seed S] [--hang-ms MS]
 *
 * Each target runs in a worker thread so that a hang or an allocation blow-up can be
 * stopped and attributed: before every input the worker publishes the input's index and
 * bytes in shared memory; the main thread watches that index, terminates a worker stuck on
 * one input (or dead), reports that input, and resumes in a new worker after it (the
 * mutator is deterministic, so the stream can be replayed up to any index).
 * Exit status: 0 no findings, 1 findings, 2 usage error. Deliberately not vitest.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { exercise } from './exercise.js';
import { Mutator } from './mutator.js';
import { createPrng } from './prng.js';
import { targets } from './targets/index.js';

/** Largest input the shared buffer can hold; longer inputs are reported truncated. */
const SHARED_INPUT_BYTES = 1 << 20;
/** Control words: [0] index of the input being run, [1] its length. */
const CONTROL_WORDS = 2;
/** Hangs/crashes after which a target is abandoned (each one costs a restart). */
const MAX_INTERRUPTIONS = 10;
/** Findings reported in full per target; the rest are only counted. */
const MAX_REPORTED = 20;

interface WorkerJob {
  readonly target: string;
  readonly runs: number;
  readonly seed: number;
  readonly startAt: number;
  readonly control: SharedArrayBuffer;
  readonly input: SharedArrayBuffer;
}

type WorkerMessage =
  | { type: 'finding'; index: number; kind: string; ms: number; error: string; input: Uint8Array }
  | { type: 'done'; count: number; findings: number };

interface Finding {
  readonly index: number;
  readonly kind: string;
  readonly error: string;
  readonly input: Uint8Array;
}

function signature(kind: string, error: string): string {
  return `${kind}: ${error.split('\n').slice(0, 2).join(' | ')}`;
}

function workerMain(job: WorkerJob): void {
  const target = targets.find((t) => t.name === job.target);
  if (target === undefined) throw new Error(`unknown target ${job.target}`);
  const control = new Int32Array(job.control);
  const shared = new Uint8Array(job.input);
  const mutator = new Mutator(target.seeds(), createPrng(job.seed));
  for (let i = 0; i < job.startAt; i++) mutator.next();
  const reported = new Set<string>();
  let findings = 0;
  for (let index = job.startAt; index < job.runs; index++) {
    const input = mutator.next();
    const n = Math.min(input.length, SHARED_INPUT_BYTES);
    shared.set(input.subarray(0, n));
    Atomics.store(control, 1, input.length);
    Atomics.store(control, 0, index);
    const outcome = exercise(target, input, () => performance.now());
    if (outcome.ok) continue;
    findings++;
    const sig = signature(outcome.kind, outcome.error);
    if (reported.size < MAX_REPORTED && !reported.has(sig)) {
      reported.add(sig);
      parentPort?.postMessage({
        type: 'finding',
        index,
        ...outcome,
        input,
      } satisfies WorkerMessage);
    }
  }
  parentPort?.postMessage({
    type: 'done',
    count: job.runs - job.startAt,
    findings,
  } satisfies WorkerMessage);
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function report(targetName: string, seed: number, f: Finding, ordinal: number): void {
  const shown =
    f.input.length > 4096 ? `${hexOf(f.input.subarray(0, 4096))}… (truncated)` : hexOf(f.input);
  const file = `artifacts/fuzz/${targetName}-${seed.toString(16)}-${f.index}.bin`;
  try {
    mkdirSync('artifacts/fuzz', { recursive: true });
    writeFileSync(file, f.input);
  } catch {
    // The report on stdout is what matters; a read-only checkout just has no artifact.
  }
  console.log(
    `\n  FINDING ${ordinal} [${f.kind}] input #${f.index} (${f.input.length} bytes, saved ${file})`,
  );
  console.log(`    input: ${shown}`);
  console.log(`    ${f.error.split('\n').join('\n    ')}`);
}

/** How a worker segment ended: ran to the end, or stopped at a hung or crashing input. */
type SegmentEnd =
  | { readonly kind: 'done'; readonly findings: number }
  | { readonly kind: 'interrupted'; readonly next: number };

/** Runs one worker from `startAt`; resolves when it finishes, hangs or dies. */
function runSegment(
  job: Omit<WorkerJob, 'control' | 'input'>,
  hangMs: number,
  onFinding: (f: Finding) => void,
  onProgress: (index: number) => void,
): Promise<SegmentEnd> {
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const input = new SharedArrayBuffer(SHARED_INPUT_BYTES);
  const words = new Int32Array(control);
  Atomics.store(words, 0, job.startAt - 1);
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { ...job, control, input } satisfies WorkerJob,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  const currentInput = (): Uint8Array => {
    const len = Atomics.load(words, 1);
    return new Uint8Array(input.slice(0, Math.min(len, SHARED_INPUT_BYTES)));
  };
  return new Promise((resolve) => {
    let lastIndex = Number.NaN;
    let lastChange = performance.now();
    let settled = false;
    const finish = (end: SegmentEnd): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(end);
    };
    const interrupt = (kind: string, error: string): void => {
      if (settled) return;
      const index = Atomics.load(words, 0);
      onFinding({ index, kind, error, input: currentInput() });
      void worker.terminate();
      finish({ kind: 'interrupted', next: index + 1 });
    };
    const timer = setInterval(() => {
      const index = Atomics.load(words, 0);
      onProgress(index);
      const now = performance.now();
      if (index !== lastIndex) {
        lastIndex = index;
        lastChange = now;
      } else if (now - lastChange > hangMs && index >= job.startAt) {
        interrupt('hang', `no progress for ${hangMs} ms`);
      }
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'finding') onFinding(m);
      else finish({ kind: 'done', findings: m.findings });
    });
    worker.on('error', (e) => interrupt('crash', e.stack ?? String(e)));
    worker.on('exit', (code) => interrupt('crash', `worker exited with code ${code}`));
  });
}

/** Fuzzes one target; returns the number of findings. */
async function fuzzTarget(
  name: string,
  runs: number,
  seed: number,
  hangMs: number,
): Promise<number> {
  const start = performance.now();
  let ordinal = 0;
  let total = 0;
  let lastPrint = start;
  const seen = new Set<string>();
  const onFinding = (f: Finding): void => {
    const sig = signature(f.kind, f.error);
    if (seen.has(sig) || seen.size >= MAX_REPORTED) return;
    seen.add(sig);
    report(name, seed, f, ++ordinal);
  };
  const onProgress = (index: number): void => {
    const now = performance.now();
    if (now - lastPrint < 10_000) return;
    lastPrint = now;
    const rate = Math.round((index + 1) / ((now - start) / 1000));
    process.stderr.write(`  ${name}: ${index + 1}/${runs} inputs (${rate}/s)\n`);
  };
  let startAt = 0;
  let interruptions = 0;
  while (startAt < runs) {
    const end = await runSegment(
      { target: name, runs, seed, startAt },
      hangMs,
      onFinding,
      onProgress,
    );
    if (end.kind === 'done') {
      total += end.findings;
      break;
    }
    total++;
    interruptions++;
    startAt = end.next;
    if (interruptions >= MAX_INTERRUPTIONS) {
      console.log(`  ${name}: stopped after ${interruptions} hangs/crashes at input #${startAt}`);
      break;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${name}: ${runs} inputs in ${seconds.toFixed(1)} s (${Math.round(runs / seconds)} inputs/s), ` +
      `${total} finding${total === 1 ? '' : 's'}`,
  );
  return total;
}

const USAGE = `usage: node dist/test/fuzz/run.js [--runs N] [--target NAME]... [--seed S] [--hang-ms MS] [--list]
  --runs N      inputs per target (default 1000000)
  --target NAME run only this target (repeatable; default all)
  --seed S      PRNG seed, decimal or 0x-hex (default random; printed for reproduction)
  --hang-ms MS  an input running this long is reported as a hang (default 10000)
  --list        print the target names and exit`;

function usageError(message: string): never {
  console.error(`fuzz: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseCount(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) usageError(`${what} must be a positive integer`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        runs: { type: 'string' },
        target: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'hang-ms': { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    usageError(e instanceof Error ? e.message : String(e));
  }
  const o = parsed.values;
  if (o.help === true) {
    console.log(USAGE);
    return;
  }
  if (o.list === true) {
    for (const t of targets) console.log(t.name);
    return;
  }
  const runs = o.runs === undefined ? 1_000_000 : parseCount(o.runs, '--runs');
  const hangMs = o['hang-ms'] === undefined ? 10_000 : parseCount(o['hang-ms'], '--hang-ms');
  let seed: number;
  if (o.seed === undefined) {
    seed = randomBytes(4).readUInt32BE(0);
  } else {
    const n = Number(o.seed);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      usageError('--seed must be a 32-bit integer');
    seed = n;
  }
  const names = o.target ?? targets.map((t) => t.name);
  for (const name of names) {
    if (!targets.some((t) => t.name === name)) {
      usageError(`unknown target "${name}" (known: ${targets.map((t) => t.name).join(', ')})`);
    }
  }
  console.log(
    `fuzz: seed 0x${seed.toString(16)} (reproduce with --seed 0x${seed.toString(16)}), ${runs} inputs per target`,
  );
  let findings = 0;
  for (const name of names) findings += await fuzzTarget(name, runs, seed, hangMs);
  console.log(findings === 0 ? 'fuzz: no findings' : `fuzz: ${findings} finding(s)`);
  process.exitCode = findings === 0 ? 0 : 1;
}

if (isMainThread) await main();
else workerMain(workerData as WorkerJob);
