import type {
  ConfigurationDescriptor,
  EndpointDescriptor,
  InterfaceDescriptor,
} from './descriptors.js';
import { UsbClass } from './descriptors.js';

/**
 * The default WMC OBEX server UUID (CDC WMC 1.1 §6.5.2.5), carried by an OBEX Service
 * Identifier descriptor when the function is the "OBEX Default Server".
 */
export const WMC_DEFAULT_OBEX_SERVER_UUID = new Uint8Array([
  0x02, 0xae, 0xb3, 0x20, 0xf6, 0x49, 0x11, 0xda, 0x97, 0x4d, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66,
]);

/** Everything needed to talk OBEX to one CDC-OBEX function of a device. */
export interface CdcObexFunction {
  /** The CDC control (master) interface, subclass 0x0B. */
  readonly controlInterface: number;
  /** Its name string index (e.g. the index of `SYNCML-SYNC`); 0 = none. */
  readonly nameIndex: number;
  /** The CDC data (slave) interface from the Union descriptor. */
  readonly dataInterface: number;
  /** The data interface's alternate setting with no endpoints (select to go idle), if any. */
  readonly idleAltSetting: number | undefined;
  /** The data interface's alternate setting with the two bulk endpoints. */
  readonly activeAltSetting: number;
  readonly bulkIn: EndpointDescriptor;
  readonly bulkOut: EndpointDescriptor;
  /** From the OBEX Service Identifier descriptor, when present. */
  readonly service?: {
    readonly role: 'client' | 'server';
    readonly uuid: Uint8Array;
    readonly version: number;
  };
  /** Why this was recognised, for people: "CDC subclass 0x0B interface 3, data 4 alt 1". */
  readonly reason: string;
}

/** A function the configuration declares but that cannot be used, and why. */
export interface CdcObexReject {
  readonly controlInterface: number;
  readonly reason: string;
}

/**
 * Finds every CDC-OBEX function in a configuration (the algorithm of OpenOBEX
 * `lib/usbobex.c` `find_obex_data_interface`, rewritten): a class 0x02 / subclass 0x0B
 * control interface whose class-specific descriptors include a Union (master = itself)
 * naming the data interface; on that data interface (class 0x0A) the alternate setting
 * with exactly one bulk IN and one bulk OUT endpoint is the active one, the one with no
 * endpoints the idle one. Pure: descriptors in, interface/endpoint numbers out.
 */
export function findCdcObexFunctions(config: ConfigurationDescriptor): {
  functions: CdcObexFunction[];
  rejected: CdcObexReject[];
} {
  const functions: CdcObexFunction[] = [];
  const rejected: CdcObexReject[] = [];
  for (const ctl of config.interfaces) {
    if (ctl.interfaceClass !== UsbClass.CDC || ctl.interfaceSubclass !== UsbClass.SUBCLASS_OBEX)
      continue;
    const reject = (reason: string): void => {
      rejected.push({
        controlInterface: ctl.interfaceNumber,
        reason: `interface ${ctl.interfaceNumber}: ${reason}`,
      });
    };
    const union = ctl.functional.find((f) => f.subtype === 'union');
    if (union === undefined || union.subtype !== 'union') {
      reject('CDC-OBEX without a Union descriptor');
      continue;
    }
    if (!ctl.functional.some((f) => f.subtype === 'obex')) {
      reject('CDC-OBEX without an OBEX functional descriptor (0x15)');
      continue;
    }
    const dataNumber = union.slaves[0];
    if (dataNumber === undefined) {
      reject('Union descriptor names no data interface');
      continue;
    }
    const alts = config.interfaces.filter(
      (a) => a.interfaceNumber === dataNumber && a.interfaceClass === UsbClass.CDC_DATA,
    );
    const active = alts
      .map((a) => ({ alt: a, pipes: bulkPair(a) }))
      .find((x) => x.pipes !== undefined);
    if (active === undefined || active.pipes === undefined) {
      reject(`data interface ${dataNumber} has no alternate setting with a bulk IN/OUT pair`);
      continue;
    }
    const idle = alts.find((a) => a.endpoints.length === 0);
    const sid = ctl.functional.find((f) => f.subtype === 'obex-service-id');
    functions.push({
      controlInterface: ctl.interfaceNumber,
      nameIndex: ctl.nameIndex,
      dataInterface: dataNumber,
      idleAltSetting: idle?.alternateSetting,
      activeAltSetting: active.alt.alternateSetting,
      bulkIn: active.pipes.in,
      bulkOut: active.pipes.out,
      ...(sid !== undefined && sid.subtype === 'obex-service-id'
        ? {
            service: {
              role: sid.role & 1 ? 'client' : 'server',
              uuid: sid.uuid,
              version: sid.version,
            },
          }
        : {}),
      reason: `CDC subclass 0x0B interface ${ctl.interfaceNumber}, data interface ${dataNumber} alt ${active.alt.alternateSetting}`,
    });
  }
  return { functions, rejected };
}

/** CDC ACM (AT modem) control interfaces: class 0x02 subclass 0x02. */
export function findAcmInterfaces(config: ConfigurationDescriptor): InterfaceDescriptor[] {
  return config.interfaces.filter(
    (a) =>
      a.interfaceClass === UsbClass.CDC &&
      a.interfaceSubclass === UsbClass.SUBCLASS_ACM &&
      a.alternateSetting === 0,
  );
}

/**
 * Picks the function to use: the one whose name matches `preferName` (case-insensitive,
 * e.g. `SYNCML-DM`), else one advertising the WMC default OBEX server, else the first.
 */
export function chooseCdcObexFunction(
  functions: readonly CdcObexFunction[],
  names: ReadonlyMap<number, string> = new Map(),
  preferName?: string,
): CdcObexFunction | undefined {
  if (preferName !== undefined) {
    const want = preferName.toLowerCase();
    const named = functions.find((f) => names.get(f.nameIndex)?.toLowerCase() === want);
    if (named) return named;
  }
  const isDefault = (f: CdcObexFunction): boolean =>
    f.service !== undefined &&
    f.service.uuid.every((b, i) => b === WMC_DEFAULT_OBEX_SERVER_UUID[i]);
  return functions.find(isDefault) ?? functions[0];
}

function bulkPair(
  alt: InterfaceDescriptor,
): { in: EndpointDescriptor; out: EndpointDescriptor } | undefined {
  const bulk = alt.endpoints.filter((e) => e.transfer === 'bulk');
  const inEp = bulk.find((e) => e.direction === 'in');
  const outEp = bulk.find((e) => e.direction === 'out');
  return inEp && outEp && bulk.length === 2 ? { in: inEp, out: outEp } : undefined;
}
