import { describe, expect, it } from 'vitest';
import { createLinkPair } from '../../../protocol/link/memory-link.js';
import type { MemoryLink } from '../../../protocol/link/memory-link.js';
import { ObexHeaderId } from '../../../protocol/obex/codes.js';
import { readPackets } from '../../../protocol/obex/framer.js';
import { headerBytes, headerNumber } from '../../../protocol/obex/headers.js';
import { decodePacket, encodePacket } from '../../../protocol/obex/packet.js';
import type { ObexPacket } from '../../../protocol/obex/packet.js';
import { ObexServer } from '../../../protocol/obex/server.js';
import type { ObexService } from '../../../protocol/obex/service.js';
import { SYNCML_DM_TARGET } from '../../../protocol/obex/targets.js';

/** Talks raw packets to a server, as a peer that does exactly what the test says. */
async function rawPeer(services: ObexService[], serverMax?: number) {
  const [a, b] = createLinkPair();
  await a.open();
  await b.open();
  const served = new ObexServer(b, { services, maxPacketLength: serverMax }).serve();
  served.catch(() => undefined);
  const reader = readPackets(a.chunks(), { maxPacketLength: () => 0xffff })[Symbol.asyncIterator]();
  const raw: number[] = [];
  const send = async (p: ObexPacket, forConnect = false): Promise<ObexPacket> => {
    await a.write(encodePacket(p));
    const r = await reader.next();
    if (r.done) throw new Error('server hung up');
    raw.push(r.value.length);
    return decodePacket(r.value, { isResponse: true, forConnect });
  };
  return { send, served, a: a as MemoryLink, sizes: raw };
}

const connectDm = {
  code: 0x80,
  connect: { version: 0x10, flags: 0, maxPacketLength: 300 },
  headers: [{ id: 0x46, kind: 'bytes' as const, value: SYNCML_DM_TARGET }],
};

describe('server', () => {
  it('answers Connect with its fields, the Connection ID and Who', async () => {
    const { send, a, served } = await rawPeer([{ target: SYNCML_DM_TARGET }], 4096);
    const rsp = await send(connectDm, true);
    expect(rsp.code).toBe(0xa0);
    expect(rsp.connect).toEqual({ version: 0x10, flags: 0, maxPacketLength: 4096 });
    expect(headerNumber(rsp.headers, ObexHeaderId.ConnectionId)).toBeTypeOf('number');
    expect(headerBytes(rsp.headers, ObexHeaderId.Who)).toEqual(SYNCML_DM_TARGET);
    await a.close();
    await expect(served).rejects.toMatchObject({ disconnected: true });
  });

  it('answers 0xD3 for an unknown Connection ID or a missing default inbox, 0xD1 for unknown opcodes', async () => {
    const { send, a } = await rawPeer([{ target: SYNCML_DM_TARGET, onPut: () => undefined }]);
    await send(connectDm, true);
    expect((await send({ code: 0x82, headers: [{ id: 0xcb, kind: 'u32', value: 99 }] })).code).toBe(
      0xd3,
    );
    expect((await send({ code: 0x82, headers: [] })).code).toBe(0xd3);
    expect((await send({ code: 0x86, headers: [] })).code).toBe(0xd1);
    await a.close();
  });

  it('answers 0xC0 to a malformed packet and keeps serving', async () => {
    const { send, a } = await rawPeer([{ onPut: () => undefined }]);
    await a.write(Uint8Array.of(0x82, 0x00, 0x06, 0x48, 0x00, 0x09));
    expect((await send({ code: 0x81, headers: [] })).code).toBe(0xc0);
    await a.close();
  });

  it('maps handler errors to 0xD0 and answers non-final GETs with Continue', async () => {
    const names: (string | undefined)[] = [];
    const { send, a } = await rawPeer([
      {
        onGet: (name) => {
          names.push(name);
          return new Uint8Array(10);
        },
        onPut: () => {
          throw new Error('disk on fire');
        },
      },
    ]);
    expect(
      (await send({ code: 0x82, headers: [{ id: 0x49, kind: 'bytes', value: new Uint8Array(1) }] }))
        .code,
    ).toBe(0xd0);
    expect(
      (await send({ code: 0x03, headers: [{ id: 0x01, kind: 'unicode', value: 'first' }] })).code,
    ).toBe(0x90);
    const last = await send({ code: 0x83, headers: [] });
    expect(last.code).toBe(0xa0);
    expect(headerBytes(last.headers, ObexHeaderId.EndOfBody)).toHaveLength(10);
    expect(names).toEqual(['first']);
    await a.close();
  });

  it('fills every GET response but the last to exactly the negotiated maximum', async () => {
    const body = new Uint8Array(5000).map((_, i) => i & 0xff);
    const { send, a, sizes } = await rawPeer([{ onGet: () => body }]);
    await send({ ...connectDm, headers: [] }, true);
    const parts: Uint8Array[] = [];
    for (;;) {
      const rsp = await send({ code: 0x83, headers: [] });
      for (const h of rsp.headers)
        if ((h.id === 0x48 || h.id === 0x49) && h.kind === 'bytes') parts.push(h.value);
      if (rsp.code !== 0x90) break;
    }
    expect(sizes.slice(1, -1).every((n) => n === 300)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(300);
    expect(Uint8Array.from(parts.flatMap((p) => [...p]))).toEqual(body);
    await a.close();
  });

  it('ends serving with DecodeError too-large when a packet declares more than our maximum', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const served = new ObexServer(b, { services: [{}], maxPacketLength: 255 }).serve();
    await a.write(Uint8Array.of(0x82, 0xff, 0xff));
    await expect(served).rejects.toMatchObject({ decodeError: true, reason: 'too-large' });
    await a.close();
  });

  it('hands onPut exactly the bytes sent when the Length header lied low or high', async () => {
    const got: Uint8Array[] = [];
    const { send, a } = await rawPeer([{ onPut: (_n, _t, body) => void got.push(body) }]);
    const piece = (n: number, seed: number): Uint8Array =>
      new Uint8Array(n).map((_, i) => (i * 7 + seed) & 0xff);
    for (const [announced, pieces] of [
      [10, [piece(200, 1), piece(200, 2), piece(50, 3)]],
      [100_000, [piece(200, 4), piece(5, 5)]],
      [0, [piece(1, 6)]],
    ] as const) {
      for (let i = 0; i < pieces.length; i++) {
        const last = i === pieces.length - 1;
        const headers: ObexPacket['headers'] = [
          ...(i === 0 ? [{ id: ObexHeaderId.Length, kind: 'u32' as const, value: announced }] : []),
          { id: last ? 0x49 : 0x48, kind: 'bytes', value: pieces[i] as Uint8Array },
        ];
        const rsp = await send({ code: last ? 0x82 : 0x02, headers });
        expect(rsp.code).toBe(last ? 0xa0 : 0x90);
      }
      expect(got.pop()).toEqual(Uint8Array.from(pieces.flatMap((p) => [...p])));
    }
    await a.close();
  });

  it('answers 0xCD to a Length above maxObjectSize before buffering, and to a body that outgrows it', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const puts: number[] = [];
    const served = new ObexServer(b, {
      services: [{ onPut: (_n, _t, body) => void puts.push(body.length) }],
      maxObjectSize: 1000,
    }).serve();
    served.catch(() => undefined);
    const reader = readPackets(a.chunks(), { maxPacketLength: () => 0xffff })[
      Symbol.asyncIterator
    ]();
    const send = async (p: ObexPacket): Promise<number> => {
      await a.write(encodePacket(p));
      const r = await reader.next();
      if (r.done) throw new Error('server hung up');
      return decodePacket(r.value, { isResponse: true }).code;
    };
    const body = (n: number) => ({ id: 0x48, kind: 'bytes' as const, value: new Uint8Array(n) });
    expect(await send({ code: 0x02, headers: [{ id: 0xc3, kind: 'u32', value: 1001 }] })).toBe(
      0xcd,
    );
    // Announced within the limit, then sends more than the limit.
    expect(
      await send({ code: 0x02, headers: [{ id: 0xc3, kind: 'u32', value: 10 }, body(600)] }),
    ).toBe(0x90);
    expect(await send({ code: 0x02, headers: [body(600)] })).toBe(0xcd);
    expect(await send({ code: 0x82, headers: [{ ...body(1000), id: 0x49 }] })).toBe(0xa0);
    expect(puts).toEqual([1000]);
    await a.close();
  });
});
