/**
 * The hidden `--stats` flag (benchmarks): the process's event-loop delay p99 while the
 * command runs and its peak resident memory, printed as one JSON line on stderr at exit:
 * `{"eventLoopP99Ms":…,"eventLoopMaxMs":…,"peakRssMiB":…,"cpuMs":…}` (user + system CPU time).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Starts measuring; the line is written when the process exits. */
export function startStats(): void {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  process.once('exit', () => {
    h.disable();
    // maxRSS is the kernel's high-water mark (VmHWM) in KiB on Linux.
    const peakKiB = process.resourceUsage().maxRSS;
    const cpu = process.cpuUsage();
    const line = {
      eventLoopP99Ms: Math.round((h.percentile(99) / 1e6) * 10) / 10,
      eventLoopMaxMs: Math.round((h.max / 1e6) * 10) / 10,
      peakRssMiB: Math.round((peakKiB / 1024) * 10) / 10,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  });
}
