/**
 * Opening the byte link to a handset the watcher (or the settings) reported: a serial
 * port, a modem port switched to OBEX with `AT+CPROT=0`, a USB CDC-OBEX function, or
 * OBEX over TCP. Failures keep their typed errors (`LinkOpenError`, `AtError`), which
 * `classifyFailure` turns into a step and a hint.
 */
import { AtModem } from '../../../native-bridge/at/at-modem.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { connectTcp } from '../../../native-bridge/links/tcp-link.js';
import { UsbCdcObexLink } from '../../../native-bridge/links/usb-cdc-obex.js';
import { nodeUsbBus } from '../../../native-bridge/usb/node-usb-bus.js';
import { usbDeviceKey } from '../../../native-bridge/usb/usb-device.js';
import type { CandidateDevice } from '../../../native-bridge/watch/candidate.js';
import type { Link } from '../../../protocol/link/link.js';
import { HandsetStepError } from './failure.js';

/** Options of {@link openLink}. */
export interface OpenLinkOptions {
  /** Serial baud rate (ptys ignore it). */
  readonly baudRate?: number;
  /** TCP connect timeout. */
  readonly connectTimeoutMs?: number;
}

/** Opens an OBEX-carrying link to `device`; the caller owns (and closes) it. */
export async function openLink(
  device: CandidateDevice,
  options: OpenLinkOptions = {},
): Promise<Link> {
  switch (device.kind) {
    case 'tcp': {
      const tcp = device.tcp;
      if (tcp === undefined) throw new TypeError(`${device.key}: tcp device without an address`);
      return connectTcp(tcp.host, tcp.port, {
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      });
    }
    case 'serial':
    case 'rfcomm':
      return openSerial(device, options);
    case 'usb-acm-modem': {
      const serial = await openSerial(device, options);
      try {
        const modem = new AtModem(serial);
        await modem.probe();
        return await modem.switchToObex();
      } catch (e) {
        await serial.close().catch(() => undefined);
        throw e;
      }
    }
    case 'usb-cdc-obex': {
      const handles = await nodeUsbBus().list();
      const handle = handles.find((h) => usbDeviceKey(h.info) === device.key);
      if (handle === undefined) {
        throw new HandsetStepError(
          'port',
          `${device.label}: the USB device is no longer on the bus`,
          'unplug and plug the handset again',
        );
      }
      const link = new UsbCdcObexLink(handle, { preferName: 'SYNCML-DM' });
      await link.open();
      return link;
    }
  }
}

async function openSerial(device: CandidateDevice, options: OpenLinkOptions): Promise<Link> {
  if (device.path === undefined) throw new TypeError(`${device.key}: serial device without a path`);
  const link = new SerialLink({
    path: device.path,
    ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }),
  });
  await link.open();
  return link;
}
