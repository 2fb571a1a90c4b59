import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { CandidateDevice } from '../../../native-bridge/watch/candidate.js';
import type { SerialPortEntry } from '../../../native-bridge/watch/candidate.js';
import { DeviceWatcher, type WatcherStatus } from '../../../native-bridge/watch/device-watcher.js';
import { listSerialFromSysfs } from '../../../native-bridge/watch/sysfs-serial.js';
import { makeSysfsTree } from './fixtures/sysfs-tree.js';

/** `udevadm` is installed (package `udev`): udev's own list is the oracle. */
const hasUdevadm = spawnSync('udevadm', ['--version']).status === 0;

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A lister failing as `SerialPort.list()` does without udevadm: a real spawn ENOENT. */
function missingUdevadm(calls: { n: number }): () => Promise<readonly SerialPortEntry[]> {
  return () => {
    calls.n++;
    return new Promise((_, reject) => {
      spawn('cimo-test-no-such-udevadm', ['info', '-e']).once('error', reject);
    });
  };
}

describe('serial ports from sysfs', () => {
  it('lists the serial ports of a recorded tree with their USB identity, as udev would', () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-sysfs-'));
    const tree = makeSysfsTree(dir);
    expect(listSerialFromSysfs(tree)).toEqual([
      { path: join(tree.dev, 'rfcomm0') },
      {
        path: join(tree.dev, 'ttyACM0'),
        manufacturer: 'Nokia',
        serialNumber: '354321098765432',
        vendorId: '0421',
        productId: '0428',
      },
      { path: join(tree.dev, 'ttyS0') },
      {
        path: join(tree.dev, 'ttyUSB0'),
        manufacturer: 'FTDI',
        serialNumber: 'A50285BI',
        vendorId: '0403',
        productId: '6001',
      },
    ]);
  });

  it("lists only character devices on this machine's own sysfs", () => {
    const found = listSerialFromSysfs();
    for (const p of found) expect(statSync(p.path).isCharacterDevice(), p.path).toBe(true);
    // The virtual consoles and ptmx are never serial ports.
    expect(found.map((p) => p.path)).not.toContain('/dev/tty0');
    expect(found.map((p) => p.path)).not.toContain('/dev/ptmx');
    if (existsSync('/sys/class/tty/ttyS0/device') && existsSync('/dev/ttyS0'))
      expect(found.map((p) => p.path)).toContain('/dev/ttyS0');
  });

  it.skipIf(!hasUdevadm)(
    "agrees with udev's own list (SerialPort.list) on this machine",
    async () => {
      const byUdev = (await SerialPort.list())
        .filter((p) => existsSync(p.path))
        .map((p) => ({
          path: p.path,
          vendorId: p.vendorId,
          productId: p.productId,
          serialNumber: p.serialNumber,
        }));
      const ours = listSerialFromSysfs().map((p) => ({
        path: p.path,
        vendorId: p.vendorId,
        productId: p.productId,
        serialNumber: p.serialNumber,
      }));
      const byPath = (a: { path: string }, b: { path: string }): number =>
        a.path.localeCompare(b.path);
      expect(ours.sort(byPath)).toEqual(byUdev.sort(byPath));
    },
  );
});

describe('DeviceWatcher without udevadm', () => {
  it('reads serial ports from sysfs, says so once, and stops asking udevadm', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-sysfs-'));
    const tree = makeSysfsTree(dir);
    const calls = { n: 0 };
    const w = new DeviceWatcher({ usb: null, listUdev: missingUdevadm(calls), sysfs: tree });
    const statuses: WatcherStatus[] = [];
    const attached: CandidateDevice[] = [];
    w.on('status', (s) => statuses.push(s));
    w.on('attach', (d) => attached.push(d));
    await w.reconcile();
    await w.reconcile();
    expect(calls.n).toBe(1);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.kind).toBe('serial-list-sysfs');
    expect(statuses[0] && 'message' in statuses[0] ? statuses[0].message : '').toContain(
      'udevadm is not installed',
    );
    expect(attached.map((d) => [d.kind, d.path, d.reason])).toEqual([
      ['rfcomm', join(tree.dev, 'rfcomm0'), 'Bluetooth RFCOMM tty (OBEX over RFCOMM)'],
      [
        'usb-acm-modem',
        join(tree.dev, 'ttyACM0'),
        'USB CDC ACM modem tty (0421:0428): AT, then AT+CPROT=0',
      ],
      ['serial', join(tree.dev, 'ttyS0'), 'serial port (no USB identity)'],
      ['serial', join(tree.dev, 'ttyUSB0'), 'USB serial adapter (0403:6001)'],
    ]);
  });

  it('reports any other failure of the udev listing as before, without sysfs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-sysfs-'));
    const tree = makeSysfsTree(dir);
    const w = new DeviceWatcher({
      usb: null,
      listUdev: () => Promise.reject(new Error('udevadm exited with error code: 1')),
      sysfs: tree,
    });
    const statuses: WatcherStatus[] = [];
    w.on('status', (s) => statuses.push(s));
    await w.reconcile();
    expect(statuses).toEqual([
      { kind: 'serial-list-failed', message: 'Error: udevadm exited with error code: 1' },
    ]);
    expect(w.devices()).toEqual([]);
  });
});
