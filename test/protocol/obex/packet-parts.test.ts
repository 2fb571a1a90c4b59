import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObexHeaderId, ObexOpcode } from '../../../protocol/obex/codes.js';
import { readPackets } from '../../../protocol/obex/framer.js';
import type { ObexHeader } from '../../../protocol/obex/headers.js';
import { decodePacketParts, readPacketParts } from '../../../protocol/obex/packet-parts.js';
import { decodePacket, encodePacket } from '../../../protocol/obex/packet.js';
import type { ObexPacket } from '../../../protocol/obex/packet.js';
import { arbHeader, arbPacket } from './arbitraries.js';

async function* split(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let o = 0, i = 0; o < data.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    yield data.slice(o, o + n);
    o += n;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const isBody = (h: ObexHeader): boolean =>
  h.id === ObexHeaderId.Body || h.id === ObexHeaderId.EndOfBody;

/** Adjacent body headers of one id joined: what a body consumer sees. */
function joinedBodies(p: ObexPacket): ObexPacket {
  const headers: ObexHeader[] = [];
  for (const h of p.headers) {
    const prev = headers.at(-1);
    if (prev && isBody(h) && prev.id === h.id && h.kind === 'bytes' && prev.kind === 'bytes')
      headers[headers.length - 1] = { ...prev, value: concat([prev.value, h.value]) };
    else headers.push(h.kind === 'bytes' ? { ...h, value: h.value.slice() } : h);
  }
  return { ...p, headers };
}

const max = { maxPacketLength: () => 0xffff };

/** Packets that end in a large body header, as a transfer sends them. */
const arbBodyPacket = fc
  .record({
    isResponse: fc.boolean(),
    before: fc.array(arbHeader, { maxLength: 3 }),
    after: fc.array(arbHeader, { maxLength: 2 }),
    bodyId: fc.constantFrom(ObexHeaderId.Body, ObexHeaderId.EndOfBody),
    body: fc.uint8Array({ minLength: 0, maxLength: 600 }),
  })
  .map(({ isResponse, before, after, bodyId, body }) => ({
    packet: {
      code: isResponse ? 0x90 : ObexOpcode.Put,
      headers: [...before, { id: bodyId, kind: 'bytes' as const, value: body }, ...after],
    },
    isResponse,
    forConnect: false,
  }));

describe('packet parts', () => {
  it('stops reading the chunk stream at a framing error, and is done after it', async () => {
    let stopped = false;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      try {
        yield encodePacket({ code: ObexOpcode.Put, headers: [] });
        yield Uint8Array.of(0x02, 0x00, 0x01); // declared length 1
        yield encodePacket({ code: ObexOpcode.Put, headers: [] });
      } finally {
        stopped = true;
      }
    }
    const packets = readPacketParts(chunks(), max);
    expect((await packets.next()).done).toBe(false);
    await expect(packets.next()).rejects.toMatchObject({ reason: 'bad-length' });
    await new Promise((r) => setTimeout(r, 0));
    expect(stopped).toBe(true);
    expect((await packets.next()).done).toBe(true);
  });

  it('splits like readPackets and decodes like decodePacket, for any packets and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(arbPacket, arbBodyPacket), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }),
        async (ps, sizes) => {
          const encoded = ps.map((p) => encodePacket(p.packet, { isResponse: p.isResponse }));
          const stream = concat(encoded);
          const got: Uint8Array[][] = [];
          for await (const parts of readPacketParts(split(stream, sizes), max)) got.push(parts);
          expect(got.map(concat)).toEqual(encoded);
          got.forEach((parts, i) => {
            const { isResponse, forConnect } = ps[i] as (typeof ps)[number];
            const opts = { isResponse, forConnect };
            expect(joinedBodies(decodePacketParts(parts, opts))).toEqual(
              joinedBodies(decodePacket(encoded[i] as Uint8Array, opts)),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes a streamed body packet (a Connection ID at most, one body header) like decodePacket, in parts cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
        fc.constantFrom(ObexHeaderId.Body, ObexHeaderId.EndOfBody),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 320 }), { minLength: 1, maxLength: 3 }),
        (isResponse, connectionId, bodyId, body, cuts) => {
          const headers: ObexHeader[] = [];
          if (connectionId !== undefined)
            headers.push({ id: ObexHeaderId.ConnectionId, kind: 'u32', value: connectionId });
          headers.push({ id: bodyId, kind: 'bytes', value: body });
          const code = isResponse ? 0x90 : ObexOpcode.Put;
          const bytes = encodePacket({ code, headers }, { isResponse });
          // Parts as a link delivers them: none empty.
          const inside = cuts.filter((c) => c > 0 && c < bytes.length);
          const at = [...new Set(inside)].sort((a, b) => a - b);
          const parts = [0, ...at].map((from, i) => bytes.slice(from, at[i] ?? bytes.length));
          const opts = { isResponse };
          const packet = decodePacketParts(parts, opts);
          expect(joinedBodies(packet)).toEqual(joinedBodies(decodePacket(bytes, opts)));
          // Every body value a view of one of the parts, none empty but an empty body's.
          const values = packet.headers.filter(isBody).map((h) => h.value as Uint8Array);
          expect(values.every((v) => parts.some((p) => p.buffer === v.buffer))).toBe(true);
          expect(values.every((v) => v.length > 0) || body.length === 0).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hands out a body that crosses chunks as views of the chunks, not a copy', async () => {
    const body = new Uint8Array(65_000).map((_, i) => i & 0xff);
    const bytes = encodePacket(
      {
        code: ObexOpcode.Put,
        headers: [
          { id: ObexHeaderId.ConnectionId, kind: 'u32', value: 1 },
          { id: ObexHeaderId.Body, kind: 'bytes', value: body },
        ],
      },
      {},
    );
    const all: Uint8Array[][] = [];
    for await (const parts of readPacketParts(split(bytes, [40_000]), max)) all.push(parts);
    expect(all).toHaveLength(1);
    const packet = decodePacketParts(all[0] as Uint8Array[], { isResponse: false });
    const values = packet.headers.filter(isBody).map((h) => h.value as Uint8Array);
    // Packet header 3 + Connection ID 5 + Body header 3 bytes precede the body.
    expect(values.map((v) => v.length)).toEqual([40_000 - 11, 65_000 - (40_000 - 11)]);
    expect(concat(values)).toEqual(body);
    // Views into the chunks the link delivered: no packet-sized copy.
    expect(values.every((v) => v.buffer.byteLength < 65_000)).toBe(true);
  });

  it("hands out the body as views also when a chunk ends in the packet's first bytes", async () => {
    // A stream of 65535-byte packets read in 65536-byte chunks: the boundary falls 1, 2,
    // 3... bytes into packets 1, 2, 3... — inside the packet and Body header fields.
    const body = new Uint8Array(65_000).map((_, i) => (i * 7) & 0xff);
    const bytes = encodePacket({
      code: ObexOpcode.Put,
      headers: [
        { id: ObexHeaderId.ConnectionId, kind: 'u32', value: 1 },
        { id: ObexHeaderId.Body, kind: 'bytes', value: body },
      ],
    });
    for (let cut = 1; cut <= 11; cut++) {
      const parts = [bytes.slice(0, cut), bytes.slice(cut)];
      const packet = decodePacketParts(parts, { isResponse: false });
      expect(joinedBodies(packet)).toEqual(
        joinedBodies(decodePacket(bytes, { isResponse: false })),
      );
      const values = packet.headers.filter(isBody).map((h) => h.value as Uint8Array);
      expect(values.every((v) => v.buffer === (parts[1] as Uint8Array).buffer)).toBe(true);
    }
  });

  it('fails like readPackets on a stream that ends inside a packet or declares too much', async () => {
    const packet = encodePacket({ code: 0xa0, headers: [] }, { isResponse: true });
    const cut = concat([packet, new Uint8Array([0x90, 0x00, 0x10, 0x48])]);
    const errorOf = async (it: AsyncIterable<unknown>): Promise<unknown> => {
      try {
        for await (const _ of it) void _;
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const stream of [cut, new Uint8Array([0x90, 0x00, 0x02]), new Uint8Array([0x90, 0xff])]) {
      const small = { maxPacketLength: () => 0x0f };
      const ours = await errorOf(readPacketParts(split(stream, [1, 2]), small));
      const theirs = await errorOf(readPackets(split(stream, [1, 2]), small));
      expect(ours).toEqual(theirs);
      expect(ours).toBeDefined();
    }
  });
});
