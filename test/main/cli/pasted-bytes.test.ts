import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPlainText, parsePastedBytes } from '../../../main/cli/input/pasted-bytes.js';

const BYTES = Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 1) & 0xff);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('pasted-bytes', () => {
  it('reads hex streams with separators, 0x prefixes and commas', () => {
    for (const text of ['a4 01 6A', 'a4:01:6a', '0xa4, 0x01, 0x6a', 'A4016a\n', 'a4-01-6a']) {
      const p = parsePastedBytes(text);
      expect(p?.form, text).toBe('hex');
      expect(hex(p?.bytes ?? new Uint8Array()), text).toBe('a4016a');
    }
  });

  it('reads xxd and hexdump -C dumps without taking the ASCII column as data', () => {
    const bytes = new TextEncoder().encode('cafe babe dead beef cafe babe dead beef ca');
    const xxd = [];
    const hd = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const c = bytes.subarray(i, i + 16);
      const groups = (hex(c).match(/.{1,4}/g) ?? []).join(' ');
      const ascii = Buffer.from(c).toString('latin1');
      xxd.push(`${i.toString(16).padStart(8, '0')}: ${groups.padEnd(39)}  ${ascii}`);
      const spaced = [...c].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      hd.push(`${i.toString(16).padStart(8, '0')}  ${spaced.padEnd(48)} |${ascii}|`);
    }
    for (const dump of [xxd, hd]) {
      const p = parsePastedBytes(dump.join('\n'));
      expect(p?.form).toBe('hex-dump');
      expect(hex(p?.bytes ?? new Uint8Array())).toBe(hex(bytes));
    }
  });

  it('reads base64 of any bytes that is not also valid hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 60 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        fc.pre(!/^[0-9a-fA-F]+$/.test(b64));
        const p = parsePastedBytes(b64);
        expect(p?.form).toBe('base64');
        expect(hex(p?.bytes ?? new Uint8Array())).toBe(hex(bytes));
      }),
    );
    expect(hex(parsePastedBytes(Buffer.from(BYTES).toString('base64'))?.bytes ?? BYTES)).toBe(
      hex(BYTES),
    );
  });

  it('returns undefined for XML and prose', () => {
    expect(parsePastedBytes('<SyncML/>')).toBeUndefined();
    expect(parsePastedBytes('hello, world')).toBeUndefined();
    expect(parsePastedBytes('')).toBeUndefined();
  });

  it('tells plain text from binary', () => {
    expect(isPlainText(new TextEncoder().encode('ab\r\ncd\t'))).toBe(true);
    expect(isPlainText(Uint8Array.of(0x02, 0xa4))).toBe(false);
    expect(isPlainText(new Uint8Array())).toBe(false);
  });
});
