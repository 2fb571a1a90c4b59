import { LinkOpenError, errorParts } from './errors.js';

/** Where the how-to for device permissions lives (udev rules, dialout group). */
export const PERMISSION_HINT =
  'add yourself to the "dialout" group (sudo usermod -aG dialout $USER, then log in again) ' +
  'or install the udev rules from native-bridge/udev/ — see docs/LINUX.md';

/**
 * Maps whatever opening a serial device threw into a `LinkOpenError` naming the cause.
 *
 * Accepts both shapes seen in practice: Node errno errors (`code: 'EACCES'`, from `fs`)
 * and `@serialport/bindings-cpp` errors, which carry only a message built from
 * `strerror(errno)` (e.g. `Error: Permission denied, cannot open /dev/ttyACM0`,
 * `Error Resource temporarily unavailable Cannot lock port`).
 */
export function mapSerialOpenError(path: string, error: unknown): LinkOpenError {
  const link = `serial ${path}`;
  const { code, message } = errorParts(error);
  const text = message.toLowerCase();
  if (code === 'EACCES' || code === 'EPERM' || text.includes('permission denied')) {
    return new LinkOpenError(
      'permission-denied',
      link,
      `permission denied opening ${path}: ${PERMISSION_HINT}`,
      { cause: error },
    );
  }
  if (code === 'ENOENT' || text.includes('no such file')) {
    return new LinkOpenError(
      'port-not-found',
      link,
      `port not found: ${path} does not exist (is the handset plugged in and in the right USB mode?)`,
      { cause: error },
    );
  }
  if (
    code === 'EBUSY' ||
    code === 'EAGAIN' ||
    text.includes('cannot lock port') ||
    text.includes('resource busy') ||
    text.includes('temporarily unavailable')
  ) {
    return new LinkOpenError(
      'port-busy',
      link,
      `port busy: ${path} is in use by another program (ModemManager? another console?)`,
      { cause: error },
    );
  }
  return new LinkOpenError('port-open-failed', link, `cannot open ${path}: ${message}`, {
    cause: error,
  });
}
