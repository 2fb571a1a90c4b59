import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { UsbBus, UsbDeviceHandle } from '../usb/usb-device.js';
import { nodeUsbBus } from '../usb/node-usb-bus.js';
import { isUsbUnavailable } from '../usb/usb-device.js';
import type { CandidateDevice, SerialPortEntry } from './candidate.js';
import { classifySerial, classifyUsb } from './classify.js';
import { expandGlob } from './glob.js';
import { errorParts } from '../links/errors.js';
import { listSerialFromSysfs } from './sysfs-serial.js';
import type { SysfsRoots } from './sysfs-serial.js';

/** Status changes worth telling the operator once. */
export type WatcherStatus =
  | { readonly kind: 'no-usb-bus'; readonly message: string }
  | { readonly kind: 'usb-ok' }
  | { readonly kind: 'serial-list-failed'; readonly message: string }
  /** `udevadm` is missing: serial ports are read from sysfs from now on. */
  | { readonly kind: 'serial-list-sysfs'; readonly message: string };

/** Events of `DeviceWatcher`. */
export interface DeviceWatcherEvents {
  attach: [device: CandidateDevice];
  detach: [device: CandidateDevice];
  status: [status: WatcherStatus];
  /** A reconcile pass failed unexpectedly; the watcher keeps running. */
  error: [error: Error];
}

/** Options of `DeviceWatcher`; every source is injectable. */
export interface DeviceWatcherOptions {
  /** The USB bus; `null` disables USB. Default: the real bus via the `usb` package. */
  readonly usb?: UsbBus | null;
  /**
   * Lists serial ports, replacing the default: `SerialPort.list()` (which asks `udevadm`
   * and does not list ptys), or sysfs where `udevadm` is missing.
   */
  readonly listSerial?: () => Promise<readonly SerialPortEntry[]>;
  /** The udev lister the default tries first; default `SerialPort.list()`. */
  readonly listUdev?: () => Promise<readonly SerialPortEntry[]>;
  /** Where the default reads sysfs when `udevadm` is missing; default `/sys` and `/dev`. */
  readonly sysfs?: SysfsRoots;
  /** Extra device paths or globs to reconcile (e.g. `/tmp/bench/tty*`, `/dev/rfcomm*`). */
  readonly serialPaths?: readonly string[];
  /** Configured OBEX-over-TCP endpoints, reported as present devices. */
  readonly tcpEndpoints?: readonly { readonly host: string; readonly port: number }[];
  /** Period of the reconcile pass in ms (default 2000). */
  readonly reconcileIntervalMs?: number;
}

/**
 * Watches for handsets: USB attach/detach (hotplug when a bus exists) plus a periodic
 * reconcile of serial ports, configured paths/globs and TCP endpoints. Devices present
 * at `start()` are reported as `attach`es; each device has a stable `key`, so a device
 * that stays is never re-reported and a vanished one yields exactly one `detach`.
 *
 * With no USB bus (containers, CI) it emits one `status` `no-usb-bus` and carries on
 * with serial and TCP.
 */
export class DeviceWatcher extends EventEmitter<DeviceWatcherEvents> {
  private readonly present = new Map<string, CandidateDevice>();
  private timer: NodeJS.Timeout | undefined;
  private stopHotplug: (() => Promise<void>) | undefined;
  private usbState: 'unknown' | 'ok' | 'unavailable' = 'unknown';
  private serialListFailed = false;
  /** Where the default serial listing comes from: udev until `udevadm` proved missing. */
  private serialSource: 'udev' | 'sysfs' = 'udev';
  private running: Promise<void> | undefined;
  private started = false;
  private readonly usb: UsbBus | null;

  constructor(private readonly options: DeviceWatcherOptions = {}) {
    super();
    this.usb = options.usb === undefined ? nodeUsbBus() : options.usb;
  }

  /** Devices currently present. */
  devices(): CandidateDevice[] {
    return [...this.present.values()];
  }

  /** First reconcile (attach events for present devices), then hotplug and the periodic pass. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.reconcile();
    if (this.usb !== null && this.usbState === 'ok') {
      try {
        this.stopHotplug = await this.usb.watch(
          (d) => void this.usbAttached(d),
          (key) => this.remove(key),
        );
      } catch (e) {
        this.setUsbUnavailable(e);
      }
    }
    if (!this.started) return;
    this.timer = setInterval(() => void this.reconcile(), this.options.reconcileIntervalMs ?? 2000);
    this.timer.unref();
  }

  /** Stops hotplug and the periodic pass. Idempotent. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const stop = this.stopHotplug;
    this.stopHotplug = undefined;
    await stop?.();
    await this.running;
  }

  /** One pass over every source; concurrent calls share the pass in flight. */
  reconcile(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const seen = new Map<string, CandidateDevice>();
      for (const d of await this.scanUsb()) seen.set(d.key, d);
      for (const d of await this.scanSerial()) if (!seen.has(d.key)) seen.set(d.key, d);
      for (const ep of this.options.tcpEndpoints ?? []) {
        const key = `tcp:${ep.host}:${ep.port}`;
        seen.set(key, {
          key,
          kind: 'tcp',
          reason: 'configured OBEX-over-TCP endpoint',
          tcp: { host: ep.host, port: ep.port },
          label: `${ep.host}:${ep.port}`,
        });
      }
      for (const key of [...this.present.keys()]) if (!seen.has(key)) this.remove(key);
      for (const [key, d] of seen) {
        if (!this.present.has(key)) {
          this.present.set(key, d);
          this.emit('attach', d);
        }
      }
    } catch (e) {
      if (this.listenerCount('error') > 0)
        this.emit('error', e instanceof Error ? e : new Error(String(e)));
    }
  }

  private async scanUsb(): Promise<CandidateDevice[]> {
    // A missing bus is reported once (status) and then not asked again.
    if (this.usb === null || this.usbState === 'unavailable') return [];
    let handles: UsbDeviceHandle[];
    try {
      handles = await this.usb.list();
    } catch (e) {
      this.setUsbUnavailable(e);
      return [];
    }
    if (this.usbState !== 'ok') {
      this.usbState = 'ok';
      this.emit('status', { kind: 'usb-ok' });
    }
    const out: CandidateDevice[] = [];
    for (const h of handles) {
      const c = await classifyUsb(h);
      if (c) out.push(c);
    }
    return out;
  }

  private async scanSerial(): Promise<CandidateDevice[]> {
    const out: CandidateDevice[] = [];
    try {
      for (const p of await this.listSerial()) out.push(classifySerial(p));
    } catch (e) {
      if (!this.serialListFailed) {
        this.serialListFailed = true;
        this.emit('status', { kind: 'serial-list-failed', message: String(e) });
      }
    }
    for (const pattern of this.options.serialPaths ?? []) {
      for (const path of await expandGlob(pattern)) out.push(classifySerial({ path }, true));
    }
    return out;
  }

  /**
   * The serial ports: the injected lister, else udev's list — or, once `udevadm` turned
   * out not to exist (spawn ENOENT), sysfs's, said once as a status.
   */
  private async listSerial(): Promise<readonly SerialPortEntry[]> {
    if (this.options.listSerial !== undefined) return this.options.listSerial();
    if (this.serialSource === 'udev') {
      try {
        return await (this.options.listUdev ?? defaultListSerial)();
      } catch (e) {
        if (errorParts(e).code !== 'ENOENT') throw e;
        this.serialSource = 'sysfs';
        this.emit('status', {
          kind: 'serial-list-sysfs',
          message: `udevadm is not installed (${errorParts(e).message}): serial ports are read from sysfs`,
        });
      }
    }
    return listSerialFromSysfs(this.options.sysfs);
  }

  private async usbAttached(d: UsbDeviceHandle): Promise<void> {
    const c = await classifyUsb(d);
    if (c && !this.present.has(c.key) && this.started) {
      this.present.set(c.key, c);
      this.emit('attach', c);
    }
  }

  private remove(key: string): void {
    const d = this.present.get(key);
    if (d === undefined) return;
    this.present.delete(key);
    this.emit('detach', d);
  }

  private setUsbUnavailable(e: unknown): void {
    if (this.usbState === 'unavailable') return;
    this.usbState = 'unavailable';
    const message = isUsbUnavailable(e) ? e.message : `USB unavailable: ${String(e)}`;
    this.emit('status', { kind: 'no-usb-bus', message });
  }
}

async function defaultListSerial(): Promise<readonly SerialPortEntry[]> {
  return SerialPort.list();
}

/** Result of a one-shot scan. */
export interface ScanResult {
  readonly devices: CandidateDevice[];
  readonly statuses: WatcherStatus[];
}

/** One reconcile pass without watching: what `cimo ports` prints. */
export async function scanDevices(options: DeviceWatcherOptions = {}): Promise<ScanResult> {
  const w = new DeviceWatcher(options);
  const statuses: WatcherStatus[] = [];
  w.on('status', (s) => statuses.push(s));
  await w.reconcile();
  return { devices: w.devices(), statuses: statuses.filter((s) => s.kind !== 'usb-ok') };
}
