import type { Link } from '../../protocol/link/link.js';
import { ObexServer } from '../../protocol/obex/server.js';
import type { ObexService } from '../../protocol/obex/service.js';
import { PacedLink } from '../../native-bridge/links/paced-link.js';
import { listenTcp } from '../../native-bridge/links/tcp-link.js';
import { serveSerialReopening } from '../../native-bridge/obex-server-host.js';
import { FaultLink, hasFaults } from './fault-link.js';
import type { LinkFaults } from './fault-link.js';

/** How a handset's links misbehave on purpose (`--pace-baud`, `--latency`, …). */
export interface LinkShaping extends LinkFaults {
  /** Pace both directions to a serial line of this many baud (10 bits a byte). */
  readonly paceBaud?: number | undefined;
}

/** Options shared by the OBEX hosts of a handset. */
export interface ObexHostOptions {
  /** The services for one new connection (fresh per connection: each has its own state). */
  readonly services: () => readonly ObexService[];
  readonly shaping?: LinkShaping | undefined;
  /** Largest OBEX packet we accept; the feature-phone persona announces less. */
  readonly maxPacketLength?: number | undefined;
  /** One line per connection event, for the handset's log. */
  readonly log?: ((line: string) => void) | undefined;
}

/** A running OBEX endpoint of a handset. */
export interface ObexHost {
  /** e.g. `obex tcp 127.0.0.1:6500` or `obex serial /tmp/h1/handset.pty`. */
  readonly description: string;
  /** The TCP port, when listening on TCP. */
  readonly port?: number;
  /** Stops accepting and ends every connection; idempotent. */
  close(): Promise<void>;
}

/** The link with the handset's faults and pacing applied, innermost first. */
export function shapeLink(link: Link, shaping: LinkShaping | undefined): Link {
  if (shaping === undefined) return link;
  let out: Link = link;
  if (hasFaults(shaping)) out = new FaultLink(out, shaping);
  if (shaping.paceBaud !== undefined) out = new PacedLink(out, { baud: shaping.paceBaud });
  return out;
}

/** Serves one connection until it ends; never rejects (the reason goes to the log). */
export async function serveObexLink(link: Link, options: ObexHostOptions): Promise<void> {
  const shaped = shapeLink(link, options.shaping);
  const server = new ObexServer(shaped, {
    services: options.services(),
    maxPacketLength: options.maxPacketLength,
  });
  options.log?.(`${link.description}: connected`);
  try {
    await server.serve();
    options.log?.(`${link.description}: ended`);
  } catch (e) {
    options.log?.(`${link.description}: ended — ${e instanceof Error ? e.message : String(e)}`);
  }
  await shaped.close().catch(() => undefined);
}

/** Listens for OBEX over TCP (127.0.0.1 unless `host` says otherwise; port 0 = any free). */
export async function hostObexTcp(
  options: ObexHostOptions & { readonly host?: string; readonly port?: number },
): Promise<ObexHost> {
  const listener = await listenTcp({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const sessions = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const link of listener) {
      const s = serveObexLink(link, options);
      sessions.add(s);
      void s.finally(() => sessions.delete(s));
    }
  })();
  return {
    description: `obex tcp ${listener.host}:${listener.port}`,
    port: listener.port,
    close: async () => {
      await listener.close();
      await loop.catch(() => undefined);
      await Promise.all([...sessions]);
    },
  };
}

/**
 * Serves OBEX on a serial device or pty end, reopening it after every connection (a
 * console closing its end, a cable pulled) and while it is missing, every `retryMs`.
 */
export async function hostObexSerial(
  options: ObexHostOptions & {
    readonly path: string;
    readonly baudRate?: number;
    readonly retryMs?: number;
  },
): Promise<ObexHost> {
  const serving = await serveSerialReopening({
    path: options.path,
    baudRate: options.baudRate,
    retryMs: options.retryMs ?? 200,
    serve: (link) => serveObexLink(link, options),
    onOpenFailed: (e) => options.log?.(`serial ${options.path}: ${e.message}`),
  });
  return { description: `obex serial ${options.path}`, close: () => serving.close() };
}
