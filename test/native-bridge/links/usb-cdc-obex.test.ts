import { describe, expect, it } from 'vitest';
import { UsbCdcObexLink } from '../../../native-bridge/links/usb-cdc-obex.js';
import { isLinkOpenError } from '../../../native-bridge/links/errors.js';
import { nodeUsbBus } from '../../../native-bridge/usb/node-usb-bus.js';
import { isUsbUnavailable } from '../../../native-bridge/usb/usb-device.js';
import { LinkDisconnectedError } from '../../../protocol/link/link.js';
import { ReplayUsbDevice } from '../support/replay-usb.js';
import { nokiaLikeDescriptors, nokiaLikeStrings } from '../usb/fixtures/nokia-like-phone.js';

const info = {
  bus: '1',
  ports: [3, 4],
  vendorId: 0x0421,
  productId: 0x0428,
  serialNumber: '356789012345678',
};
const phone = (): ReplayUsbDevice =>
  new ReplayUsbDevice(info, nokiaLikeDescriptors, nokiaLikeStrings);

describe('UsbCdcObexLink', () => {
  it('claims the CDC-OBEX interfaces, selects the bulk alt setting and streams both ways', async () => {
    const dev = phone();
    const link = new UsbCdcObexLink(dev, { preferName: 'SYNCML-SYNC' });
    await link.open();
    expect(link.description).toBe('usb 1-3.4 0421:0428');
    expect(link.function?.controlInterface).toBe(3);
    await link.write(new Uint8Array([0x80, 0x00, 0x07, 0x10, 0x00, 0x04, 0x00]));
    dev.phoneSends(new Uint8Array([0xa0, 0x00, 0x03]));
    const it = link.chunks()[Symbol.asyncIterator]();
    expect([...((await it.next()).value as Uint8Array)]).toEqual([0xa0, 0x00, 0x03]);
    expect(dev.sent.map((b) => b.length)).toEqual([7]);
    await link.close();
    await link.close();
    expect(dev.calls).toEqual([
      'readDescriptors',
      'open',
      'detach 3',
      'detach 4',
      'claim 3',
      'claim 4',
      'alt 4.1',
      'in 2',
      'out 2',
      'alt 4.0',
      'release 4',
      'release 3',
      'close',
    ]);
    expect((await it.next()).done).toBe(true);
  });

  it('stops reading the device while more than 1 MiB waits for the reader, and reads on after', async () => {
    const dev = phone();
    const piece = 64 * 1024;
    for (let i = 0; i < 40; i++) dev.phoneSends(new Uint8Array(piece).fill(i));
    const link = new UsbCdcObexLink(dev, { readSize: piece });
    await link.open();
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
    // Paused once more than 1 MiB (16 pieces) was buffered: the rest stays on the device.
    expect(dev.unread).toBe(40 - 17);
    let got = 0;
    let last = -1;
    for await (const chunk of link.chunks()) {
      expect(chunk[0]).toBe(last + 1);
      last = chunk[0] as number;
      got += chunk.length;
      if (got === 40 * piece) break;
    }
    expect(dev.unread).toBe(0);
    await link.close();
  });

  it('defaults to the WMC default OBEX server function', async () => {
    const dev = phone();
    const link = new UsbCdcObexLink(dev);
    await link.open();
    expect(link.function?.bulkIn.address).toBe(0x84);
    await link.close();
  });

  it('throws LinkDisconnectedError when the phone is unplugged', async () => {
    const dev = phone();
    const link = new UsbCdcObexLink(dev);
    await link.open();
    const reading = (async () => {
      for await (const _c of link.chunks()) {
        // draining
      }
    })();
    dev.unplug();
    await expect(reading).rejects.toBeInstanceOf(LinkDisconnectedError);
    await expect(link.write(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkDisconnectedError);
    expect(link.isOpen).toBe(false);
  });

  it('refuses a device without a CDC-OBEX interface', async () => {
    const acmOnly = nokiaLikeDescriptors.slice();
    // Turn both OBEX control interfaces (subclass 0x0B) into vendor-specific ones.
    for (let i = 0; i + 8 < acmOnly.length; i++) {
      if (acmOnly[i] === 9 && acmOnly[i + 1] === 4 && acmOnly[i + 6] === 0x0b)
        acmOnly[i + 5] = 0xff;
    }
    const link = new UsbCdcObexLink(new ReplayUsbDevice(info, acmOnly, nokiaLikeStrings));
    const err = await link.open().catch((e: unknown) => e);
    expect(isLinkOpenError(err) && err.code).toBe('usb-no-obex-interface');
  });
});

describe('nodeUsbBus', () => {
  it('reports a missing USB bus as UsbUnavailableError, not a crash', async () => {
    // This build machine has no /sys/bus/usb; on a workstation the list is simply returned.
    const bus = nodeUsbBus();
    const result = await bus.list().then(
      (devices) => ({ devices }),
      (e: unknown) => ({ error: e }),
    );
    if ('error' in result) {
      expect(isUsbUnavailable(result.error)).toBe(true);
      expect(String(result.error)).toMatch(/no USB bus|unavailable/);
    } else {
      expect(Array.isArray(result.devices)).toBe(true);
    }
  });
});
