import { concatBytes } from '../../protocol/bytes/concat.js';
import type { Link } from '../../protocol/link/link.js';
import { LinkClosedError, LinkDisconnectedError } from '../../protocol/link/link.js';
import {
  chooseCdcObexFunction,
  findCdcObexFunctions,
  type CdcObexFunction,
} from '../usb/cdc-obex-select.js';
import { parseSysfsDescriptors } from '../usb/descriptors.js';
import type { UsbDeviceHandle } from '../usb/usb-device.js';
import { vidPid } from '../usb/usb-device.js';
import { ChunkQueue } from './chunk-queue.js';
import { LinkOpenError, errorParts } from './errors.js';

/** Options of `UsbCdcObexLink`. */
export interface UsbCdcObexOptions {
  /** Prefer the OBEX function with this interface name, e.g. `SYNCML-DM` or `SYNCML-SYNC`. */
  readonly preferName?: string;
  /** Bytes asked for per bulk IN transfer (default 16 KiB, at least one max packet). */
  readonly readSize?: number;
}

/**
 * A `Link` over the bulk pipes of a phone's CDC-OBEX (WMC) function.
 *
 * `open()` reads the raw descriptors, finds the CDC subclass 0x0B control interface and
 * its Union data interface, opens the device, detaches kernel drivers, claims both
 * interfaces, selects the data interface's active alternate setting (the one with the
 * bulk pair) and starts a bulk IN loop. `close()` selects the idle setting again,
 * releases the interfaces and closes the device. A failing transfer (unplug) ends
 * `chunks()` with `LinkDisconnectedError`.
 */
export class UsbCdcObexLink implements Link {
  readonly description: string;
  /**
   * Received data not yet taken by the reader; above 1 MiB the read loop stops asking the
   * device for more (the device then NAKs and holds its data), as the TCP and serial links
   * pause their transport — a peer that sends unasked (OBEX Single Response Mode) is held
   * back instead of filling memory.
   */
  private readonly queue = new ChunkQueue({
    highWaterBytes: 1 << 20,
    pause: () => {
      this.resumed ??= new Promise<void>((resolve) => (this.resume = resolve));
    },
    resume: () => this.wakeReader(),
  });
  private resumed: Promise<void> | undefined;
  private resume: (() => void) | undefined;
  private state: 'new' | 'opening' | 'open' | 'closed' | 'disconnected' = 'new';
  private fn: CdcObexFunction | undefined;
  private disconnectError: LinkDisconnectedError | undefined;

  constructor(
    private readonly device: UsbDeviceHandle,
    private readonly options: UsbCdcObexOptions = {},
  ) {
    const { bus, ports } = device.info;
    this.description = `usb ${bus}-${ports.join('.')} ${vidPid(device.info)}`;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** The function in use (after `open()`). */
  get function(): CdcObexFunction | undefined {
    return this.fn;
  }

  async open(): Promise<void> {
    if (this.state === 'open') return;
    if (this.state !== 'new') throw new LinkClosedError(this.description);
    this.state = 'opening';
    try {
      this.fn = await this.select();
    } catch (e) {
      this.state = 'closed';
      throw e;
    }
    const fn = this.fn;
    const d = this.device;
    try {
      await d.open();
      await d.detachKernelDriver(fn.controlInterface);
      await d.detachKernelDriver(fn.dataInterface);
      await d.claimInterface(fn.controlInterface);
      await d.claimInterface(fn.dataInterface);
      await d.selectAlternateSetting(fn.dataInterface, fn.activeAltSetting);
    } catch (e) {
      this.state = 'closed';
      await d.close().catch(() => undefined);
      const { code, message } = errorParts(e);
      const denied = code === 'EACCES' || /access|permission/i.test(message);
      throw new LinkOpenError(
        denied ? 'permission-denied' : 'usb-claim-failed',
        this.description,
        denied
          ? `permission denied on the USB device: install the udev rules from native-bridge/udev/ (see docs/LINUX.md)`
          : `cannot claim CDC-OBEX interfaces ${fn.controlInterface}/${fn.dataInterface}: ${message}`,
        { cause: e },
      );
    }
    this.state = 'open';
    void this.readLoop(fn);
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.state === 'disconnected' && this.disconnectError) throw this.disconnectError;
    if (this.state !== 'open' || this.fn === undefined) throw new LinkClosedError(this.description);
    if (data.length === 0) return;
    try {
      // OBEX packets carry their own length, so no zero-length packet is needed at a
      // max-packet boundary (OpenOBEX usbobex does not send one either).
      await this.device.transferOut(this.fn.bulkOut.number, data);
    } catch (e) {
      if (this.closedLocally()) throw new LinkClosedError(this.description);
      throw this.lost(errorParts(e).message);
    }
  }

  /** Gather write: one bulk OUT transfer takes one buffer, so the parts are joined. */
  writev(parts: readonly Uint8Array[]): Promise<void> {
    return this.write(concatBytes(...parts));
  }

  chunks(): AsyncIterable<Uint8Array> {
    return this.queue.iterate();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.queue.end();
    this.wakeReader(); // a paused read loop ends
    const fn = this.fn;
    if (!wasOpen || fn === undefined) return;
    const d = this.device;
    if (fn.idleAltSetting !== undefined) {
      await d.selectAlternateSetting(fn.dataInterface, fn.idleAltSetting).catch(() => undefined);
    }
    await d.releaseInterface(fn.dataInterface).catch(() => undefined);
    await d.releaseInterface(fn.controlInterface).catch(() => undefined);
    await d.close().catch(() => undefined);
  }

  private async select(): Promise<CdcObexFunction> {
    const raw = await this.device.readDescriptors();
    const { configurations } = parseSysfsDescriptors(raw);
    const reasons: string[] = [];
    for (const config of configurations) {
      const { functions, rejected } = findCdcObexFunctions(config);
      reasons.push(...rejected.map((r) => r.reason));
      if (functions.length === 0) continue;
      const names = new Map<number, string>();
      for (const f of functions) {
        const name = await this.device.readString(f.nameIndex);
        if (name !== undefined) names.set(f.nameIndex, name);
      }
      const chosen = chooseCdcObexFunction(functions, names, this.options.preferName);
      if (chosen) return chosen;
    }
    throw new LinkOpenError(
      'usb-no-obex-interface',
      this.description,
      `no usable CDC-OBEX interface (class 0x02 subclass 0x0B)${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    );
  }

  private async readLoop(fn: CdcObexFunction): Promise<void> {
    const size = Math.max(this.options.readSize ?? 16384, fn.bulkIn.maxPacketSize);
    while (this.state === 'open') {
      if (this.resumed) await this.resumed;
      if (this.state !== 'open') return;
      try {
        const data = await this.device.transferIn(fn.bulkIn.number, size);
        if (this.state !== 'open') return;
        this.queue.push(data);
      } catch (e) {
        if (this.state === 'open') this.lost(errorParts(e).message);
        return;
      }
    }
  }

  private wakeReader(): void {
    const resume = this.resume;
    this.resumed = undefined;
    this.resume = undefined;
    resume?.();
  }

  /** Re-reads the state after an await (TypeScript keeps the narrowed type across it). */
  private closedLocally(): boolean {
    return this.state === 'closed';
  }

  private lost(detail: string): LinkDisconnectedError {
    if (this.state === 'open') {
      this.state = 'disconnected';
      this.disconnectError = new LinkDisconnectedError(this.description, detail);
      this.queue.fail(this.disconnectError);
      this.wakeReader();
      void this.device.close().catch(() => undefined);
    }
    return this.disconnectError ?? new LinkDisconnectedError(this.description, detail);
  }
}
