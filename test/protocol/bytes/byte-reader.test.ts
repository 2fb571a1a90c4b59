import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../protocol/bytes/byte-reader.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('ByteReader', () => {
  it('reads big-endian integers and views in order', () => {
    const r = new ByteReader(Uint8Array.of(1, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 9, 8), 'test');
    expect(r.readUint8()).toBe(1);
    expect(r.readUint16()).toBe(0x1234);
    expect(r.readUint32()).toBe(0xdeadbeef);
    expect(Array.from(r.bytes(2))).toEqual([9, 8]);
    expect(r.atEnd).toBe(true);
  });

  it('throws a truncated DecodeError at the current offset when reading past the end', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3), 'test');
    r.readUint16();
    const e = caught(() => r.readUint16());
    expect(isDecodeError(e)).toBe(true);
    expect(e).toMatchObject({ offset: 2, reason: 'truncated', format: 'test' });
    expect(r.pos).toBe(2);
  });

  it('rejects a declared length larger than the input before allocating', () => {
    const r = new ByteReader(new Uint8Array(4));
    expect(caught(() => r.bytes(0xfffffff))).toMatchObject({ reason: 'truncated', offset: 0 });
    expect(caught(() => r.bytes(-1))).toMatchObject({ reason: 'bad-length' });
  });

  it('respects a sub-range', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3, 4, 5), 'test', 1, 3);
    expect(r.readUint8()).toBe(2);
    expect(Array.from(r.rest())).toEqual([3]);
    expect(caught(() => r.readUint8())).toMatchObject({ offset: 3, reason: 'truncated' });
  });
});
