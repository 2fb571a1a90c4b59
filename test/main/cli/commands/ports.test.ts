import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PortsUsageError,
  parseEndpoint,
  portsAction,
} from '../../../../main/cli/commands/ports.js';
import { UsbUnavailableError, type UsbBus } from '../../../../native-bridge/usb/usb-device.js';
import { makePtyPair, type PtyPair } from '../../../native-bridge/support/socat-pty.js';
import { ReplayUsbBus, ReplayUsbDevice } from '../../../native-bridge/support/replay-usb.js';
import {
  nokiaLikeDescriptors,
  nokiaLikeStrings,
} from '../../../native-bridge/usb/fixtures/nokia-like-phone.js';
import { makeSysfsTree } from '../../../native-bridge/watch/fixtures/sysfs-tree.js';

const noUsb: UsbBus = {
  list: () =>
    Promise.reject(new UsbUnavailableError('no USB bus: /sys/bus/usb/devices/ not found')),
  watch: () => Promise.reject(new UsbUnavailableError('no USB bus')),
};

let pair: PtyPair | undefined;
let dir = '';
afterEach(async () => {
  await pair?.dispose();
  pair = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(options: Parameters<typeof portsAction>[0], usb: UsbBus): Promise<string> {
  let text = '';
  await portsAction(options, (t) => (text += t), { usb, listSerial: async () => [] });
  return text;
}

describe('cimo ports', () => {
  it('lists a watched pty and a TCP endpoint, with no USB bus as a note line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-ports-'));
    pair = await makePtyPair({ dir, a: 'ttyBench0', b: 'peer' });
    const text = await run({ watchPath: [join(dir, 'tty*')], tcp: ['127.0.0.1:650'] }, noUsb);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+WHERE\s+REASON$/);
    expect(lines[1]).toMatch(
      new RegExp(`^serial\\s+${join(dir, 'ttyBench0')}\\s+configured serial path`),
    );
    expect(lines[2]).toMatch(/^tcp\s+127\.0\.0\.1:650\s+configured OBEX-over-TCP endpoint$/);
    expect(lines[3]).toBe(
      'note: no USB bus: /sys/bus/usb/devices/ not found — USB handsets cannot be seen; serial ports and TCP endpoints are still listed',
    );
    expect(lines).toHaveLength(4);
  });

  it('prints JSON with the classification and reason of a replayed CDC-OBEX phone', async () => {
    const phone = new ReplayUsbDevice(
      {
        bus: '1',
        ports: [4],
        vendorId: 0x0421,
        productId: 0x0428,
        serialNumber: 'X',
        product: 'Nokia 6230i',
      },
      nokiaLikeDescriptors,
      nokiaLikeStrings,
    );
    const parsed = JSON.parse(await run({ json: true }, new ReplayUsbBus([phone]))) as {
      devices: Array<{ key: string; kind: string; reason: string; label: string }>;
      notes: unknown[];
    };
    expect(parsed.notes).toEqual([]);
    expect(parsed.devices).toHaveLength(1);
    expect(parsed.devices[0]).toMatchObject({
      key: 'usb:1-4:0421:0428:X',
      kind: 'usb-cdc-obex',
      label: 'Nokia 6230i',
    });
    expect(parsed.devices[0]?.reason).toContain(
      'interface 5, data interface 6 alt 1 (PC Suite Services)',
    );
  });

  it('says so when nothing is found', async () => {
    expect(await run({}, new ReplayUsbBus([]))).toBe('no candidate handsets found\n');
  });

  it('rejects a malformed --tcp endpoint as usage error', () => {
    expect(parseEndpoint('[::1]:650')).toEqual({ host: '::1', port: 650 });
    expect(() => parseEndpoint('phone.local')).toThrow(PortsUsageError);
    expect(() => parseEndpoint('phone.local:70000')).toThrow(PortsUsageError);
  });
});

describe('cimo ports without udevadm', () => {
  it('lists the serial ports sysfs has, with a note saying where they came from', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cimo-ports-'));
    const tree = makeSysfsTree(dir);
    let text = '';
    await portsAction({}, (t) => (text += t), {
      usb: noUsb,
      listUdev: () =>
        new Promise((_, reject) => {
          spawn('cimo-test-no-such-udevadm').once('error', reject);
        }),
      sysfs: tree,
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+WHERE\s+REASON$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^usb-acm-modem\\s+${join(tree.dev, 'ttyACM0')}\\s+USB CDC ACM modem tty \\(0421:0428\\)`,
        ),
      ),
    );
    expect(lines.at(-1)).toMatch(
      /^note: udevadm is not installed \(spawn cimo-test-no-such-udevadm ENOENT\): serial ports are read from sysfs \(\/sys\/class\/tty; no \/dev\/serial\/by-id names\)$/,
    );
  });
});
