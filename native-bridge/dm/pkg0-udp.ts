/**
 * Package #0 over UDP (PROTOCOL-FACTS §4): the console sends the notification as one
 * datagram to the handset's listener (default port 2948, the WAP Push port); the handset
 * verifies its digest with nonce resync and asks for the session to be opened.
 *
 * The datagram carries the raw package #0 (no WDP/WSP wrapping): our handset listens on
 * IP, not on a WAP gateway.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isDecodeError } from '../../protocol/bytes/decode-error.js';
import { decodePkg0 } from '../../protocol/pkg0/decode.js';
import { verifyPkg0WithResync } from '../../protocol/pkg0/digest.js';
import type { DecodedPkg0 } from '../../protocol/pkg0/pkg0.js';
import { DmTransportError } from './errors.js';

/** The port package #0 is sent to by default (connectionless WAP Push, 2948). */
export const PKG0_UDP_PORT = 2948;

/** Sends one package #0 datagram to `host:port`; rejects with `DmTransportError` layer `udp`. */
export async function sendPkg0Udp(
  pkg0: Uint8Array,
  target: { readonly host: string; readonly port?: number },
): Promise<void> {
  const family = target.host.includes(':') ? 'udp6' : 'udp4';
  const socket = createSocket(family);
  try {
    await new Promise<void>((resolve, reject) =>
      socket.send(pkg0, target.port ?? PKG0_UDP_PORT, target.host, (e) =>
        e
          ? reject(
              new DmTransportError('udp', `send to ${target.host}: ${e.message}`, undefined, {
                cause: e,
              }),
            )
          : resolve(),
      ),
    );
  } finally {
    socket.close();
  }
}

/** A verified notification. */
export interface Pkg0Notification {
  readonly pkg0: DecodedPkg0;
  /** `resync`: the digest matched only the 4-zero nonce; build package 1's creds with it. */
  readonly nonce: 'stored' | 'resync';
  readonly body: Uint8Array;
  /** Who sent it. */
  readonly from: { readonly address: string; readonly port: number };
}

/** Options of {@link listenPkg0Udp}. */
export interface Pkg0ListenerOptions {
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port; default 2948; 0 = ephemeral. */
  readonly port?: number;
  /**
   * The server credentials for a server id (DMAcc AppAuth SRVCRED: password and stored
   * nonce), or undefined for a server we do not know (the notification is ignored).
   */
  readonly credentials: (
    serverId: string,
  ) => { readonly password: string; readonly nonce: Uint8Array } | undefined;
  /** A notification whose digest verified: open the session. */
  readonly onNotification: (n: Pkg0Notification) => void;
  /** Why a datagram was ignored, one line each. */
  readonly log?: (line: string) => void;
}

/** A listening package #0 socket. */
export interface Pkg0Listener {
  readonly host: string;
  readonly port: number;
  /** Stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Listens for package #0 datagrams. A datagram that does not decode, names an unknown
 * server, or whose digest matches neither the stored nonce nor the resync nonce is
 * ignored and logged; a verified one is handed to `onNotification`.
 */
export async function listenPkg0Udp(options: Pkg0ListenerOptions): Promise<Pkg0Listener> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (msg, rinfo) => {
    const body = new Uint8Array(msg);
    let pkg0: DecodedPkg0;
    try {
      pkg0 = decodePkg0(body);
    } catch (e) {
      if (!isDecodeError(e)) throw e;
      log(`pkg0 udp: from ${rinfo.address}: malformed (${e.message}), ignored`);
      return;
    }
    const creds = options.credentials(pkg0.serverId);
    if (creds === undefined) {
      log(`pkg0 udp: from ${rinfo.address}: unknown server ${pkg0.serverId}, ignored`);
      return;
    }
    const check = verifyPkg0WithResync(body, {
      serverId: pkg0.serverId,
      serverPassword: creds.password,
      nonce: creds.nonce,
    });
    if (!check.ok) {
      log(`pkg0 udp: from ${rinfo.address}: wrong digest for ${pkg0.serverId}, ignored`);
      return;
    }
    options.onNotification({
      pkg0,
      nonce: check.nonce,
      body,
      from: { address: rinfo.address, port: rinfo.port },
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (e) =>
      reject(
        new DmTransportError('udp', `cannot bind ${host}: ${e.message}`, undefined, { cause: e }),
      ),
    );
    socket.bind(options.port ?? PKG0_UDP_PORT, host, () => resolve());
  });
  let closed = false;
  return {
    host,
    port: socket.address().port,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
