import { write as fsWrite, writev as fsWritev } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { Link } from '../../protocol/link/link.js';
import { LinkClosedError, LinkDisconnectedError } from '../../protocol/link/link.js';
import { ChunkQueue } from './chunk-queue.js';
import { errorParts } from './errors.js';
import { mapSerialOpenError } from './serial-open-error.js';
import { WritableWait } from './writable-wait.js';
import { piecesAfter } from '../../protocol/bytes/pieces.js';

/**
 * Longest wait for a "writable" wake-up before a write retries anyway: a lost wake-up
 * costs at most this, never a stall.
 */
const WRITABLE_WAIT_MS = 20;

/** Options of `SerialLink`. */
export interface SerialLinkOptions {
  /** Device path: `/dev/ttyACM0`, `/dev/ttyUSB0`, `/dev/rfcomm0`, a pty or a symlink to one. */
  readonly path: string;
  /** Line speed; ignored by ptys and USB CDC-ACM but required by real UARTs. Default 115200. */
  readonly baudRate?: number;
  /** Take an exclusive `flock` so two programs cannot talk to one handset. Default true. */
  readonly lock?: boolean;
  /**
   * How often to check that the device node still exists, in ms (default 400). Reads
   * normally report a vanished peer at once (EIO/EBADF); the check guarantees the
   * one-second disconnect promise also while reading is paused by backpressure.
   */
  readonly presencePollMs?: number;
}

/**
 * A `Link` over a serial device (`serialport` v13 / bindings-cpp).
 *
 * Works on ttyACM/ttyUSB/rfcomm and on pseudo-terminals: the port is opened with
 * `hupcl: false` (do not drop DTR on close — a pty has no modem lines and some phones
 * reset on DTR drop), raw 8N1. Open failures are `LinkOpenError`s with codes
 * `port-not-found`, `permission-denied` (with the dialout/udev hint), `port-busy`.
 * A peer that goes away (pty master closed, USB unplugged) surfaces as
 * `LinkDisconnectedError` from `chunks()` and `write()` within one second.
 */
export class SerialLink implements Link {
  readonly description: string;
  private port: SerialPort | undefined;
  private readonly queue: ChunkQueue;
  private state: 'new' | 'opening' | 'open' | 'closed' | 'disconnected' = 'new';
  private disconnectError: LinkDisconnectedError | undefined;
  private readonly pendingWrites = new Set<(e: Error) => void>();
  private presenceTimer: NodeJS.Timeout | undefined;
  /** Tail of the write chain: writes go to the device one after another, in call order. */
  private writeChain: Promise<void> = Promise.resolve();
  /** Wakes a write that got EAGAIN when the device has room (undefined: retry on a timer). */
  private writable: WritableWait | undefined;

  constructor(private readonly options: SerialLinkOptions) {
    if (typeof options.path !== 'string' || options.path === '') {
      throw new TypeError('SerialLinkOptions.path must be a non-empty string');
    }
    this.description = `serial ${options.path}`;
    this.queue = new ChunkQueue({
      highWaterBytes: 1 << 20,
      pause: () => this.port?.pause(),
      resume: () => this.port?.resume(),
    });
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async open(): Promise<void> {
    if (this.state !== 'new') {
      if (this.state === 'open') return;
      throw new LinkClosedError(this.description);
    }
    this.state = 'opening';
    const { path } = this.options;
    try {
      await stat(path);
    } catch (e) {
      this.state = 'closed';
      throw mapSerialOpenError(path, e);
    }
    const port = new SerialPort({
      path,
      baudRate: this.options.baudRate ?? 115200,
      autoOpen: false,
      hupcl: false,
      lock: this.options.lock ?? true,
    });
    try {
      await new Promise<void>((resolve, reject) =>
        port.open((err) => (err ? reject(err) : resolve())),
      );
    } catch (e) {
      this.state = 'closed';
      throw mapSerialOpenError(path, e);
    }
    if (this.state !== 'opening') {
      // close() raced with open(): honour it.
      port.close(() => undefined);
      throw new LinkClosedError(this.description);
    }
    this.port = port;
    this.state = 'open';
    this.writable = WritableWait.open(path, port.port);
    port.on('data', (data: Buffer) => {
      this.queue.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
    });
    port.on('error', (err: unknown) => this.lost(errorParts(err).message));
    port.on('close', (err: unknown) => {
      if (this.state === 'open') this.lost(err ? errorParts(err).message : 'port closed');
    });
    this.presenceTimer = setInterval(() => {
      stat(path).catch(() => this.lost('device node vanished'));
    }, this.options.presencePollMs ?? 400);
    this.presenceTimer.unref();
  }

  async write(data: Uint8Array): Promise<void> {
    return this.writeAll([data]);
  }

  /** Gather write: the parts go to the descriptor with `writev`, none copied. */
  async writev(parts: readonly Uint8Array[]): Promise<void> {
    return this.writeAll(parts);
  }

  private async writeAll(all: readonly Uint8Array[]): Promise<void> {
    if (this.state === 'disconnected' && this.disconnectError) throw this.disconnectError;
    const port = this.port;
    if (this.state !== 'open' || port === undefined) throw new LinkClosedError(this.description);
    const parts = all.filter((p) => p.length > 0);
    if (parts.length === 0) return;
    const done = new Promise<void>((resolve, reject) => {
      const settle = (e: Error | undefined): void => {
        if (!this.pendingWrites.delete(fail)) return;
        if (e) reject(e);
        else resolve();
      };
      const fail = (e: Error): void => settle(e);
      this.pendingWrites.add(fail);
      const fd = (port.port as { fd?: number | null } | undefined)?.fd;
      const start = (): void => {
        if (!this.pendingWrites.has(fail)) return;
        if (typeof fd === 'number') {
          this.writeFd(fd, parts, 1, settle);
        } else {
          const data = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
          port.write(Buffer.from(data.buffer, data.byteOffset, data.length), (err) => {
            if (err) settle(this.asDisconnect(err.message));
            else settle(undefined);
          });
        }
      };
      this.writeChain = this.writeChain.then(
        () =>
          new Promise<void>((next) => {
            start();
            void done.then(next, next);
          }),
      );
    });
    await done;
  }

  /**
   * Writes straight to the descriptor (`writev` for several parts); on EAGAIN waits for
   * the device to have room; a short write goes on with what is left.
   *
   * Why not `port.write`: serialport's bindings wait for "writable" from the same poller
   * that watches "readable", and on a pty under a large OBEX GET that wake-up is sometimes
   * lost (the fd is writable, both queues are empty, the write never resolves — see
   * test/interop/serial-pty-stall.test.ts). Writing ourselves keeps that poller for reads
   * only. The wait is a {@link WritableWait} — a poll handle of its own on a second
   * descriptor, bounded by WRITABLE_WAIT_MS — so the write resumes as soon as the kernel
   * buffer drains; without one it is a timer backing off from 1 ms to 2 ms (a pty buffer
   * drains in well under a millisecond, so a longer wait only idles the link). No busy loop.
   */
  private writeFd(
    fd: number,
    parts: readonly Uint8Array[],
    delayMs: number,
    settle: (e: Error | undefined) => void,
  ): void {
    const written = (err: NodeJS.ErrnoException | null, n: number): void => {
      if (this.state !== 'open') {
        settle(this.disconnectError ?? new LinkClosedError(this.description));
      } else if (err) {
        if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK' || err.code === 'EINTR') {
          const retry = (): void => this.writeFd(fd, parts, Math.min(delayMs * 2, 2), settle);
          if (this.writable) void this.writable.wait(WRITABLE_WAIT_MS).then(retry);
          else setTimeout(retry, delayMs);
        } else {
          const e = this.asDisconnect(err.message);
          this.lost(err.message);
          settle(e);
        }
      } else {
        const rest = piecesAfter(parts, n);
        if (rest.length > 0) this.writeFd(fd, rest, 1, settle);
        else settle(undefined);
      }
    };
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined) fsWrite(fd, only, 0, only.length, null, written);
    else fsWritev(fd, parts as Uint8Array[], null, written);
  }

  private asDisconnect(detail: string): LinkDisconnectedError {
    return this.disconnectError ?? new LinkDisconnectedError(this.description, detail);
  }

  chunks(): AsyncIterable<Uint8Array> {
    return this.queue.iterate();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.stopPresence();
    this.stopWritable();
    this.queue.end();
    this.rejectPending(new LinkClosedError(this.description));
    const port = this.port;
    this.port = undefined;
    if (port !== undefined && wasOpen && port.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
  }

  /** The peer went away: fail the reader and writers, release the fd. */
  private lost(detail: string): void {
    if (this.state !== 'open') return;
    this.state = 'disconnected';
    this.stopPresence();
    this.stopWritable();
    this.disconnectError = new LinkDisconnectedError(this.description, detail);
    this.queue.fail(this.disconnectError);
    this.rejectPending(this.disconnectError);
    const port = this.port;
    if (port?.isOpen) port.close(() => undefined);
  }

  private rejectPending(e: Error): void {
    const pending = [...this.pendingWrites];
    for (const reject of pending) reject(e);
  }

  private stopWritable(): void {
    this.writable?.close();
    this.writable = undefined;
  }

  private stopPresence(): void {
    if (this.presenceTimer !== undefined) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }
}
