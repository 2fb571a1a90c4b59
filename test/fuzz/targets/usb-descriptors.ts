/**
 * Fuzzes the raw USB descriptor parser (sysfs `descriptors` layout) and the CDC-OBEX
 * function selection on whatever parses: the Nokia-like phone fixture is the seed.
 */
import {
  findAcmInterfaces,
  findCdcObexFunctions,
} from '../../../native-bridge/usb/cdc-obex-select.js';
import {
  parseStringDescriptor,
  parseSysfsDescriptors,
} from '../../../native-bridge/usb/descriptors.js';
import { nokiaLikeDescriptors } from '../../native-bridge/usb/fixtures/nokia-like-phone.js';
import type { FuzzTarget } from '../target.js';

function seeds(): Uint8Array[] {
  const name = 'PC Suite Services';
  const str = new Uint8Array(2 + 2 * name.length);
  str[0] = str.length;
  str[1] = 0x03;
  for (let i = 0; i < name.length; i++) str[2 + 2 * i] = name.charCodeAt(i);
  return [nokiaLikeDescriptors, str];
}

function run(input: Uint8Array): void {
  if (input[1] === 0x03) {
    parseStringDescriptor(input);
    return;
  }
  for (const config of parseSysfsDescriptors(input).configurations) {
    findCdcObexFunctions(config);
    findAcmInterfaces(config);
  }
}

/** The USB descriptor parser target. */
export const target: FuzzTarget = { name: 'usb-descriptors', seeds, run };
