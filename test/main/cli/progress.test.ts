import { describe, expect, it } from 'vitest';
import {
  createProgress,
  formatBytes,
  formatDuration,
  renderProgress,
} from '../../../main/cli/progress.js';

describe('progress', () => {
  it('renders bytes of total, percentage, rate and ETA within the width', () => {
    // 1 MiB of 4 MiB in 2 s: 512 KiB/s, 3 MiB left → 6 s.
    const line = renderProgress('get a.bin', 1 << 20, 4 << 20, 2000, 80);
    expect(line).toMatch(/^get a\.bin \[#+-+\] {2}25% 1\.0 MB\/4\.0 MB 512\.0 KB\/s ETA 0:06$/);
    expect(line.length).toBeLessThan(80);
    const narrow = renderProgress('get a.bin', 1 << 20, 4 << 20, 2000, 50);
    expect(narrow.length).toBeLessThan(50);
    expect(narrow).toContain('ETA 0:06');
  });

  it('shows bytes and rate without a bar or ETA when the total is unknown', () => {
    expect(renderProgress('get x', 2048, undefined, 1000, 80)).toBe(
      'get x 2.0 KB 2.0 KB/s ETA --:--',
    );
  });

  it('formats sizes and durations', () => {
    expect([
      formatBytes(0),
      formatBytes(1023),
      formatBytes(1536),
      formatBytes(5 * 2 ** 30),
    ]).toEqual(['0 B', '1023 B', '1.5 KB', '5.0 GB']);
    expect([
      formatDuration(59.4),
      formatDuration(61),
      formatDuration(3725),
      formatDuration(undefined),
    ]).toEqual(['0:59', '1:01', '1:02:05', '--:--']);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const bar = createProgress({ label: 'put', stream: { write: (t) => written.push(t) } });
    bar.update(10, 100);
    bar.update(100, 100);
    bar.finish();
    expect(bar.active).toBe(false);
    expect(written).toEqual([]);
  });

  it('redraws in place at most once per interval on a terminal and ends the line', () => {
    let now = 0;
    const written: string[] = [];
    const bar = createProgress({
      label: 'put',
      stream: { isTTY: true, columns: 80, write: (t) => written.push(t) },
      now: () => now,
    });
    bar.update(10, 100);
    now = 50;
    bar.update(20, 100); // within 100 ms: skipped
    now = 150;
    bar.update(30, 100);
    bar.finish();
    expect(written.filter((t) => t.startsWith('\r'))).toHaveLength(3);
    expect(written[1]).toContain(' 30% ');
    expect(written.at(-1)).toBe('\n');
  });
});
