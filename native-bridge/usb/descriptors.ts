import { DecodeError } from '../../protocol/bytes/decode-error.js';

/**
 * A pure parser of raw USB descriptors (USB 2.0 §9.6; CDC 1.2 §5.2.3 functional
 * descriptors; CDC WMC 1.1 §6.5.2 OBEX functional and Service Identification
 * descriptors). Bytes in, typed records out; total: any input returns a value or throws
 * `DecodeError` with format `usb-descriptor`.
 *
 * Input is what Linux exposes in `/sys/bus/usb/devices/<dev>/descriptors` (the 18-byte
 * device descriptor followed by every configuration descriptor set) or what a
 * GET_DESCRIPTOR(CONFIGURATION) request returns.
 */

/** Descriptor types (USB 2.0 Table 9-5; CDC 1.2 Table 12 for CS_INTERFACE). */
export const DescriptorType = {
  DEVICE: 0x01,
  CONFIGURATION: 0x02,
  STRING: 0x03,
  INTERFACE: 0x04,
  ENDPOINT: 0x05,
  INTERFACE_ASSOCIATION: 0x0b,
  CS_INTERFACE: 0x24,
} as const;

/** Interface classes and CDC subclasses we care about (CDC 1.2 Tables 4, 5, 6). */
export const UsbClass = {
  CDC: 0x02,
  CDC_DATA: 0x0a,
  /** Abstract Control Model: AT modems (ttyACM). */
  SUBCLASS_ACM: 0x02,
  /** Wireless Handset Control Model (the phone's umbrella interface). */
  SUBCLASS_WHCM: 0x08,
  /** OBEX (CDC WMC 1.1 §6.5). */
  SUBCLASS_OBEX: 0x0b,
} as const;

/** CDC functional descriptor subtypes (CDC 1.2 Table 13; OBEX 0x15 and Service Identifier 0x19 from CDC WMC 1.1 §6.5.2). */
export const CdcSubtype = {
  HEADER: 0x00,
  CALL_MANAGEMENT: 0x01,
  ACM: 0x02,
  UNION: 0x06,
  WHCM: 0x11,
  OBEX: 0x15,
  OBEX_SERVICE_ID: 0x19,
} as const;

/** One CDC class-specific (CS_INTERFACE) descriptor. */
export type CdcFunctional =
  | { readonly subtype: 'header'; readonly bcdCdc: number }
  | { readonly subtype: 'union'; readonly master: number; readonly slaves: readonly number[] }
  | { readonly subtype: 'obex'; readonly bcdVersion: number }
  | {
      readonly subtype: 'obex-service-id';
      /** Bit 0 set: the function is an OBEX client; clear: server. */
      readonly role: number;
      readonly uuid: Uint8Array;
      readonly version: number;
    }
  | { readonly subtype: 'acm'; readonly capabilities: number }
  | {
      readonly subtype: 'call-management';
      readonly capabilities: number;
      readonly dataInterface: number;
    }
  | { readonly subtype: 'other'; readonly code: number; readonly body: Uint8Array };

/** An endpoint descriptor (USB 2.0 §9.6.6). */
export interface EndpointDescriptor {
  /** bEndpointAddress, direction bit included (0x81 = IN 1). */
  readonly address: number;
  readonly number: number;
  readonly direction: 'in' | 'out';
  readonly transfer: 'control' | 'isochronous' | 'bulk' | 'interrupt';
  readonly maxPacketSize: number;
  readonly interval: number;
}

/** One alternate setting of one interface with what follows it. */
export interface InterfaceDescriptor {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  /** String descriptor index of the interface name (0 = none). */
  readonly nameIndex: number;
  readonly endpoints: readonly EndpointDescriptor[];
  readonly functional: readonly CdcFunctional[];
}

/** A configuration descriptor set. */
export interface ConfigurationDescriptor {
  readonly configurationValue: number;
  readonly nameIndex: number;
  readonly attributes: number;
  readonly maxPowerMa: number;
  /** Every alternate setting in descriptor order. */
  readonly interfaces: readonly InterfaceDescriptor[];
}

/** The device descriptor (USB 2.0 §9.6.1), the fields we use. */
export interface DeviceDescriptor {
  readonly bcdUsb: number;
  readonly deviceClass: number;
  readonly vendorId: number;
  readonly productId: number;
  readonly bcdDevice: number;
  readonly manufacturerIndex: number;
  readonly productIndex: number;
  readonly serialIndex: number;
  readonly numConfigurations: number;
}

const FORMAT = 'usb-descriptor';
const fail = (
  offset: number,
  reason: 'truncated' | 'bad-length' | 'bad-value',
  detail: string,
): never => {
  throw new DecodeError(offset, reason, detail, FORMAT);
};
const u16 = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const at = (b: Uint8Array, i: number): number => b[i] ?? 0;

/** Parses an 18-byte device descriptor at `offset`. */
export function parseDeviceDescriptor(bytes: Uint8Array, offset = 0): DeviceDescriptor {
  if (bytes.length - offset < 18) fail(offset, 'truncated', 'device descriptor needs 18 bytes');
  if (at(bytes, offset) < 18)
    fail(offset, 'bad-length', `device descriptor bLength ${at(bytes, offset)}`);
  if (at(bytes, offset + 1) !== DescriptorType.DEVICE) {
    fail(
      offset + 1,
      'bad-value',
      `expected a device descriptor, got type 0x${at(bytes, offset + 1).toString(16)}`,
    );
  }
  return {
    bcdUsb: u16(bytes, offset + 2),
    deviceClass: at(bytes, offset + 4),
    vendorId: u16(bytes, offset + 8),
    productId: u16(bytes, offset + 10),
    bcdDevice: u16(bytes, offset + 12),
    manufacturerIndex: at(bytes, offset + 14),
    productIndex: at(bytes, offset + 15),
    serialIndex: at(bytes, offset + 16),
    numConfigurations: at(bytes, offset + 17),
  };
}

/**
 * Parses one configuration descriptor set starting at `offset` (bLength 9, type 2, then
 * `wTotalLength` bytes of interface/endpoint/class descriptors). Returns the parsed set
 * and the offset just after it.
 */
export function parseConfigurationDescriptor(
  bytes: Uint8Array,
  offset = 0,
): { configuration: ConfigurationDescriptor; next: number } {
  if (bytes.length - offset < 9)
    fail(offset, 'truncated', 'configuration descriptor needs 9 bytes');
  if (at(bytes, offset) < 9)
    fail(offset, 'bad-length', `configuration bLength ${at(bytes, offset)}`);
  if (at(bytes, offset + 1) !== DescriptorType.CONFIGURATION) {
    fail(
      offset + 1,
      'bad-value',
      `expected a configuration descriptor, got type 0x${at(bytes, offset + 1).toString(16)}`,
    );
  }
  const total = u16(bytes, offset + 2);
  if (total < at(bytes, offset))
    fail(offset + 2, 'bad-length', `wTotalLength ${total} shorter than the header`);
  const end = offset + total;
  if (end > bytes.length)
    fail(
      offset + 2,
      'truncated',
      `wTotalLength ${total} exceeds the ${bytes.length - offset} bytes given`,
    );
  const interfaces: InterfaceDescriptor[] = [];
  let current: { endpoints: EndpointDescriptor[]; functional: CdcFunctional[] } | undefined;
  let i = offset + at(bytes, offset);
  while (i < end) {
    if (end - i < 2) fail(i, 'truncated', 'descriptor header cut off');
    const len = at(bytes, i);
    const type = at(bytes, i + 1);
    if (len < 2) fail(i, 'bad-length', `descriptor bLength ${len}`);
    if (i + len > end) fail(i, 'truncated', `descriptor of ${len} bytes runs past wTotalLength`);
    if (type === DescriptorType.INTERFACE) {
      if (len < 9) fail(i, 'bad-length', `interface descriptor bLength ${len}`);
      const endpoints: EndpointDescriptor[] = [];
      const functional: CdcFunctional[] = [];
      current = { endpoints, functional };
      interfaces.push({
        interfaceNumber: at(bytes, i + 2),
        alternateSetting: at(bytes, i + 3),
        interfaceClass: at(bytes, i + 5),
        interfaceSubclass: at(bytes, i + 6),
        interfaceProtocol: at(bytes, i + 7),
        nameIndex: at(bytes, i + 8),
        endpoints,
        functional,
      });
    } else if (type === DescriptorType.ENDPOINT) {
      if (len < 7) fail(i, 'bad-length', `endpoint descriptor bLength ${len}`);
      if (current === undefined) fail(i, 'bad-value', 'endpoint descriptor before any interface');
      const address = at(bytes, i + 2);
      const transfers = ['control', 'isochronous', 'bulk', 'interrupt'] as const;
      current?.endpoints.push({
        address,
        number: address & 0x0f,
        direction: address & 0x80 ? 'in' : 'out',
        transfer: transfers[at(bytes, i + 3) & 0x03] ?? 'control',
        maxPacketSize: u16(bytes, i + 4) & 0x7ff,
        interval: at(bytes, i + 6),
      });
    } else if (type === DescriptorType.CS_INTERFACE && current !== undefined) {
      current.functional.push(parseFunctional(bytes, i, len));
    }
    // Other descriptors (IAD, HID, vendor, CS_ENDPOINT, CS before any interface) are skipped.
    i += len;
  }
  return {
    configuration: {
      configurationValue: at(bytes, offset + 5),
      nameIndex: at(bytes, offset + 6),
      attributes: at(bytes, offset + 7),
      maxPowerMa: at(bytes, offset + 8) * 2,
      interfaces,
    },
    next: end,
  };
}

function parseFunctional(bytes: Uint8Array, i: number, len: number): CdcFunctional {
  if (len < 3) fail(i, 'bad-length', `class-specific descriptor bLength ${len}`);
  const code = at(bytes, i + 2);
  const need = (n: number, what: string): void => {
    if (len < n)
      fail(i, 'bad-length', `${what} functional descriptor needs ${n} bytes, has ${len}`);
  };
  switch (code) {
    case CdcSubtype.HEADER:
      need(5, 'header');
      return { subtype: 'header', bcdCdc: u16(bytes, i + 3) };
    case CdcSubtype.UNION:
      need(5, 'union');
      return {
        subtype: 'union',
        master: at(bytes, i + 3),
        slaves: [...bytes.subarray(i + 4, i + len)],
      };
    case CdcSubtype.OBEX:
      need(5, 'OBEX');
      return { subtype: 'obex', bcdVersion: u16(bytes, i + 3) };
    case CdcSubtype.OBEX_SERVICE_ID:
      need(22, 'OBEX service identifier');
      return {
        subtype: 'obex-service-id',
        role: at(bytes, i + 3),
        uuid: bytes.slice(i + 4, i + 20),
        version: u16(bytes, i + 20),
      };
    case CdcSubtype.ACM:
      need(4, 'ACM');
      return { subtype: 'acm', capabilities: at(bytes, i + 3) };
    case CdcSubtype.CALL_MANAGEMENT:
      need(5, 'call management');
      return {
        subtype: 'call-management',
        capabilities: at(bytes, i + 3),
        dataInterface: at(bytes, i + 4),
      };
    default:
      return { subtype: 'other', code, body: bytes.slice(i + 3, i + len) };
  }
}

/**
 * Parses the Linux sysfs `descriptors` file: a device descriptor followed by
 * `bNumConfigurations` configuration sets (fewer if the file is shorter — the kernel
 * omits configurations it could not read).
 */
export function parseSysfsDescriptors(bytes: Uint8Array): {
  device: DeviceDescriptor;
  configurations: ConfigurationDescriptor[];
} {
  const device = parseDeviceDescriptor(bytes, 0);
  const configurations: ConfigurationDescriptor[] = [];
  let i = at(bytes, 0);
  while (i < bytes.length && configurations.length < 255) {
    const { configuration, next } = parseConfigurationDescriptor(bytes, i);
    configurations.push(configuration);
    i = next;
  }
  return { device, configurations };
}

/** Decodes a string descriptor (USB 2.0 §9.6.7, UTF-16LE). */
export function parseStringDescriptor(bytes: Uint8Array): string {
  if (bytes.length < 2) fail(0, 'truncated', 'string descriptor needs 2 bytes');
  const len = at(bytes, 0);
  if (at(bytes, 1) !== DescriptorType.STRING) fail(1, 'bad-value', 'not a string descriptor');
  if (len < 2 || len > bytes.length) fail(0, 'bad-length', `string descriptor bLength ${len}`);
  let s = '';
  for (let i = 2; i + 1 < len; i += 2) s += String.fromCharCode(u16(bytes, i));
  return s;
}
