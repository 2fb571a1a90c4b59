import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { ObexHeaderId, ObexOpcode, ObexResponse } from '../../../protocol/obex/codes.js';
import {
  asciiz,
  fromAsciiz,
  headerBytes,
  headerNumber,
  headerText,
} from '../../../protocol/obex/headers.js';
import type { ObexHeader } from '../../../protocol/obex/headers.js';
import { decodePacket, encodePacket } from '../../../protocol/obex/packet.js';
import { arbPacket } from './arbitraries.js';

const vector = (name: string): Uint8Array =>
  new Uint8Array(
    readFileSync(new URL(`../../../../shared/vectors/buteo-syncml/${name}`, import.meta.url)),
  );

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('packet', () => {
  it('decodes the buteo Connect response vector as documented', () => {
    const p = decodePacket(vector('obexresp01.bin'), { isResponse: true, forConnect: true });
    expect(p.code).toBe(ObexResponse.Success);
    expect(p.connect).toEqual({ version: 0x10, flags: 0, maxPacketLength: 0xffff });
    expect(headerNumber(p.headers, ObexHeaderId.ConnectionId)).toBe(1);
    expect(new TextDecoder().decode(headerBytes(p.headers, ObexHeaderId.Who))).toBe('SYNCML-SYNC');
    expect(p.headers).toHaveLength(2);
    expect(encodePacket(p)).toEqual(vector('obexresp01.bin'));
  });

  it('decodes the buteo Service Unavailable and Success vectors', () => {
    const d3 = decodePacket(vector('obexresp02.bin'), { isResponse: true, forConnect: true });
    expect(d3).toEqual({ code: 0xd3, headers: [] });
    const a0 = decodePacket(vector('obexresp03.bin'), { isResponse: true });
    expect(a0).toEqual({ code: 0xa0, headers: [] });
  });

  it('round-trips every header encoding', () => {
    const headers: ObexHeader[] = [
      { id: ObexHeaderId.Name, kind: 'unicode', value: 'Grüße 日本.txt' },
      { id: ObexHeaderId.Description, kind: 'unicode', value: '' },
      { id: ObexHeaderId.Type, kind: 'bytes', value: asciiz('x-obex/folder-listing') },
      { id: 0x93, kind: 'byte', value: 0x7f },
      { id: ObexHeaderId.Length, kind: 'u32', value: 0xfffffffe },
    ];
    const bytes = encodePacket({ code: ObexOpcode.PutFinal, headers });
    expect(decodePacket(bytes, { isResponse: false }).headers).toEqual(headers);
  });

  it('encodes text as UTF-16BE with a NUL terminator and an empty text as a bare header', () => {
    const bytes = encodePacket({
      code: 0x82,
      headers: [
        { id: 1, kind: 'unicode', value: 'Aé' },
        { id: 5, kind: 'unicode', value: '' },
      ],
    });
    expect(bytes).toEqual(hex('82000f' + '010009' + '004100e90000' + '050003'));
  });

  it('accepts text without its NUL terminator and warns', () => {
    const warnings: string[] = [];
    const p = decodePacket(hex('820008' + '010005' + '0041'), {
      isResponse: false,
      onWarning: (w) => warnings.push(w),
    });
    expect(headerText(p.headers, 1)).toBe('A');
    expect(warnings).toHaveLength(1);
  });

  it('preserves unknown headers byte for byte', () => {
    const raw = hex('a00016' + '30000700620000' + '7000051234' + 'bf01' + 'f0deadbeef');
    const p = decodePacket(raw, { isResponse: true });
    expect(p.headers.map((h) => h.id)).toEqual([0x30, 0x70, 0xbf, 0xf0]);
    expect(encodePacket(p)).toEqual(raw);
  });

  it('decodes SetPath fields and Connect request fields', () => {
    const sp = decodePacket(hex('850005' + '0300'), { isResponse: false });
    expect(sp.setPath).toEqual({ flags: 3, constants: 0 });
    const c = decodePacket(hex('800007' + '100000ff'), { isResponse: false });
    expect(c.connect).toEqual({ version: 0x10, flags: 0, maxPacketLength: 255 });
  });

  it('rejects bad lengths and headers running past the packet with DecodeError', () => {
    const reason = (s: string, isResponse = true): string => {
      try {
        decodePacket(hex(s), { isResponse });
      } catch (e) {
        if (isDecodeError(e)) return `${e.format}:${e.reason}`;
        throw e;
      }
      return 'ok';
    };
    expect(reason('a00002')).toBe('obex:bad-length');
    expect(reason('a00005')).toBe('obex:truncated');
    expect(reason('a0000300')).toBe('obex:trailing-data');
    expect(reason('a00006420009')).toBe('obex:truncated');
    expect(reason('a00006420002')).toBe('obex:bad-length');
    expect(reason('a00006' + '010000', true)).toBe('obex:bad-length');
    expect(reason('a00007' + 'cb0000', true)).toBe('obex:truncated');
    expect(reason('a0000701000400', true)).toBe('obex:bad-length');
    expect(reason('800005' + '1000', false)).toBe('obex:truncated');
  });

  it('rejects invalid packets on encode', () => {
    expect(() => encodePacket({ code: 0x80, headers: [] })).toThrow(TypeError);
    expect(() =>
      encodePacket({ code: 0x82, headers: [{ id: 0x01, kind: 'bytes', value: new Uint8Array() }] }),
    ).toThrow(TypeError);
    expect(() =>
      encodePacket({ code: 0x82, headers: [{ id: 0xc3, kind: 'u32', value: -1 }] }),
    ).toThrow(TypeError);
    expect(() =>
      encodePacket({
        code: 0x82,
        headers: [{ id: 0x48, kind: 'bytes', value: new Uint8Array(70000) }],
      }),
    ).toThrow(RangeError);
  });

  it('reads and writes NUL-terminated ASCII types', () => {
    expect(asciiz('ab')).toEqual(Uint8Array.of(0x61, 0x62, 0));
    expect(fromAsciiz(Uint8Array.of(0x61, 0x62, 0))).toBe('ab');
    expect(fromAsciiz(Uint8Array.of(0x61))).toBe('a');
    expect(() => asciiz('é')).toThrow(TypeError);
  });

  it('round-trips random packets', () => {
    fc.assert(
      fc.property(arbPacket, ({ packet, isResponse, forConnect }) => {
        const bytes = encodePacket(packet, { isResponse });
        const back = decodePacket(bytes, { isResponse, forConnect });
        expect(back).toEqual(packet);
        expect(encodePacket(back, { isResponse })).toEqual(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('returns a value or throws DecodeError for mutated and truncated packets', () => {
    fc.assert(
      fc.property(
        arbPacket,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.boolean(),
        ({ packet, isResponse, forConnect }, edits, cut, doCut) => {
          let bytes = encodePacket(packet, { isResponse });
          for (const [pos, val] of edits) if (bytes.length > 0) bytes[pos % bytes.length] = val;
          if (doCut) bytes = bytes.subarray(0, cut % (bytes.length + 1));
          try {
            decodePacket(bytes, { isResponse, forConnect });
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
