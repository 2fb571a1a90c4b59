import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const rules = new URL('../../../native-bridge/udev/60-cimo-handsets.rules', import.meta.url)
  .pathname;

/**
 * Runs `udevadm test` with only our rules file in /etc/udev/rules.d, inside a private
 * mount namespace (so the machine's configuration is untouched), and returns its log.
 * Needs root and unshare; undefined where that is impossible.
 */
function udevadmLog(file: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-udev-'));
  try {
    copyFileSync(file, join(dir, '60-cimo-handsets.rules'));
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        `mount --bind ${dir} /etc/udev/rules.d && udevadm test /sys/class/tty/ptmx`,
      ],
      { encoding: 'utf8' },
    );
    const log = `${r.stdout}${r.stderr}`;
    return log.includes('Reading rules file: /etc/udev/rules.d/60-cimo-handsets.rules')
      ? log
      : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const log = udevadmLog(rules);

describe('60-cimo-handsets.rules', () => {
  it.skipIf(log === undefined)('is accepted by udevadm without invalid keys or operators', () => {
    const complaints = (log ?? '').split('\n').filter((l) => l.includes('60-cimo-handsets.rules:'));
    expect(complaints).toEqual([]);
  });

  it('tells ModemManager to ignore every handset device and tty it grants', () => {
    const text = readFileSync(rules, 'utf8');
    const grants = text
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((l) => /GROUP="(plugdev|dialout)"/.test(l) && !l.includes('rfcomm'));
    expect(grants.length).toBe(2);
    for (const g of grants) {
      expect(g).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
      expect(g).toContain('TAG+="uaccess"');
      expect(g).toContain('*:020b??:*');
    }
  });
});
