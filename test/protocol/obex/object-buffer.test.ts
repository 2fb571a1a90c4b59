import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectBuffer } from '../../../protocol/obex/object-buffer.js';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('ObjectBuffer', () => {
  it('returns exactly the appended bytes whatever Length was announced', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.option(fc.nat(5000), { nil: undefined }),
        (parts, announced) => {
          const buf = new ObjectBuffer(4000, announced);
          for (const p of parts) buf.append(p);
          const want = concat(parts);
          expect(buf.size).toBe(want.length);
          expect(buf.finish()).toEqual(want);
        },
      ),
    );
  });

  it('keeps the bytes when it has to grow past a Length that lied low', () => {
    const buf = new ObjectBuffer(1 << 20, 3);
    const a = Uint8Array.of(1, 2, 3);
    const b = new Uint8Array(70_000).map((_, i) => i & 0xff);
    buf.append(a);
    buf.append(b);
    const out = buf.finish();
    expect(out.length).toBe(70_003);
    expect(out.subarray(0, 3)).toEqual(a);
    expect(out.subarray(3)).toEqual(b);
  });

  it('trims a buffer that a Length lying high left mostly empty', () => {
    const buf = new ObjectBuffer(1 << 20, 1 << 20);
    buf.append(Uint8Array.of(9, 8, 7));
    const out = buf.finish();
    expect(out).toEqual(Uint8Array.of(9, 8, 7));
    // A copy, not a view pinning the announced megabyte.
    expect(out.buffer.byteLength).toBe(3);
  });

  it('does not preallocate a Length beyond the maximum and never grows past it', () => {
    const buf = new ObjectBuffer(100_000, 0xffffffff);
    buf.append(new Uint8Array(99_999));
    buf.append(new Uint8Array(1));
    expect(buf.finish().buffer.byteLength).toBeLessThanOrEqual(100_000);
    expect(() => buf.append(new Uint8Array(1))).toThrow(RangeError);
    expect(buf.size).toBe(100_000);
  });

  it('returns an empty object when nothing was appended', () => {
    expect(new ObjectBuffer(10).finish()).toEqual(new Uint8Array(0));
    expect(new ObjectBuffer(10, 10).finish()).toEqual(new Uint8Array(0));
  });
});
