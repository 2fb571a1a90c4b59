import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { componentRegExp, expandGlob } from '../../../native-bridge/watch/glob.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('glob', () => {
  it('expands wildcards in any component, sorted, skipping missing directories', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-glob-'));
    for (const d of ['bench1', 'bench2', 'other']) mkdirSync(join(dir, d));
    for (const f of [
      'bench1/ttyA',
      'bench1/ttyB',
      'bench2/ttyC',
      'bench2/peer',
      'other/ttyZ',
      'bench1/.ttyH',
    ]) {
      writeFileSync(join(dir, f), '');
    }
    expect(await expandGlob(join(dir, 'bench?/tty*'))).toEqual(
      ['bench1/ttyA', 'bench1/ttyB', 'bench2/ttyC'].map((f) => join(dir, f)),
    );
    expect(await expandGlob(join(dir, 'bench1/tty[!A]'))).toEqual([join(dir, 'bench1/ttyB')]);
    expect(await expandGlob(join(dir, 'nope/*'))).toEqual([]);
    expect(await expandGlob(join(dir, 'other/ttyZ'))).toEqual([join(dir, 'other/ttyZ')]);
  });

  it('treats regex characters literally', () => {
    expect(componentRegExp('tty.USB*').test('ttyXUSB0')).toBe(false);
    expect(componentRegExp('tty.USB*').test('tty.USB0')).toBe(true);
  });
});
