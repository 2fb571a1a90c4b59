/**
 * Serial ports read from sysfs, for machines without `udevadm`: containers that were
 * given a handset's device node (`docker run --device /dev/ttyACM0`), minimal
 * installations, some sandboxes. `SerialPort.list()` asks `udevadm info -e` and fails
 * there, which would leave the watcher blind to every serial handset.
 *
 * The same ports `SerialPort.list()` reports, found the way udev finds them: every
 * `/sys/class/tty/<name>` whose name is a serial port's (ttyACM, ttyUSB, ttyS, ttyAMA,
 * ttyO, ttyMFD, ttyWCH, ttyXRUSB, rfcomm) and that has a node in `/dev`. The USB
 * identity (vendor, product, serial number, manufacturer) comes from the nearest USB
 * device above the port, whose `idVendor`, `idProduct`, `serial` and `manufacturer` files
 * are what udev copies into its `ID_…` properties. What only udev rules make (the
 * `/dev/serial/by-id` names) is missing.
 */
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { SerialPortEntry } from './candidate.js';

/** Where to look (tests point them at a recorded tree). */
export interface SysfsRoots {
  /** The sysfs mount; default `/sys`. */
  readonly sys?: string;
  /** Where device nodes live; default `/dev`. */
  readonly dev?: string;
}

/** Names `SerialPort.list()` keeps (its Linux lister's filter), as whole names. */
const SERIAL_NAME = /^(?:tty(?:S|WCH|ACM|USB|AMA|MFD|O|XRUSB)\d+|rfcomm\d+)$/;

/** The serial ports under `roots.sys`/class/tty with a node under `roots.dev`, by name. */
export function listSerialFromSysfs(roots: SysfsRoots = {}): SerialPortEntry[] {
  const sys = roots.sys ?? '/sys';
  const dev = roots.dev ?? '/dev';
  const classDir = join(sys, 'class', 'tty');
  const top = realOrUndefined(sys) ?? sys;
  const out: SerialPortEntry[] = [];
  for (const name of readdirSync(classDir).sort()) {
    if (!SERIAL_NAME.test(name)) continue;
    const path = join(dev, name);
    if (!existsSync(path)) continue;
    const device = realOrUndefined(join(classDir, name, 'device'));
    const usb = device === undefined ? undefined : usbDeviceAbove(device, top);
    out.push({
      path,
      manufacturer: usb && attr(usb, 'manufacturer'),
      serialNumber: usb && attr(usb, 'serial'),
      vendorId: usb && attr(usb, 'idVendor'),
      productId: usb && attr(usb, 'idProduct'),
    });
  }
  return out;
}

/** The nearest folder at or above `from` (below `top`, sysfs's real path) that is a USB device. */
function usbDeviceAbove(from: string, top: string): string | undefined {
  for (let dir = from; isInside(top, dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'idVendor')) && existsSync(join(dir, 'idProduct'))) return dir;
  }
  return undefined;
}

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..';
}

/** A sysfs attribute's text, trimmed; undefined when absent or empty. */
function attr(dir: string, name: string): string | undefined {
  try {
    const text = readFileSync(join(dir, name), 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
