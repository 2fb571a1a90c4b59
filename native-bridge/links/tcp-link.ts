import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Link } from '../../protocol/link/link.js';
import { LinkClosedError, LinkDisconnectedError } from '../../protocol/link/link.js';
import { ChunkQueue } from './chunk-queue.js';
import { LinkOpenError, errorParts } from './errors.js';

/** IANA port 650 "obex" (OpenOBEX InOBEX default). */
export const OBEX_TCP_PORT = 650;

/** Options of a TCP client link. */
export interface TcpLinkOptions {
  readonly host: string;
  /** Default `OBEX_TCP_PORT` (650). */
  readonly port?: number;
  /** Give up connecting after this many ms (default 5000). */
  readonly connectTimeoutMs?: number;
}

/**
 * A `Link` over one TCP connection (OBEX over TCP). Created either unconnected (client:
 * `open()` connects) or around an accepted socket (server side, already open).
 *
 * Open failures are `LinkOpenError`s with `connection-refused`, `connect-timeout`,
 * `host-not-found` or `connect-failed`. A peer close (FIN) or reset surfaces as
 * `LinkDisconnectedError`: OBEX has no use for half-closed connections.
 */
export class TcpLink implements Link {
  readonly description: string;
  private socket: Socket | undefined;
  private readonly queue: ChunkQueue;
  private state: 'new' | 'opening' | 'open' | 'closed' | 'disconnected' = 'new';
  private disconnectError: LinkDisconnectedError | undefined;
  private readonly pendingWrites = new Set<(e: Error) => void>();

  /** Client side: call `open()` to connect. */
  constructor(options: TcpLinkOptions);
  /** Server side: wraps an accepted, connected socket. */
  constructor(options: { readonly accepted: Socket; readonly description: string });
  constructor(
    private readonly options:
      TcpLinkOptions | { readonly accepted: Socket; readonly description: string },
  ) {
    this.queue = new ChunkQueue({
      highWaterBytes: 1 << 20,
      pause: () => this.socket?.pause(),
      resume: () => this.socket?.resume(),
    });
    if ('accepted' in options) {
      this.description = options.description;
      this.attach(options.accepted);
    } else {
      if (typeof options.host !== 'string' || options.host === '') {
        throw new TypeError('TcpLinkOptions.host must be a non-empty string');
      }
      const port = options.port ?? OBEX_TCP_PORT;
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new TypeError('TcpLinkOptions.port must be an integer 1..65535');
      }
      this.description = `tcp ${options.host}:${port}`;
    }
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async open(): Promise<void> {
    if (this.state === 'open') return;
    if (this.state !== 'new' || 'accepted' in this.options) {
      throw new LinkClosedError(this.description);
    }
    this.state = 'opening';
    const { host } = this.options;
    const port = this.options.port ?? OBEX_TCP_PORT;
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    const socket = createConnection({ host, port });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new LinkOpenError(
              'connect-timeout',
              this.description,
              `connect timed out after ${timeoutMs} ms (is the handset on the network and listening on port ${port}?)`,
            ),
          );
        }, timeoutMs);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (e) => {
          clearTimeout(timer);
          reject(this.mapConnectError(e, host, port));
        });
      });
    } catch (e) {
      socket.destroy();
      this.state = 'closed';
      throw e;
    }
    if (this.state !== 'opening') {
      socket.destroy();
      throw new LinkClosedError(this.description);
    }
    this.attach(socket);
  }

  async write(data: Uint8Array): Promise<void> {
    return this.writeAll([data]);
  }

  /**
   * Gather write: the parts are queued on the corked socket and go out together (Node
   * hands them to one `writev` call), none copied.
   */
  async writev(parts: readonly Uint8Array[]): Promise<void> {
    return this.writeAll(parts);
  }

  private async writeAll(all: readonly Uint8Array[]): Promise<void> {
    if (this.state === 'disconnected' && this.disconnectError) throw this.disconnectError;
    const socket = this.socket;
    if (this.state !== 'open' || socket === undefined) throw new LinkClosedError(this.description);
    const parts = all.filter((p) => p.length > 0);
    if (parts.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error): void => {
        if (this.pendingWrites.delete(fail)) reject(e);
      };
      this.pendingWrites.add(fail);
      const done = (err: Error | null | undefined): void => {
        if (!this.pendingWrites.delete(fail)) return;
        if (err)
          reject(this.disconnectError ?? new LinkDisconnectedError(this.description, err.message));
        else resolve();
      };
      const last = parts.length - 1;
      if (last > 0) socket.cork();
      // Node calls every write's callback in order: the last one's means all are written.
      for (let i = 0; i < last; i++) socket.write(parts[i] as Uint8Array);
      socket.write(parts[last] as Uint8Array, done);
      if (last > 0) socket.uncork();
    });
  }

  chunks(): AsyncIterable<Uint8Array> {
    return this.queue.iterate();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.queue.end();
    this.rejectPending(new LinkClosedError(this.description));
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        // Do not wait for a peer that never acknowledges the FIN.
        setTimeout(() => socket.destroy(), 500).unref();
      });
    }
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    this.state = 'open';
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) =>
      this.queue.push(new Uint8Array(d.buffer, d.byteOffset, d.length)),
    );
    socket.on('end', () => this.lost('peer closed the connection'));
    socket.on('error', (e) => this.lost(errorParts(e).message));
    socket.on('close', () => this.lost('connection closed'));
  }

  private lost(detail: string): void {
    if (this.state !== 'open') return;
    this.state = 'disconnected';
    this.disconnectError = new LinkDisconnectedError(this.description, detail);
    this.queue.fail(this.disconnectError);
    this.rejectPending(this.disconnectError);
    this.socket?.destroy();
  }

  private rejectPending(e: Error): void {
    for (const reject of [...this.pendingWrites]) reject(e);
  }

  private mapConnectError(e: unknown, host: string, port: number): LinkOpenError {
    const { code, message } = errorParts(e);
    if (code === 'ECONNREFUSED') {
      return new LinkOpenError(
        'connection-refused',
        this.description,
        `connection refused: nothing listens on ${host}:${port}`,
        { cause: e },
      );
    }
    if (code === 'ETIMEDOUT') {
      return new LinkOpenError('connect-timeout', this.description, `connect timed out`, {
        cause: e,
      });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new LinkOpenError('host-not-found', this.description, `host not found: ${host}`, {
        cause: e,
      });
    }
    return new LinkOpenError('connect-failed', this.description, `connect failed: ${message}`, {
      cause: e,
    });
  }
}

/** Connects to an OBEX-over-TCP peer; resolves with the open link. */
export async function connectTcp(
  host: string,
  port: number = OBEX_TCP_PORT,
  options: { connectTimeoutMs?: number } = {},
): Promise<TcpLink> {
  const link = new TcpLink({ host, port, ...options });
  await link.open();
  return link;
}

/** A listening OBEX-over-TCP endpoint. */
export interface TcpLinkServer {
  /** The bound address (the real port when listening on port 0). */
  readonly host: string;
  readonly port: number;
  /** Resolves with the next accepted connection as an open `Link`; rejects after `close()`. */
  accept(): Promise<TcpLink>;
  /** Accepted connections as they come; ends after `close()`. */
  [Symbol.asyncIterator](): AsyncIterator<TcpLink>;
  /** Stops listening and closes every accepted link still open. Idempotent. */
  close(): Promise<void>;
}

/**
 * Listens for OBEX over TCP, by default on 127.0.0.1 only (a console must not expose a
 * handset port to the store network by accident). Port 0 picks a free port.
 */
export async function listenTcp(
  options: { host?: string; port?: number } = {},
): Promise<TcpLinkServer> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? OBEX_TCP_PORT;
  const accepted = new AcceptQueue<TcpLink>();
  const live = new Set<TcpLink>();
  const server: Server = createServer((socket) => {
    const link = new TcpLink({
      accepted: socket,
      description: `tcp ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} -> ${host}:${port}`,
    });
    live.add(link);
    socket.once('close', () => live.delete(link));
    accepted.push(link);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new LinkOpenError(
          'connect-failed',
          `tcp ${host}:${requested}`,
          `cannot listen: ${errorParts(e).message}`,
          {
            cause: e,
          },
        ),
      ),
    );
    server.listen(requested, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : requested;
  let closed = false;
  return {
    host,
    port,
    accept: () => accepted.next(),
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        try {
          return { done: false, value: await accepted.next() };
        } catch {
          return { done: true, value: undefined };
        }
      },
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      accepted.end(new LinkClosedError(`tcp ${host}:${port} listener`));
      await Promise.all([...live].map((l) => l.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A tiny FIFO of values with waiting consumers, ended by an error. */
class AcceptQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<{ resolve(v: T): void; reject(e: Error): void }> = [];
  private endError: Error | undefined;

  push(item: T): void {
    const w = this.waiters.shift();
    if (w) w.resolve(item);
    else this.items.push(item);
  }

  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.endError) return Promise.reject(this.endError);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  end(e: Error): void {
    this.endError = e;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }
}
