import type {
  UsbBus,
  UsbDeviceHandle,
  UsbDeviceInfo,
} from '../../../native-bridge/usb/usb-device.js';
import { usbDeviceKey } from '../../../native-bridge/usb/usb-device.js';

/**
 * A USB device that cannot exist on a build machine, replayed: its recorded descriptors
 * and strings are served through the real `UsbDeviceHandle` seam; the bulk OUT pipe is
 * looped back to bulk IN through `peer` so a test can act as the phone. Every call is
 * logged so tests can check the claim / alt-setting sequence.
 */
export class ReplayUsbDevice implements UsbDeviceHandle {
  readonly calls: string[] = [];
  /** Bytes the host sent on bulk OUT, per endpoint. */
  readonly sent: Uint8Array[] = [];
  private inbox: Uint8Array[] = [];
  private waiting: { resolve(d: Uint8Array): void; reject(e: Error): void } | undefined;
  private unplugged = false;

  constructor(
    readonly info: UsbDeviceInfo,
    private readonly descriptors: Uint8Array,
    private readonly strings: ReadonlyMap<number, string>,
  ) {}

  /** The phone sends `data` on its bulk IN pipe. */
  phoneSends(data: Uint8Array): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve(data);
    } else this.inbox.push(data);
  }

  /** Bulk IN data the phone has queued that the host has not read yet. */
  get unread(): number {
    return this.inbox.length;
  }

  /** Pulls the cable: pending and later transfers fail like libusb's NO_DEVICE. */
  unplug(): void {
    this.unplugged = true;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(new Error('LIBUSB_ERROR_NO_DEVICE: device disconnected'));
  }

  async readDescriptors(): Promise<Uint8Array> {
    this.calls.push('readDescriptors');
    return this.descriptors;
  }
  async readString(index: number): Promise<string | undefined> {
    return this.strings.get(index);
  }
  async open(): Promise<void> {
    this.calls.push('open');
  }
  async detachKernelDriver(n: number): Promise<void> {
    this.calls.push(`detach ${n}`);
  }
  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claim ${n}`);
  }
  async selectAlternateSetting(n: number, alt: number): Promise<void> {
    this.calls.push(`alt ${n}.${alt}`);
  }
  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`release ${n}`);
  }
  transferIn(ep: number, _length: number): Promise<Uint8Array> {
    if (!this.calls.includes(`in ${ep}`)) this.calls.push(`in ${ep}`);
    if (this.unplugged) return Promise.reject(new Error('LIBUSB_ERROR_NO_DEVICE'));
    const next = this.inbox.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
  async transferOut(ep: number, data: Uint8Array): Promise<void> {
    if (this.unplugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    if (!this.calls.includes(`out ${ep}`)) this.calls.push(`out ${ep}`);
    this.sent.push(data.slice());
  }
  async close(): Promise<void> {
    this.calls.push('close');
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(new Error('LIBUSB_ERROR_NO_DEVICE: closed'));
  }
}

/** A replayed bus: a fixed set of devices, attach/detach driven by the test. */
export class ReplayUsbBus implements UsbBus {
  private readonly devices = new Map<string, UsbDeviceHandle>();
  private listeners: { attach(d: UsbDeviceHandle): void; detach(k: string): void } | undefined;

  constructor(devices: UsbDeviceHandle[] = []) {
    for (const d of devices) this.devices.set(usbDeviceKey(d.info), d);
  }
  async list(): Promise<UsbDeviceHandle[]> {
    return [...this.devices.values()];
  }
  async watch(
    onAttach: (d: UsbDeviceHandle) => void,
    onDetach: (k: string) => void,
  ): Promise<() => Promise<void>> {
    this.listeners = { attach: onAttach, detach: onDetach };
    return async () => {
      this.listeners = undefined;
    };
  }
  plug(d: UsbDeviceHandle): void {
    this.devices.set(usbDeviceKey(d.info), d);
    this.listeners?.attach(d);
  }
  unplug(d: UsbDeviceHandle): void {
    const key = usbDeviceKey(d.info);
    this.devices.delete(key);
    this.listeners?.detach(key);
  }
}
