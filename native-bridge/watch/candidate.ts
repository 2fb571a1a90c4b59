import type { UsbDeviceInfo } from '../usb/usb-device.js';

/**
 * How a candidate handset connection was recognised:
 * - `usb-cdc-obex`: a USB device with a CDC subclass 0x0B (OBEX, WMC) function — talk
 *   OBEX directly over its bulk pipes;
 * - `usb-acm-modem`: a USB CDC ACM modem (ttyACM) — AT, then `AT+CPROT=0` to OBEX;
 * - `rfcomm`: a Bluetooth RFCOMM tty bound to the handset's OBEX channel;
 * - `serial`: any other serial device (UART, USB-serial adapter, configured pty);
 * - `tcp`: a configured OBEX-over-TCP endpoint.
 */
export type CandidateKind = 'usb-cdc-obex' | 'usb-acm-modem' | 'serial' | 'rfcomm' | 'tcp';

/** One device the watcher reports. */
export interface CandidateDevice {
  /**
   * Stable identity: `usb:<bus>-<ports>:<vid>:<pid>:<serial>` for USB devices,
   * `serial:<path>` for ttys, `tcp:<host>:<port>` for endpoints. The same device keeps
   * its key across reconciles, so attach/detach pair up.
   */
  readonly key: string;
  readonly kind: CandidateKind;
  /** Why it was classified so, for people: "CDC subclass 0x0B interface 5 (PC Suite Services)". */
  readonly reason: string;
  /** Device node for serial kinds. */
  readonly path?: string;
  readonly usb?: UsbDeviceInfo;
  readonly tcp?: { readonly host: string; readonly port: number };
  /** Human label: product name, path or endpoint. */
  readonly label: string;
}

/** A serial port as `SerialPort.list()` (or a configured path) reports it. */
export interface SerialPortEntry {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly pnpId?: string | undefined;
}
