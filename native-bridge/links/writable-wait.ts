import { closeSync, constants, openSync } from 'node:fs';

/** The part of @serialport/bindings-cpp's `Poller` (a uv_poll handle on one fd) we use. */
interface FdPoller {
  once(event: 'writable', listener: (error: Error | null) => void): unknown;
  removeListener(event: 'writable', listener: (error: Error | null) => void): unknown;
  stop(): void;
  destroy(): void;
}

type FdPollerClass = new (fd: number) => FdPoller;

/**
 * Tells when a serial device can take more bytes, so a writer that got EAGAIN retries as
 * soon as the kernel's output buffer has room instead of after a fixed timer (on a pty
 * that drains in ~0.2 ms, a 1–2 ms timer left the link idle most of each wait).
 *
 * How: a second descriptor on the same device (read-only, O_NOCTTY, non-blocking; it is
 * never read or written) with a uv_poll handle of its own, made with the bindings' own
 * `Poller` class, armed for "writable" only. Writability is a property of the tty, so the
 * second descriptor sees it for the first. It cannot lose the wake-up the way the port's
 * shared poller does (serialport's Poller arms only the newest interest, so "writable"
 * and "readable" on one handle displace each other — test/interop/serial-pty-stall).
 * As a second line of defence every wait also ends after `maxWaitMs`.
 */
export class WritableWait {
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly poller: FdPoller,
  ) {}

  /**
   * A waiter for the device at `path`, given the port's binding (serialport's
   * `port.port`, whose `poller` is a bindings-cpp Poller); undefined when the binding has
   * no poller (other platforms, mocks) or the second open fails — callers then fall back
   * to a timer.
   */
  static open(path: string, binding: unknown): WritableWait | undefined {
    const poller = (binding as { poller?: unknown } | undefined)?.poller;
    if (typeof poller !== 'object' || poller === null) return undefined;
    const Poller = poller.constructor as FdPollerClass;
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch {
      return undefined;
    }
    try {
      return new WritableWait(fd, new Poller(fd));
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  /** Resolves once the device reports room for output, or after `maxWaitMs`, or on close. */
  wait(maxWaitMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.poller.removeListener('writable', done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.poller.once('writable', done);
    });
  }

  /** Stops polling and closes the second descriptor; pending waits resolve. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // As the bindings close their own port: stop the uv_poll before its descriptor goes
    // (an active poll on a closed fd crashes libuv), then drop the handle.
    try {
      this.poller.stop();
    } catch {
      // Stopping an idle handle cannot fail in practice; the descriptor still must close.
    }
    this.poller.destroy();
    try {
      closeSync(this.fd);
    } catch {
      // Already gone with the device.
    }
  }
}
