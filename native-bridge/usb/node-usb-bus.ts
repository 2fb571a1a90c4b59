import { readFile } from 'node:fs/promises';
import { parseStringDescriptor } from './descriptors.js';
import type { UsbBus, UsbDeviceHandle, UsbDeviceInfo } from './usb-device.js';
import { UsbUnavailableError, usbDeviceKey } from './usb-device.js';

/** The slice of the `usb` v3 native device (node-usb-rs) we use. */
interface NativeDevice {
  vendorId: number;
  productId: number;
  bus: string;
  ports: number[];
  readonly serialNumber: string | null;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  open(): Promise<void>;
  close(): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  selectAlternateInterface(n: number, alt: number): Promise<void>;
  detachKernelDriver(n: number): Promise<void>;
  nativeControlTransferIn(
    setup: {
      requestType: 'standard';
      recipient: 'device';
      request: number;
      value: number;
      index: number;
    },
    timeout: number,
    length: number,
  ): Promise<Uint8Array | null>;
  nativeTransferIn(
    endpointNumber: number,
    timeout: number,
    length: number,
  ): Promise<Uint8Array | null>;
  nativeTransferOut(endpointNumber: number, timeout: number, data: Uint8Array): Promise<number>;
}

interface NativeModule {
  nativeGetDevices(): Promise<NativeDevice[]>;
  Emitter: new () => {
    addAttach(cb: (d: NativeDevice) => void): Promise<void>;
    removeAttach(): Promise<void>;
    addDetach(cb: (handle: string) => void): Promise<void>;
    removeDetach(): Promise<void>;
  };
}

const GET_DESCRIPTOR = 0x06;
/** Bulk IN poll timeout; a timed-out poll is simply re-issued. */
const IN_POLL_MS = 1000;
const OUT_TIMEOUT_MS = 5000;

let loaded: Promise<NativeModule> | undefined;

/** Loads the `usb` package's native layer once; a failure is reported as `UsbUnavailableError`. */
function loadNative(): Promise<NativeModule> {
  loaded ??= import('usb/index.js').then(
    (m: unknown) => ((m as { default?: unknown }).default ?? m) as NativeModule,
    (e: unknown) => {
      throw new UsbUnavailableError(
        `USB support unavailable: cannot load the usb package (${String(e)})`,
      );
    },
  );
  return loaded;
}

/** Linux sysfs name of a device: `1-3.4`; root hubs are `usb1`. */
function sysfsName(d: { bus: string; ports: readonly number[] }): string {
  if (d.bus.includes('-')) return d.bus;
  return d.ports.length > 0 ? `${d.bus}-${d.ports.join('.')}` : `usb${d.bus}`;
}

class NodeUsbDevice implements UsbDeviceHandle {
  readonly info: UsbDeviceInfo;
  constructor(private readonly d: NativeDevice) {
    const bus = d.bus.includes('-') ? (d.bus.split('-')[0] ?? d.bus) : d.bus;
    this.info = {
      bus,
      ports: d.ports,
      vendorId: d.vendorId,
      productId: d.productId,
      serialNumber: d.serialNumber ?? undefined,
      manufacturer: d.manufacturerName ?? undefined,
      product: d.productName ?? undefined,
    };
  }

  async readDescriptors(): Promise<Uint8Array> {
    // sysfs needs no device permissions and no open handle; fall back to GET_DESCRIPTOR.
    try {
      return new Uint8Array(
        await readFile(`/sys/bus/usb/devices/${sysfsName(this.d)}/descriptors`),
      );
    } catch {
      const dev = await this.getDescriptor(0x0100, 18);
      const head = await this.getDescriptor(0x0200, 9);
      const total = (head[2] ?? 0) | ((head[3] ?? 0) << 8);
      const cfg = await this.getDescriptor(0x0200, total);
      const out = new Uint8Array(dev.length + cfg.length);
      out.set(dev);
      out.set(cfg, dev.length);
      return out;
    }
  }

  async readString(index: number): Promise<string | undefined> {
    if (index === 0) return undefined;
    try {
      return parseStringDescriptor(await this.getDescriptor(0x0300 | index, 255, 0x0409));
    } catch {
      return undefined;
    }
  }

  private async getDescriptor(value: number, length: number, index = 0): Promise<Uint8Array> {
    const r = await this.d.nativeControlTransferIn(
      { requestType: 'standard', recipient: 'device', request: GET_DESCRIPTOR, value, index },
      1000,
      length,
    );
    if (r === null) throw new Error(`GET_DESCRIPTOR 0x${value.toString(16)} stalled`);
    return r;
  }

  open(): Promise<void> {
    return this.d.open();
  }
  async detachKernelDriver(n: number): Promise<void> {
    try {
      await this.d.detachKernelDriver(n);
    } catch {
      // No driver bound (the usual case for CDC-OBEX interfaces): nothing to detach.
    }
  }
  claimInterface(n: number): Promise<void> {
    return this.d.claimInterface(n);
  }
  selectAlternateSetting(n: number, alt: number): Promise<void> {
    return this.d.selectAlternateInterface(n, alt);
  }
  releaseInterface(n: number): Promise<void> {
    return this.d.releaseInterface(n);
  }
  async transferIn(ep: number, length: number): Promise<Uint8Array> {
    for (;;) {
      try {
        const r = await this.d.nativeTransferIn(ep, IN_POLL_MS, length);
        if (r === null) throw new Error(`bulk IN endpoint ${ep} stalled`);
        return r;
      } catch (e) {
        if (!/time[d ]?\s*out/i.test(String(e))) throw e;
      }
    }
  }
  async transferOut(ep: number, data: Uint8Array): Promise<void> {
    const n = await this.d.nativeTransferOut(ep, OUT_TIMEOUT_MS, data);
    if (n < data.length)
      throw new Error(`bulk OUT endpoint ${ep}: sent ${n} of ${data.length} bytes`);
  }
  close(): Promise<void> {
    return this.d.close();
  }
}

/**
 * The real USB bus through `usb` v3 (node-usb-rs). On a machine without a USB bus
 * (`/sys/bus/usb/devices` missing, as in containers) `list()` and `watch()` reject with
 * `UsbUnavailableError` naming the cause; nothing throws asynchronously (the package's
 * WebUSB wrapper rethrows hotplug failures from a timer, so we use its native layer).
 */
export function nodeUsbBus(): UsbBus {
  return {
    async list() {
      const native = await loadNative();
      try {
        return (await native.nativeGetDevices()).map((d) => new NodeUsbDevice(d));
      } catch (e) {
        throw new UsbUnavailableError(`no USB bus: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    async watch(onAttach, onDetach) {
      const native = await loadNative();
      // Detach events carry only an opaque handle; remember which key it had.
      const keys = new Map<string, string>();
      const remember = (d: NativeDevice): NodeUsbDevice => {
        const dev = new NodeUsbDevice(d);
        const handle = (d as unknown as { handle?: unknown }).handle;
        if (typeof handle === 'string') keys.set(handle, usbDeviceKey(dev.info));
        return dev;
      };
      let present: NativeDevice[];
      try {
        present = await native.nativeGetDevices();
      } catch (e) {
        throw new UsbUnavailableError(`no USB bus: ${e instanceof Error ? e.message : String(e)}`);
      }
      present.forEach(remember);
      const emitter = new native.Emitter();
      try {
        await emitter.addAttach((d) => onAttach(remember(d)));
        await emitter.addDetach((handle) => {
          const key = keys.get(handle);
          keys.delete(handle);
          if (key !== undefined) onDetach(key);
        });
      } catch (e) {
        throw new UsbUnavailableError(
          `USB hotplug unavailable: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return async () => {
        await emitter.removeAttach().catch(() => undefined);
        await emitter.removeDetach().catch(() => undefined);
      };
    },
  };
}
