import { describe, expect, it } from 'vitest';
import type { BodySink } from '../../../protocol/obex/body.js';
import { SinkQueue } from '../../../protocol/obex/sink-queue.js';

const piece = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('SinkQueue', () => {
  it('hands a sink with writev every piece that arrived while its last write ran', async () => {
    const calls: number[][] = [];
    let release: (() => void) | undefined;
    const gate = (): Promise<void> => new Promise((r) => (release = r));
    const sink: BodySink = {
      write: (p) => {
        calls.push([p[0] as number]);
        return gate();
      },
      writev: (ps) => {
        calls.push(ps.map((p) => p[0] as number));
        return gate();
      },
    };
    const queue = new SinkQueue(sink, 1 << 20);
    queue.push([piece(10, 1)]);
    queue.push([piece(10, 2), piece(10, 3)]);
    queue.push([piece(10, 4)]);
    expect(calls).toEqual([[1]]);
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([[1], [2, 3, 4]]);
    release?.();
    await queue.flush();
  });

  it('writes one piece at a time to a sink without writev, in order', async () => {
    const got: number[] = [];
    const queue = new SinkQueue({ write: async (p) => void got.push(p[0] as number) }, 1 << 20);
    queue.push([piece(1, 1), piece(1, 2)]);
    queue.push([piece(1, 3)]);
    await queue.flush();
    expect(got).toEqual([1, 2, 3]);
  });

  it('takes pieces at once only while they fit the read-ahead and the sink has not failed', async () => {
    let release: (() => void) | undefined;
    let fail = false;
    const got: number[] = [];
    const sink: BodySink = {
      write: (p) => {
        if (fail) throw new Error('disk full');
        got.push(p[0] as number);
        return new Promise<void>((r) => (release = r));
      },
    };
    const queue = new SinkQueue(sink, 25);
    expect(queue.tryPush([piece(10, 1)], 10)).toBe(true);
    expect(queue.tryPush([piece(10, 2)], 10)).toBe(true);
    // 20 bytes wait (the one being written counts): 10 more would pass 25.
    expect(queue.tryPush([piece(10, 3)], 10)).toBe(false);
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([1, 2]);
    expect(queue.tryPush([piece(10, 3)], 10)).toBe(true);
    fail = true;
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    // The sink failed on piece 3: nothing more is taken, the waiting way reports the error.
    expect(queue.tryPush([piece(1, 4)], 1)).toBe(false);
    await expect(queue.flush()).rejects.toThrow('disk full');
    expect(got).toEqual([1, 2]);
  });
});
