import { isDecodeError } from '../../protocol/bytes/decode-error.js';
import { findAcmInterfaces, findCdcObexFunctions } from '../usb/cdc-obex-select.js';
import { parseSysfsDescriptors } from '../usb/descriptors.js';
import type { UsbDeviceHandle } from '../usb/usb-device.js';
import { usbDeviceKey, vidPid } from '../usb/usb-device.js';
import type { CandidateDevice, SerialPortEntry } from './candidate.js';

/**
 * Classifies a USB device from its raw descriptors: `usb-cdc-obex` if any configuration
 * has a usable CDC-OBEX function, else `usb-acm-modem` if it has a CDC ACM interface,
 * else undefined (not a handset: keyboards, hubs, disks). A device whose descriptors
 * cannot be read or parsed is undefined too; `note` receives why.
 */
export async function classifyUsb(
  device: UsbDeviceHandle,
  note: (message: string) => void = () => undefined,
): Promise<CandidateDevice | undefined> {
  const info = device.info;
  const key = usbDeviceKey(info);
  const label =
    [info.manufacturer, info.product].filter(Boolean).join(' ') || `USB ${vidPid(info)}`;
  let parsed;
  try {
    parsed = parseSysfsDescriptors(await device.readDescriptors());
  } catch (e) {
    note(`${key}: cannot read descriptors: ${isDecodeError(e) ? e.message : String(e)}`);
    return undefined;
  }
  for (const config of parsed.configurations) {
    const { functions } = findCdcObexFunctions(config);
    if (functions.length > 0) {
      const parts: string[] = [];
      for (const f of functions) {
        const name = await device.readString(f.nameIndex).catch(() => undefined);
        parts.push(name ? `${f.reason} (${name})` : f.reason);
      }
      return { key, kind: 'usb-cdc-obex', reason: parts.join('; '), usb: info, label };
    }
  }
  for (const config of parsed.configurations) {
    const acm = findAcmInterfaces(config);
    if (acm[0] !== undefined) {
      return {
        key,
        kind: 'usb-acm-modem',
        reason: `CDC ACM (subclass 0x02) interface ${acm[0].interfaceNumber}, no CDC-OBEX function: use AT+CPROT=0`,
        usb: info,
        label,
      };
    }
  }
  return undefined;
}

/** Classifies a serial device by its node name and USB identity. */
export function classifySerial(port: SerialPortEntry, configured = false): CandidateDevice {
  const base = port.path.split('/').pop() ?? port.path;
  const key = `serial:${port.path}`;
  const usbId = port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : undefined;
  const label = [port.manufacturer, base].filter(Boolean).join(' ');
  if (/^rfcomm\d+$/.test(base)) {
    return {
      key,
      kind: 'rfcomm',
      reason: 'Bluetooth RFCOMM tty (OBEX over RFCOMM)',
      path: port.path,
      label,
    };
  }
  if (/^ttyACM\d+$/.test(base)) {
    return {
      key,
      kind: 'usb-acm-modem',
      reason: `USB CDC ACM modem tty${usbId ? ` (${usbId})` : ''}: AT, then AT+CPROT=0`,
      path: port.path,
      label,
    };
  }
  const why = configured
    ? 'configured serial path'
    : usbId
      ? `USB serial adapter (${usbId})`
      : 'serial port (no USB identity)';
  return { key, kind: 'serial', reason: why, path: port.path, label };
}
