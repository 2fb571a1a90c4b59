/**
 * `npm run bench`: runs every benchmark and prints Markdown tables of numbers and ratios
 * against references measured in the same run. Pick sections with `--only codec,obex`.
 */
import { runCodecBench } from './codec-bench.js';
import { runConsoleBench } from './console-bench.js';
import { runHandsetFleetBench } from './handset-fleet-bench.js';
import { runObexBench } from './obex-bench.js';
import { runTreeFetchBench } from './tree-fetch-bench.js';
import { runUiBench } from './ui-bench.js';

const sections: Record<string, () => unknown> = {
  codec: runCodecBench,
  obex: runObexBench,
  tree: runTreeFetchBench,
  handsets: runHandsetFleetBench,
  console: runConsoleBench,
  ui: runUiBench,
};

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : Object.keys(sections);

console.log(`# CIMO Console benchmarks — ${new Date().toISOString()}, node ${process.version}`);
for (const name of only) {
  const section = sections[name];
  if (!section) {
    console.error(`unknown bench section: ${name}`);
    process.exit(2);
  }
  console.log(`\n# ${name}`);
  await section();
}
