import { describe, expect, it } from 'vitest';
import { parseSysfsDescriptors } from '../../../native-bridge/usb/descriptors.js';
import {
  chooseCdcObexFunction,
  findAcmInterfaces,
  findCdcObexFunctions,
} from '../../../native-bridge/usb/cdc-obex-select.js';
import { nokiaLikeDescriptors, nokiaLikeStrings } from './fixtures/nokia-like-phone.js';

const config = parseSysfsDescriptors(nokiaLikeDescriptors).configurations[0]!;

describe('cdc-obex-select', () => {
  it('finds both CDC-OBEX functions with their active bulk alt settings', () => {
    const { functions, rejected } = findCdcObexFunctions(config);
    expect(rejected).toEqual([]);
    expect(
      functions.map((f) => ({
        ctl: f.controlInterface,
        name: nokiaLikeStrings.get(f.nameIndex),
        data: f.dataInterface,
        idle: f.idleAltSetting,
        active: f.activeAltSetting,
        in: f.bulkIn.address,
        out: f.bulkOut.address,
        role: f.service?.role,
      })),
    ).toEqual([
      {
        ctl: 3,
        name: 'SYNCML-SYNC',
        data: 4,
        idle: 0,
        active: 1,
        in: 0x82,
        out: 0x02,
        role: undefined,
      },
      {
        ctl: 5,
        name: 'PC Suite Services',
        data: 6,
        idle: 0,
        active: 1,
        in: 0x84,
        out: 0x04,
        role: 'server',
      },
    ]);
    expect(functions[0]?.reason).toBe('CDC subclass 0x0B interface 3, data interface 4 alt 1');
  });

  it('ignores the ACM modem data interface and reports the ACM control interface', () => {
    expect(findAcmInterfaces(config).map((i) => i.interfaceNumber)).toEqual([1]);
  });

  it('chooses by name, else the WMC default OBEX server', () => {
    const { functions } = findCdcObexFunctions(config);
    expect(
      chooseCdcObexFunction(functions, nokiaLikeStrings, 'syncml-sync')?.controlInterface,
    ).toBe(3);
    expect(chooseCdcObexFunction(functions, nokiaLikeStrings)?.controlInterface).toBe(5);
    expect(chooseCdcObexFunction([], nokiaLikeStrings)).toBeUndefined();
  });

  it('rejects a CDC-OBEX function whose data interface lacks a bulk pair', () => {
    const bytes = nokiaLikeDescriptors.slice();
    // Turn EP 0x84 IN bulk of interface 6 alt 1 into an interrupt endpoint.
    const i = bytes.findIndex(
      (b, k) => b === 0x07 && bytes[k + 1] === 0x05 && bytes[k + 2] === 0x84,
    );
    bytes[i + 3] = 0x03;
    const cfg = parseSysfsDescriptors(bytes).configurations[0]!;
    const { functions, rejected } = findCdcObexFunctions(cfg);
    expect(functions.map((f) => f.controlInterface)).toEqual([3]);
    expect(rejected[0]?.reason).toContain(
      'data interface 6 has no alternate setting with a bulk IN/OUT pair',
    );
  });
});
