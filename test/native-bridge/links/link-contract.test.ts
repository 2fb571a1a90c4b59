import { describe, expect, it } from 'vitest';
import { PacedLink } from '../../../native-bridge/links/paced-link.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { connectTcp, listenTcp } from '../../../native-bridge/links/tcp-link.js';
import { UsbCdcObexLink } from '../../../native-bridge/links/usb-cdc-obex.js';
import {
  LinkClosedError,
  LinkDisconnectedError,
  writeParts,
  type Link,
} from '../../../protocol/link/link.js';
import { makePtyPair } from '../support/socat-pty.js';
import { ReplayUsbDevice } from '../support/replay-usb.js';
import { nokiaLikeDescriptors, nokiaLikeStrings } from '../usb/fixtures/nokia-like-phone.js';

/** The far side of a link under test, however that transport's peer looks. */
interface Rig {
  readonly link: Link;
  peerSend(data: Uint8Array): Promise<void>;
  /** Resolves with the next `n` bytes the peer received. */
  peerReceive(n: number): Promise<Uint8Array>;
  pullPlug(): Promise<void>;
  dispose(): Promise<void>;
}

function reader(link: Link): (n: number) => Promise<Uint8Array> {
  const it = link.chunks()[Symbol.asyncIterator]();
  let spare = new Uint8Array(0);
  return async (n) => {
    const out: number[] = [...spare];
    while (out.length < n) {
      const r = await it.next();
      if (r.done) throw new Error('peer stream ended');
      out.push(...r.value);
    }
    spare = Uint8Array.from(out.slice(n));
    return Uint8Array.from(out.slice(0, n));
  };
}

const transports: Record<string, () => Promise<Rig>> = {
  serial: async () => {
    const pair = await makePtyPair();
    const link = new SerialLink({ path: pair.a });
    const far = new SerialLink({ path: pair.b });
    await link.open();
    await far.open();
    return {
      link,
      peerSend: (d) => far.write(d),
      peerReceive: reader(far),
      pullPlug: () => pair.kill(),
      dispose: async () => {
        await link.close();
        await far.close();
        await pair.dispose();
      },
    };
  },
  tcp: async () => {
    const server = await listenTcp({ port: 0 });
    const [link, far] = await Promise.all([connectTcp('127.0.0.1', server.port), server.accept()]);
    return {
      link,
      peerSend: (d) => far.write(d),
      peerReceive: reader(far),
      pullPlug: () => far.close(),
      dispose: async () => {
        await link.close();
        await server.close();
      },
    };
  },
  'usb (replayed descriptors)': async () => {
    const dev = new ReplayUsbDevice(
      { bus: '1', ports: [1], vendorId: 0x0421, productId: 0x0428 },
      nokiaLikeDescriptors,
      nokiaLikeStrings,
    );
    const link = new UsbCdcObexLink(dev);
    await link.open();
    let taken = 0;
    return {
      link,
      peerSend: async (d) => dev.phoneSends(d),
      peerReceive: async (n) => {
        for (;;) {
          const all = Uint8Array.from(dev.sent.flatMap((b) => [...b]));
          if (all.length >= taken + n) {
            taken += n;
            return all.slice(taken - n, taken);
          }
          await new Promise((r) => setTimeout(r, 5));
        }
      },
      pullPlug: async () => dev.unplug(),
      dispose: () => link.close(),
    };
  },
  'paced over tcp': async () => {
    const inner = await transports['tcp']!();
    const link = new PacedLink(inner.link, { baud: 921600 });
    return { ...inner, link, dispose: async () => (await link.close(), inner.dispose()) };
  },
};

for (const [name, make] of Object.entries(transports)) {
  describe(`Link contract: ${name}`, () => {
    it('carries bytes both ways in order, whatever the split', async () => {
      const rig = await make();
      try {
        const read = reader(rig.link);
        for (const size of [1, 2, 3, 255, 4096]) {
          const data = new Uint8Array(size).map((_, i) => (i * 7 + size) & 0xff);
          await rig.link.write(data);
          expect([...(await rig.peerReceive(size))]).toEqual([...data]);
          await rig.peerSend(data.slice(0, 1));
          await rig.peerSend(data.slice(1));
          expect([...(await read(size))]).toEqual([...data]);
        }
      } finally {
        await rig.dispose();
      }
    });

    it('writes gathered parts back to back, in order with plain writes', async () => {
      const rig = await make();
      try {
        expect(typeof rig.link.writev).toBe('function');
        const big = new Uint8Array(20_000).map((_, i) => (i * 13) & 0xff);
        const parts = [Uint8Array.of(1), new Uint8Array(0), big, Uint8Array.of(2, 3)];
        await Promise.all([
          rig.link.write(Uint8Array.of(7)),
          writeParts(rig.link, parts),
          rig.link.write(Uint8Array.of(9)),
        ]);
        const expected = [7, 1, ...big, 2, 3, 9];
        expect([...(await rig.peerReceive(expected.length))]).toEqual(expected);
      } finally {
        await rig.dispose();
      }
    });

    it('allows one iteration of chunks(), ends it on close, then refuses writes', async () => {
      const rig = await make();
      try {
        const first = rig.link.chunks()[Symbol.asyncIterator]();
        const pending = first.next();
        await expect(rig.link.chunks()[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(
          TypeError,
        );
        await rig.link.close();
        await rig.link.close();
        expect((await pending).done).toBe(true);
        expect(rig.link.isOpen).toBe(false);
        await expect(rig.link.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkClosedError);
      } finally {
        await rig.dispose();
      }
    });

    it('throws LinkDisconnectedError within 1 s once the peer is gone, even unread', async () => {
      const rig = await make();
      try {
        const t0 = Date.now();
        await rig.pullPlug();
        await new Promise((r) => setTimeout(r, 50));
        const it = rig.link.chunks()[Symbol.asyncIterator]();
        const err = await it.next().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(LinkDisconnectedError);
        expect(Date.now() - t0).toBeLessThan(1000);
        await expect(rig.link.write(new Uint8Array([1]))).rejects.toBeInstanceOf(
          LinkDisconnectedError,
        );
      } finally {
        await rig.dispose();
      }
    });
  });
}
