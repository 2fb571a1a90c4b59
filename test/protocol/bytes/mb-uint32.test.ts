import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from '../../../protocol/bytes/byte-reader.js';
import { ByteWriter } from '../../../protocol/bytes/byte-writer.js';
import { mbUInt32Length, readMbUInt32, writeMbUInt32 } from '../../../protocol/bytes/mb-uint32.js';

function enc(v: number): number[] {
  const w = new ByteWriter();
  writeMbUInt32(w, v);
  return Array.from(w.finish());
}

function dec(bytes: number[]): number {
  return readMbUInt32(new ByteReader(Uint8Array.from(bytes), 'wbxml'));
}

describe('mb-uint32', () => {
  it('encodes the WBXML spec examples and edge values', () => {
    expect(enc(0)).toEqual([0]);
    expect(enc(0x7f)).toEqual([0x7f]);
    expect(enc(0x80)).toEqual([0x81, 0x00]);
    expect(enc(0xa0)).toEqual([0x81, 0x20]);
    expect(enc(0x1201)).toEqual([0xa4, 0x01]);
    expect(enc(0x3fff)).toEqual([0xff, 0x7f]);
    expect(enc(0x4000)).toEqual([0x81, 0x80, 0x00]);
    expect(enc(0xffffffff)).toEqual([0x8f, 0xff, 0xff, 0xff, 0x7f]);
  });

  it('decodes non-minimal encodings with leading 0x80 bytes', () => {
    expect(dec([0x80, 0x80, 0x05])).toBe(5);
  });

  it('rejects more than 5 bytes and values above 0xFFFFFFFF as bad-length', () => {
    expect(() => dec([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).toThrow(
      expect.objectContaining({ reason: 'bad-length', offset: 0 }),
    );
    expect(() => dec([0x90, 0x80, 0x80, 0x80, 0x00])).toThrow(
      expect.objectContaining({ reason: 'bad-length' }),
    );
  });

  it('reports truncation at the end of input', () => {
    expect(() => dec([0x81])).toThrow(expect.objectContaining({ reason: 'truncated', offset: 1 }));
    expect(() => dec([])).toThrow(expect.objectContaining({ reason: 'truncated', offset: 0 }));
  });

  it('rejects out-of-range values on encode', () => {
    expect(() => enc(-1)).toThrow(RangeError);
    expect(() => enc(0x100000000)).toThrow(RangeError);
    expect(() => enc(1.5)).toThrow(RangeError);
  });

  it('round-trips every 32-bit value with the predicted length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const bytes = enc(v);
        expect(bytes.length).toBe(mbUInt32Length(v));
        expect(dec(bytes)).toBe(v);
      }),
    );
  });
});
