import { stat } from 'node:fs/promises';
import type { Link } from '../protocol/link/link.js';
import type { FileStore } from '../protocol/obex/file-store.js';
import { FolderBrowsingService } from '../protocol/obex/folder-service.js';
import { ObexServer } from '../protocol/obex/server.js';
import type { ObexService } from '../protocol/obex/service.js';
import { isLinkOpenError } from './links/errors.js';
import { SerialLink } from './links/serial-link.js';
import { listenTcp } from './links/tcp-link.js';

/** What happened to one peer connection of a host. */
export type HostEvent =
  | { readonly kind: 'session-start'; readonly link: string }
  /** The session ended: `error` is undefined for a local close, else why (e.g. disconnect). */
  | { readonly kind: 'session-end'; readonly link: string; readonly error?: Error | undefined }
  /** Opening the serial port failed; the host retries while `reopen` is on. */
  | { readonly kind: 'open-failed'; readonly link: string; readonly error: Error };

/** Options shared by the hosts. */
export interface FolderHostOptions {
  /** Services offered besides Folder Browsing on the store (e.g. a SYNCML-DM service). */
  readonly extraServices?: readonly ObexService[] | undefined;
  /** The largest packet we accept (announced in Connect). Default 0xFFFF. */
  readonly maxPacketLength?: number | undefined;
  readonly onEvent?: ((event: HostEvent) => void) | undefined;
}

/** A running OBEX server: stop it with `close()`. */
export interface FolderHost {
  /** `tcp 127.0.0.1:650` or `serial /dev/pts/3`. */
  readonly description: string;
  /** Stops accepting, closes every live link; idempotent. */
  close(): Promise<void>;
}

/** A host listening on TCP; `port` is the real port when 0 was asked for. */
export interface TcpFolderHost extends FolderHost {
  readonly host: string;
  readonly port: number;
}

/**
 * Serves OBEX on one open link until it ends, with a fresh Folder Browsing service (its
 * own current folder) on `store`. Resolves in all cases; the way the session ended goes
 * to `onEvent` (a peer that vanishes mid-transfer is `LinkDisconnectedError`).
 */
export async function serveFolderOnLink(
  link: Link,
  store: FileStore,
  options: FolderHostOptions = {},
): Promise<Error | undefined> {
  const server = new ObexServer(link, {
    services: [new FolderBrowsingService(store), ...(options.extraServices ?? [])],
    maxPacketLength: options.maxPacketLength,
  });
  options.onEvent?.({ kind: 'session-start', link: link.description });
  let error: Error | undefined;
  try {
    await server.serve();
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  await link.close().catch(() => undefined);
  options.onEvent?.({ kind: 'session-end', link: link.description, error });
  return error;
}

/**
 * Listens for OBEX over TCP (default 127.0.0.1, port 650; 0 picks a free port) and serves
 * every connection, concurrently, with Folder Browsing on `store`.
 */
export async function hostFolderOverTcp(
  store: FileStore,
  options: FolderHostOptions & { readonly host?: string; readonly port?: number } = {},
): Promise<TcpFolderHost> {
  const listener = await listenTcp({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const sessions = new Set<Promise<unknown>>();
  const loop = (async () => {
    for await (const link of listener) {
      const session = serveFolderOnLink(link, store, options);
      sessions.add(session);
      void session.finally(() => sessions.delete(session));
    }
  })();
  return {
    description: `tcp ${listener.host}:${listener.port}`,
    host: listener.host,
    port: listener.port,
    close: async () => {
      await listener.close();
      await loop;
      await Promise.all([...sessions]);
    },
  };
}

/** Options of {@link serveSerialReopening}. */
export interface SerialReopenOptions {
  readonly path: string;
  readonly baudRate?: number | undefined;
  /** Open the port again after each session (default true). */
  readonly reopen?: boolean | undefined;
  /** Poll interval while the device is missing or busy (default 250 ms). */
  readonly retryMs?: number | undefined;
  /** Serves one open link until its session ends. */
  readonly serve: (link: SerialLink) => Promise<unknown>;
  /** A new reason the port could not be opened (reported once per reason). */
  readonly onOpenFailed?: ((error: Error) => void) | undefined;
}

/**
 * Keeps serving a serial device (a pty end, ttyACM/ttyUSB/rfcomm): opens it, hands the
 * link to `serve`, and with `reopen` opens it again after each session — a peer closing
 * its end of a pty pair or a cable pulled is not the end of a bench server — polling
 * every `retryMs` while the device node is missing. Rejects only when the first open
 * fails (that failure is the caller's to report).
 */
export async function serveSerialReopening(
  options: SerialReopenOptions,
): Promise<{ close(): Promise<void> }> {
  const reopen = options.reopen ?? true;
  const retryMs = options.retryMs ?? 250;
  let closed = false;
  let current: SerialLink | undefined;
  let wake: (() => void) | undefined;
  let lastFailure: string | undefined;
  const open = async (): Promise<SerialLink> => {
    const link = new SerialLink({
      path: options.path,
      ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }),
    });
    await link.open();
    return link;
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  current = await open();
  const loop = (async () => {
    let link: SerialLink | undefined = current;
    while (!closed) {
      if (link === undefined) {
        try {
          await stat(options.path);
          link = await open();
          current = link;
          lastFailure = undefined;
        } catch (e) {
          // Report each new reason once, not every retry.
          if (isLinkOpenError(e) && e.code !== 'port-not-found' && e.message !== lastFailure) {
            options.onOpenFailed?.(e);
          }
          lastFailure = e instanceof Error ? e.message : String(e);
          await sleep(retryMs);
          continue;
        }
      }
      await options.serve(link);
      link = undefined;
      current = undefined;
      if (!reopen) break;
      if (!closed) await sleep(retryMs);
    }
  })();
  return {
    close: async () => {
      closed = true;
      wake?.();
      await current?.close();
      await loop;
    },
  };
}

/**
 * Serves OBEX Folder Browsing on `store` over a serial device, reopening it after each
 * session (see {@link serveSerialReopening}). Rejects only when the first open fails and
 * `reopen` is off.
 */
export async function hostFolderOverSerial(
  store: FileStore,
  options: FolderHostOptions & {
    readonly path: string;
    readonly baudRate?: number | undefined;
    readonly reopen?: boolean | undefined;
    readonly retryMs?: number | undefined;
  },
): Promise<FolderHost> {
  const serving = await serveSerialReopening({
    path: options.path,
    baudRate: options.baudRate,
    reopen: options.reopen,
    retryMs: options.retryMs,
    serve: (link) => serveFolderOnLink(link, store, options),
    onOpenFailed: (error) =>
      options.onEvent?.({ kind: 'open-failed', link: `serial ${options.path}`, error }),
  });
  return { description: `serial ${options.path}`, close: () => serving.close() };
}
