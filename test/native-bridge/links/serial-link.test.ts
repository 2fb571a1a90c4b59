import { accessSync, constants, chmodSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { mapSerialOpenError } from '../../../native-bridge/links/serial-open-error.js';
import { isLinkOpenError } from '../../../native-bridge/links/errors.js';
import {
  LinkClosedError,
  LinkDisconnectedError,
  isLinkDisconnected,
} from '../../../protocol/link/link.js';
import { makePtyPair, type PtyPair } from '../support/socat-pty.js';

let pair: PtyPair | undefined;
const links: SerialLink[] = [];

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await pair?.dispose();
  pair = undefined;
});

async function openPair(): Promise<[SerialLink, SerialLink]> {
  pair = await makePtyPair();
  const a = new SerialLink({ path: pair.a });
  const b = new SerialLink({ path: pair.b });
  links.push(a, b);
  await a.open();
  await b.open();
  return [a, b];
}

/** Reads from `link` until `n` bytes arrived; returns them concatenated. */
async function readN(iter: AsyncIterator<Uint8Array>, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await iter.next();
    if (r.done) throw new Error(`ended after ${got} of ${n} bytes`);
    out.set(r.value.subarray(0, n - got), got);
    got += Math.min(r.value.length, n - got);
  }
  return out;
}

describe('SerialLink', () => {
  it('carries bytes both ways over a socat pty pair', async () => {
    const [a, b] = await openPair();
    const ia = a.chunks()[Symbol.asyncIterator]();
    const ib = b.chunks()[Symbol.asyncIterator]();
    await a.write(new Uint8Array([0x80, 0x00, 0x07, 0x10, 0x00, 0xff, 0xfe]));
    expect([...(await readN(ib, 7))]).toEqual([0x80, 0x00, 0x07, 0x10, 0x00, 0xff, 0xfe]);
    await b.write(new TextEncoder().encode('pong'));
    expect(new TextDecoder().decode(await readN(ia, 4))).toBe('pong');
    expect(a.isOpen && b.isOpen).toBe(true);
  });

  it('transfers 1 MB intact', async () => {
    const [a, b] = await openPair();
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;
    const ib = b.chunks()[Symbol.asyncIterator]();
    const [, got] = await Promise.all([a.write(big), readN(ib, big.length)]);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(big))).toBe(0);
  });

  it('throws LinkDisconnectedError within 1 s when the plug is pulled (socat killed)', async () => {
    const [a] = await openPair();
    let failedAt = 0;
    const reading = (async () => {
      for await (const _chunk of a.chunks()) {
        // draining
      }
    })().then(
      () => undefined,
      (e: unknown) => {
        failedAt = Date.now();
        return e;
      },
    );
    const t0 = Date.now();
    await pair?.kill();
    const err = await reading;
    expect(err).toBeInstanceOf(LinkDisconnectedError);
    expect(isLinkDisconnected(err)).toBe(true);
    expect(failedAt - t0).toBeLessThan(1000);
    expect(a.isOpen).toBe(false);
    await expect(a.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkDisconnectedError);
  });

  it('ends chunks() normally and rejects writes after a local close, leaving no handles', async () => {
    const before = process.getActiveResourcesInfo().length;
    const [a, b] = await openPair();
    const reading = (async () => {
      let n = 0;
      for await (const c of a.chunks()) n += c.length;
      return n;
    })();
    await b.write(new Uint8Array([1, 2, 3]));
    await new Promise((r) => setTimeout(r, 50));
    await a.close();
    await a.close(); // idempotent
    expect(await reading).toBe(3);
    await expect(a.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkClosedError);
    await b.close();
    await pair?.dispose();
    pair = undefined;
    await new Promise((r) => setTimeout(r, 50));
    // Everything we opened (pty fds, poll timers, child process) is gone again.
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
  });

  it('names the missing port', async () => {
    const link = new SerialLink({ path: '/dev/ttyACM-does-not-exist' });
    const err = await link.open().catch((e: unknown) => e);
    expect(isLinkOpenError(err) && err.code).toBe('port-not-found');
    expect(String(err)).toContain('/dev/ttyACM-does-not-exist');
  });

  it('reports port busy when another program holds the lock', async () => {
    const [a] = await openPair();
    const again = new SerialLink({ path: pair?.a ?? '' });
    const err = await again.open().catch((e: unknown) => e);
    expect(isLinkOpenError(err) && err.code).toBe('port-busy');
    expect(a.isOpen).toBe(true);
  });

  it('maps a real EACCES into the dialout / udev hint', () => {
    // Tests run as root here, where chmod 000 does not stop open(). A real EACCES still
    // comes from asking for execute access to a mode-000 file, which even root lacks.
    const dir = mkdtempSync(join(tmpdir(), 'cimo-eacces-'));
    const file = join(dir, 'ttyACM9');
    writeFileSync(file, '');
    chmodSync(file, 0o000);
    let real: unknown;
    try {
      accessSync(file, constants.X_OK);
    } catch (e) {
      real = e;
    }
    rmSync(dir, { recursive: true, force: true });
    expect((real as { code?: string }).code).toBe('EACCES');
    const mapped = mapSerialOpenError(file, real);
    expect(mapped.code).toBe('permission-denied');
    expect(mapped.message).toContain('dialout');
    expect(mapped.message).toContain('docs/LINUX.md');
    // The shape bindings-cpp produces (message only, no errno code) maps the same way.
    const fromBinding = mapSerialOpenError(
      '/dev/ttyACM0',
      new Error('Error: Permission denied, cannot open /dev/ttyACM0'),
    );
    expect(fromBinding.code).toBe('permission-denied');
  });
});
