import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import {
  parseConfigurationDescriptor,
  parseStringDescriptor,
  parseSysfsDescriptors,
} from '../../../native-bridge/usb/descriptors.js';
import { nokiaLikeConfig, nokiaLikeDescriptors } from './fixtures/nokia-like-phone.js';
import { target } from '../../fuzz/targets/usb-descriptors.js';

describe('usb descriptors', () => {
  it('parses the device descriptor and configuration of a Nokia-like phone', () => {
    const { device, configurations } = parseSysfsDescriptors(nokiaLikeDescriptors);
    expect(device).toMatchObject({
      vendorId: 0x0421,
      productId: 0x0428,
      serialIndex: 3,
      numConfigurations: 1,
    });
    expect(configurations).toHaveLength(1);
    const cfg = configurations[0]!;
    expect(cfg.maxPowerMa).toBe(500);
    expect(cfg.interfaces.map((i) => `${i.interfaceNumber}.${i.alternateSetting}`)).toEqual([
      '0.0',
      '1.0',
      '2.0',
      '3.0',
      '4.0',
      '4.1',
      '5.0',
      '6.0',
      '6.1',
    ]);
    const obex = cfg.interfaces.find((i) => i.interfaceNumber === 5)!;
    expect(obex.functional.map((f) => f.subtype)).toEqual([
      'header',
      'obex',
      'union',
      'obex-service-id',
    ]);
    const sid = obex.functional[3];
    expect(sid?.subtype === 'obex-service-id' && [...sid.uuid.subarray(0, 4)]).toEqual([
      0x02, 0xae, 0xb3, 0x20,
    ]);
    const whcmUnion = cfg.interfaces[0]!.functional.find((f) => f.subtype === 'union');
    expect(whcmUnion).toEqual({ subtype: 'union', master: 0, slaves: [1, 3, 5] });
    const active = cfg.interfaces.find((i) => i.interfaceNumber === 4 && i.alternateSetting === 1)!;
    expect(active.endpoints).toEqual([
      {
        address: 0x82,
        number: 2,
        direction: 'in',
        transfer: 'bulk',
        maxPacketSize: 64,
        interval: 0,
      },
      {
        address: 0x02,
        number: 2,
        direction: 'out',
        transfer: 'bulk',
        maxPacketSize: 64,
        interval: 0,
      },
    ]);
    expect(cfg.interfaces[1]!.endpoints[0]?.transfer).toBe('interrupt');
  });

  it('rejects a configuration whose wTotalLength runs past the bytes', () => {
    const cut = nokiaLikeConfig.subarray(0, 100);
    expect(() => parseConfigurationDescriptor(cut)).toThrow(/exceeds/);
  });

  it('rejects a zero-length descriptor instead of looping', () => {
    const bad = nokiaLikeConfig.slice();
    bad[9] = 0; // first interface descriptor's bLength
    try {
      parseConfigurationDescriptor(bad);
      expect.unreachable();
    } catch (e) {
      expect(isDecodeError(e) && e.reason).toBe('bad-length');
    }
  });

  it('decodes UTF-16LE string descriptors', () => {
    const s = 'SYNCML-SYNC';
    const bytes = new Uint8Array(2 + s.length * 2);
    bytes[0] = bytes.length;
    bytes[1] = 3;
    for (let i = 0; i < s.length; i++) bytes[2 + 2 * i] = s.charCodeAt(i);
    expect(parseStringDescriptor(bytes)).toBe('SYNCML-SYNC');
  });

  it('is total: mutated and truncated descriptors parse or throw DecodeError', () => {
    for (const seed of target.seeds()) {
      fc.assert(
        fc.property(
          fc.nat(seed.length),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
            maxLength: 6,
          }),
          (cut, edits) => {
            const bytes = seed.slice(0, cut);
            for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
            try {
              target.run(bytes);
            } catch (e) {
              if (!isDecodeError(e)) throw e;
            }
          },
        ),
        { numRuns: 1500 },
      );
    }
  });
});
