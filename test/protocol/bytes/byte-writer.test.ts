import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../protocol/bytes/byte-writer.js';

describe('ByteWriter', () => {
  it('grows past its initial capacity and keeps every byte', () => {
    const w = new ByteWriter(16);
    for (let i = 0; i < 1000; i++) w.writeUint8(i);
    const out = w.finish();
    expect(out.length).toBe(1000);
    expect(out[999]).toBe(999 & 0xff);
    expect(out[256]).toBe(0);
  });

  it('writes big-endian integers and raw bytes', () => {
    const w = new ByteWriter();
    w.writeUint16(0x1234);
    w.writeUint32(0xdeadbeef);
    w.writeBytes(Uint8Array.of(7, 8));
    expect(Array.from(w.finish())).toEqual([0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 7, 8]);
  });

  it('writes UTF-8 and reports the byte count', () => {
    const w = new ByteWriter(16);
    expect(w.writeUtf8('a€😀')).toBe(1 + 3 + 4);
    expect(new TextDecoder().decode(w.finish())).toBe('a€😀');
  });

  it('writes long and mixed strings the same as TextEncoder', () => {
    const samples = ['x'.repeat(65), 'ascii then ü', `${'y'.repeat(70)}€`, 'é'.repeat(100), ''];
    for (const s of samples) {
      const w = new ByteWriter(16);
      w.writeUint8(0xaa);
      expect(w.writeUtf8(s)).toBe(new TextEncoder().encode(s).length);
      expect(Array.from(w.finish().subarray(1))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });
});
