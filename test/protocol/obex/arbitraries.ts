import fc from 'fast-check';
import type { ObexHeader } from '../../../protocol/obex/headers.js';
import type { ObexPacket } from '../../../protocol/obex/packet.js';

/** An arbitrary header whose kind matches its id. */
export const arbHeader: fc.Arbitrary<ObexHeader> = fc.oneof(
  fc.record({
    id: fc.integer({ min: 0x00, max: 0x3f }),
    kind: fc.constant('unicode' as const),
    value: fc.string({ unit: 'binary', maxLength: 20 }),
  }),
  fc.record({
    id: fc.integer({ min: 0x40, max: 0x7f }),
    kind: fc.constant('bytes' as const),
    value: fc.uint8Array({ maxLength: 40 }),
  }),
  fc.record({
    id: fc.integer({ min: 0x80, max: 0xbf }),
    kind: fc.constant('byte' as const),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    id: fc.integer({ min: 0xc0, max: 0xff }),
    kind: fc.constant('u32' as const),
    value: fc.integer({ min: 0, max: 0xffffffff }),
  }),
);

/** An arbitrary packet with the options needed to decode it. */
export const arbPacket: fc.Arbitrary<{
  packet: ObexPacket;
  isResponse: boolean;
  forConnect: boolean;
}> = fc
  .record({
    shape: fc.constantFrom('connect-req', 'connect-rsp', 'setpath', 'plain-req', 'plain-rsp'),
    code: fc.integer({ min: 0, max: 255 }),
    a: fc.integer({ min: 0, max: 255 }),
    b: fc.integer({ min: 0, max: 255 }),
    max: fc.integer({ min: 0, max: 0xffff }),
    headers: fc.array(arbHeader, { maxLength: 6 }),
  })
  .map(({ shape, code, a, b, max, headers }) => {
    switch (shape) {
      case 'connect-req':
        return {
          packet: { code: 0x80, connect: { version: a, flags: b, maxPacketLength: max }, headers },
          isResponse: false,
          forConnect: false,
        };
      case 'connect-rsp':
        return {
          packet: {
            code,
            connect: { version: a, flags: b, maxPacketLength: max },
            headers,
          },
          isResponse: true,
          forConnect: true,
        };
      case 'setpath':
        return {
          packet: { code: 0x85, setPath: { flags: a, constants: b }, headers },
          isResponse: false,
          forConnect: false,
        };
      case 'plain-req': {
        const c = code === 0x80 || code === 0x85 ? 0x82 : code;
        return { packet: { code: c, headers }, isResponse: false, forConnect: false };
      }
      default: {
        return { packet: { code, headers }, isResponse: true, forConnect: false };
      }
    }
  });
