/**
 * `WritableWait` on a real socat pty pair: a writer that filled the pty's buffer is woken
 * when the other end drains it, through a poll handle of its own (not serialport's).
 */
import { write as fsWrite } from 'node:fs';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { WritableWait } from '../../../native-bridge/links/writable-wait.js';
import { makePtyPair, type PtyPair } from '../support/socat-pty.js';

let pair: PtyPair | undefined;
const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await pair?.dispose();
  pair = undefined;
});

/** Writes without blocking until the kernel says EAGAIN; returns the bytes accepted. */
async function fill(fd: number): Promise<number> {
  const chunk = new Uint8Array(4096).fill(0x55);
  let total = 0;
  for (;;) {
    const n = await new Promise<number>((resolve, reject) =>
      fsWrite(fd, chunk, 0, chunk.length, null, (e, written) =>
        e ? (e.code === 'EAGAIN' ? resolve(-1) : reject(e)) : resolve(written),
      ),
    );
    if (n < 0) return total;
    total += n;
  }
}

describe('WritableWait', () => {
  it('wakes a writer once the other end drains a full pty, and resolves waits on close', async () => {
    pair = await makePtyPair();
    const port = new SerialPort({ path: pair.a, baudRate: 115200, autoOpen: false, hupcl: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    cleanup.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    const fd = (port.port as { fd?: number }).fd;
    expect(typeof fd).toBe('number');
    const waiter = WritableWait.open(pair.a, port.port);
    expect(waiter).toBeDefined();
    if (waiter === undefined || typeof fd !== 'number') return;
    cleanup.push(() => waiter.close());
    // Nobody reads end b yet: the pty fills up and refuses more. socat moves bytes on for
    // a moment after the first refusal, so fill until a refill 100 ms later takes nothing.
    expect(await fill(fd)).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await fill(fd)) === 0) break;
    }
    let woke = false;
    const waiting = waiter.wait(60_000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(woke).toBe(false);
    // Drain end b: the writer must be woken long before the 60 s fallback.
    const drain = new SerialPort({ path: pair.b, baudRate: 115200, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => drain.open((e) => (e ? reject(e) : resolve())));
    cleanup.push(() => new Promise<void>((resolve) => drain.close(() => resolve())));
    drain.on('data', () => undefined);
    await waiting;
    expect(woke).toBe(true);
    // A wait pending at close ends too.
    await fill(fd);
    drain.pause();
    const pending = waiter.wait(60_000);
    waiter.close();
    await pending;
  });

  it('is not available without a bindings poller, so writers fall back to a timer', () => {
    expect(WritableWait.open('/dev/null', {})).toBeUndefined();
    expect(WritableWait.open('/dev/null', undefined)).toBeUndefined();
  });
});
