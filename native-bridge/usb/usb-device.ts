/**
 * The device-facing seam of the USB code: the few operations the CDC-OBEX link and the
 * device watcher need from a USB device. The real implementation (`node-usb-bus.ts`)
 * sits on the `usb` package; tests replay recorded descriptors through the same
 * interface, so descriptor parsing, function selection, claiming and streaming run the
 * code a real phone would.
 */

/** Where a device sits and what it says it is. */
export interface UsbDeviceInfo {
  /** Bus number as a string, e.g. `1`. */
  readonly bus: string;
  /** Port path from the root hub, e.g. `[3, 4]` for `1-3.4`. */
  readonly ports: readonly number[];
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
}

/**
 * One USB device. Behaviour: `transferIn` resolves with the bytes of one bulk transfer
 * (possibly empty) and rejects once the device is gone or closed; `transferOut` resolves
 * after the bytes were sent; `readDescriptors` returns the device descriptor followed by
 * the configuration sets (the Linux sysfs `descriptors` layout).
 */
export interface UsbDeviceHandle {
  readonly info: UsbDeviceInfo;
  readDescriptors(): Promise<Uint8Array>;
  /** String descriptor `index` in the device's first language, or undefined. */
  readString(index: number): Promise<string | undefined>;
  open(): Promise<void>;
  /** Best effort: detaches a kernel driver bound to the interface (Linux). */
  detachKernelDriver(interfaceNumber: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  selectAlternateSetting(interfaceNumber: number, alternateSetting: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number): Promise<Uint8Array>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A USB bus: list devices, follow hotplug. */
export interface UsbBus {
  /** Devices present now. Rejects with `UsbUnavailableError` when there is no USB bus or no libusb. */
  list(): Promise<UsbDeviceHandle[]>;
  /**
   * Follows attach/detach. `onDetach` gets the `usbDeviceKey` of the device that left.
   * Resolves with a function that stops watching.
   */
  watch(
    onAttach: (device: UsbDeviceHandle) => void,
    onDetach: (key: string) => void,
  ): Promise<() => Promise<void>>;
}

/** The machine has no usable USB stack (no bus, no sysfs, `usb` failed to load). */
export class UsbUnavailableError extends Error {
  override readonly name = 'UsbUnavailableError';
  /** Discriminant for catch blocks. */
  readonly usbUnavailable = true;
}

/** True for `UsbUnavailableError` (also across module copies). */
export function isUsbUnavailable(e: unknown): e is UsbUnavailableError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { usbUnavailable?: unknown }).usbUnavailable === true
  );
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * A stable key for a device: bus + port path (where it is plugged), VID:PID (what it is)
 * and serial number (which one), e.g. `usb:1-3.4:0421:0428:356789012345678`. The same
 * phone in the same port keeps its key across replugs; the USB address does not appear
 * because it changes on every enumeration.
 */
export function usbDeviceKey(info: UsbDeviceInfo): string {
  const where = `${info.bus}-${info.ports.length > 0 ? info.ports.join('.') : '0'}`;
  return `usb:${where}:${hex4(info.vendorId)}:${hex4(info.productId)}:${info.serialNumber ?? '-'}`;
}

/** `0421:0428` */
export function vidPid(info: UsbDeviceInfo): string {
  return `${hex4(info.vendorId)}:${hex4(info.productId)}`;
}
