/** The console CLI's pure parts: data folder resolution, exit-code precedence, progress lines, tables. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, worstExit } from '../../../../main/cli/console/exit-codes.js';
import { MultiProgress, renderRow } from '../../../../main/cli/console/multi-progress.js';
import { commaList, dataFolder, hostPort } from '../../../../main/cli/console/options.js';
import { formatTable } from '../../../../main/cli/console/table.js';

describe('console CLI helpers', () => {
  it('finds the data folder: --data, then $CIMO_DATA, then $XDG_DATA_HOME, then ~/.local/share', () => {
    expect(dataFolder({ data: '/d' }, { CIMO_DATA: '/e' })).toBe('/d');
    expect(dataFolder({}, { CIMO_DATA: '/e', XDG_DATA_HOME: '/x' })).toBe('/e');
    expect(dataFolder({}, { XDG_DATA_HOME: '/x' })).toBe(join('/x', 'cimo-console'));
    expect(dataFolder({}, {})).toMatch(/\.local\/share\/cimo-console$/);
  });

  it('keeps the most specific exit code: not found, then refused, then failed', () => {
    expect(worstExit([])).toBe(EXIT.ok);
    expect(worstExit([EXIT.ok, EXIT.failed, EXIT.ok])).toBe(EXIT.failed);
    expect(worstExit([EXIT.failed, EXIT.refused])).toBe(EXIT.refused);
    expect(worstExit([EXIT.refused, EXIT.notFound, EXIT.failed])).toBe(EXIT.notFound);
  });

  it('parses host:port and comma lists, refusing bad addresses as usage errors', () => {
    expect(hostPort('tcp:127.0.0.1:6500', '--tcp')).toEqual({ host: '127.0.0.1', port: 6500 });
    expect(hostPort('[::1]:650', '--tcp')).toEqual({ host: '::1', port: 650 });
    expect(() => hostPort('127.0.0.1', '--tcp')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => hostPort('h:70000', '--tcp')).toThrow(/expected host:port/);
    expect(commaList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(commaList(undefined)).toBeUndefined();
  });

  it('draws one line per handset on a terminal, redrawn in place, and nothing when piped', () => {
    expect(
      renderRow({ label: '356938030414925 wipe', percent: 50, status: 'running' }, 20, 80),
    ).toBe(`356938030414925 wipe [${'#'.repeat(15)}${'-'.repeat(15)}]  50% running`);
    const written: string[] = [];
    const tty = new MultiProgress({ isTTY: true, columns: 80, write: (t) => written.push(t) }, 0);
    tty.update('a', { label: 'A', percent: 10, status: 'running' });
    tty.update('b', { label: 'B', percent: 20, status: 'running' });
    tty.finish();
    const ESC = '\u001b';
    expect(written[0]?.includes(`${ESC}[`) && /\[\d+A/.test(written[0])).toBe(false);
    // Later draws go back up over the lines drawn before.
    expect(written[1]?.startsWith(`${ESC}[1A\r`)).toBe(true);
    expect(written[2]?.startsWith(`${ESC}[2A\r`)).toBe(true);
    expect(written[2]?.split('\n').filter((l) => l !== '')).toHaveLength(2);
    const piped: string[] = [];
    const none = new MultiProgress({ isTTY: false, write: (t) => piped.push(t) }, 0);
    none.update('a', { label: 'A', percent: 10, status: 'running' });
    none.finish();
    expect(piped).toEqual([]);
  });

  it('formats tables with padded columns', () => {
    expect(
      formatTable(
        ['A', 'BB'],
        [
          ['xyz', '1'],
          ['q', '22'],
        ],
      ),
    ).toBe('A    BB\nxyz  1\nq    22\n');
  });
});
