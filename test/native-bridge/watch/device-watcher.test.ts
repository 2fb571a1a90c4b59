import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CandidateDevice } from '../../../native-bridge/watch/candidate.js';
import {
  DeviceWatcher,
  scanDevices,
  type WatcherStatus,
} from '../../../native-bridge/watch/device-watcher.js';
import { UsbUnavailableError, type UsbBus } from '../../../native-bridge/usb/usb-device.js';
import { makePtyPair, waitFor, type PtyPair } from '../support/socat-pty.js';
import { ReplayUsbBus, ReplayUsbDevice } from '../support/replay-usb.js';
import { nokiaLikeDescriptors, nokiaLikeStrings } from '../usb/fixtures/nokia-like-phone.js';

const noUsb: UsbBus = {
  list: () =>
    Promise.reject(new UsbUnavailableError('no USB bus: /sys/bus/usb/devices/ not found')),
  watch: () => Promise.reject(new UsbUnavailableError('no USB bus')),
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function record(w: DeviceWatcher): {
  log: string[];
  statuses: WatcherStatus[];
  devices: CandidateDevice[];
} {
  const log: string[] = [];
  const statuses: WatcherStatus[] = [];
  const devices: CandidateDevice[] = [];
  w.on('attach', (d) => {
    log.push(`+${d.key}`);
    devices.push(d);
  });
  w.on('detach', (d) => log.push(`-${d.key}`));
  w.on('status', (s) => statuses.push(s));
  return { log, statuses, devices };
}

describe('DeviceWatcher', () => {
  it('reports ptys appearing and disappearing under a watched glob with stable keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cimo-watch-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await makePtyPair({ dir, a: 'ttyBench0', b: 'peer0' });
    cleanups.push(() => first.dispose());
    const w = new DeviceWatcher({
      usb: noUsb,
      listSerial: async () => [],
      serialPaths: [join(dir, 'tty*')],
      reconcileIntervalMs: 50,
    });
    cleanups.push(() => w.stop());
    const { log, statuses } = record(w);
    await w.start();
    const k0 = `serial:${join(dir, 'ttyBench0')}`;
    const k1 = `serial:${join(dir, 'ttyBench1')}`;
    expect(log).toEqual([`+${k0}`]); // present at start = attach
    let second: PtyPair | undefined = await makePtyPair({ dir, a: 'ttyBench1', b: 'peer1' });
    cleanups.push(() => second?.dispose());
    await waitFor(() => log.length >= 2, 3000, 'attach of ttyBench1');
    await second.kill(); // socat removes its links: the device vanishes
    second = undefined;
    await waitFor(() => log.length >= 3, 3000, 'detach of ttyBench1');
    await new Promise((r) => setTimeout(r, 200)); // several more passes: nothing new
    expect(log).toEqual([`+${k0}`, `+${k1}`, `-${k1}`]);
    expect(w.devices().map((d) => d.key)).toEqual([k0]);
    expect(w.devices()[0]).toMatchObject({ kind: 'serial', reason: 'configured serial path' });
    expect(statuses.filter((s) => s.kind === 'no-usb-bus')).toHaveLength(1);
  });

  it('reports a missing USB bus once and keeps serial and TCP working', async () => {
    const w = new DeviceWatcher({
      usb: noUsb,
      listSerial: async () => [
        { path: '/dev/rfcomm0' },
        { path: '/dev/ttyACM0', vendorId: '0421', productId: '0428' },
      ],
      tcpEndpoints: [{ host: '127.0.0.1', port: 650 }],
      reconcileIntervalMs: 20,
    });
    cleanups.push(() => w.stop());
    const { statuses, devices } = record(w);
    await w.start();
    await new Promise((r) => setTimeout(r, 120));
    expect(statuses).toEqual([
      { kind: 'no-usb-bus', message: 'no USB bus: /sys/bus/usb/devices/ not found' },
    ]);
    expect(devices.map((d) => [d.key, d.kind])).toEqual([
      ['serial:/dev/rfcomm0', 'rfcomm'],
      ['serial:/dev/ttyACM0', 'usb-acm-modem'],
      ['tcp:127.0.0.1:650', 'tcp'],
    ]);
    expect(devices[1]?.reason).toContain('0421:0428');
  });

  it('classifies a replayed CDC-OBEX phone and follows its hotplug', async () => {
    const info = {
      bus: '2',
      ports: [1, 3],
      vendorId: 0x0421,
      productId: 0x0428,
      serialNumber: 'SN1',
    };
    const phone = new ReplayUsbDevice(info, nokiaLikeDescriptors, nokiaLikeStrings);
    const bus = new ReplayUsbBus([]);
    const w = new DeviceWatcher({
      usb: bus,
      listSerial: async () => [],
      reconcileIntervalMs: 10_000,
    });
    cleanups.push(() => w.stop());
    const { log, devices, statuses } = record(w);
    await w.start();
    expect(log).toEqual([]);
    bus.plug(phone);
    await waitFor(() => log.length === 1, 2000, 'usb attach');
    expect(devices[0]).toMatchObject({
      key: 'usb:2-1.3:0421:0428:SN1',
      kind: 'usb-cdc-obex',
      reason:
        'CDC subclass 0x0B interface 3, data interface 4 alt 1 (SYNCML-SYNC); ' +
        'CDC subclass 0x0B interface 5, data interface 6 alt 1 (PC Suite Services)',
    });
    bus.unplug(phone);
    expect(log).toEqual(['+usb:2-1.3:0421:0428:SN1', '-usb:2-1.3:0421:0428:SN1']);
    expect(statuses).toEqual([{ kind: 'usb-ok' }]);
  });
});

describe('scanDevices', () => {
  it('lists present devices once, with the no-USB note as a status', async () => {
    const acmOnly = nokiaLikeDescriptors.slice();
    for (let i = 0; i + 8 < acmOnly.length; i++) {
      if (acmOnly[i] === 9 && acmOnly[i + 1] === 4 && acmOnly[i + 6] === 0x0b)
        acmOnly[i + 5] = 0xff;
    }
    const modem = new ReplayUsbDevice(
      { bus: '1', ports: [2], vendorId: 0x0421, productId: 0x0001 },
      acmOnly,
      nokiaLikeStrings,
    );
    const r = await scanDevices({ usb: new ReplayUsbBus([modem]), listSerial: async () => [] });
    expect(r.devices.map((d) => [d.kind, d.reason])).toEqual([
      [
        'usb-acm-modem',
        'CDC ACM (subclass 0x02) interface 1, no CDC-OBEX function: use AT+CPROT=0',
      ],
    ]);
    const none = await scanDevices({ usb: noUsb, listSerial: async () => [] });
    expect(none).toEqual({
      devices: [],
      statuses: [{ kind: 'no-usb-bus', message: 'no USB bus: /sys/bus/usb/devices/ not found' }],
    });
  });
});
