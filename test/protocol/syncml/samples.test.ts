import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../protocol/syncml/index.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const xmlSamples = readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'));

describe('samples', () => {
  it('includes the package 2 sample that npm start decodes', () => {
    expect(xmlSamples).toContain('pkg2-server.xml');
  });

  for (const file of xmlSamples) {
    it(`${file}: decodes without warnings and its .wbxml twin is our encoding of it`, () => {
      const warnings: string[] = [];
      const { message } = decodeMessage(readFileSync(join(SAMPLES, file)), {
        onWarning: (w) => warnings.push(w.message),
      });
      expect(warnings).toEqual([]);
      const wbxml = encodeMessage(message, 'wbxml');
      const twin = join(SAMPLES, file.replace(/\.xml$/, '.wbxml'));
      // Set REGENERATE_SAMPLES=1 to rewrite the WBXML twins after editing an XML sample.
      if (process.env['REGENERATE_SAMPLES'] === '1') writeFileSync(twin, wbxml);
      expect(existsSync(twin)).toBe(true);
      expect(Buffer.from(readFileSync(twin)).equals(Buffer.from(wbxml))).toBe(true);
      expect(decodeMessage(readFileSync(twin)).message).toEqual(message);
      const oracle = execFileSync('/usr/bin/wbxml2xml', ['-o', '-', twin], { stdio: 'pipe' });
      expect(decodeMessage(oracle).message).toEqual(message);
    });
  }
});
