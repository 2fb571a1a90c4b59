/**
 * A handset over an OBEX link (serial, USB, TCP): the console is the OBEX client. The
 * link and its `ObexClient` are kept between sessions (a link's byte stream can be read
 * only once, so one client per link lifetime); a failed client or a dropped link is
 * replaced by a fresh one on the next use. Sessions and Folder Browsing take turns.
 */
import { DM_NOTIFICATION_TYPE } from '../../../native-bridge/dm/content-type.js';
import { ObexDmTransport } from '../../../native-bridge/dm/obex-dm-transport.js';
import type { Link } from '../../../protocol/link/link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { connectFolderBrowsing } from '../../../protocol/obex/folder-client.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import type { HandsetChannel, SessionAuth, SessionScript, SessionTurn } from './channel.js';
import { SerialQueue } from './serial-queue.js';
import type { TraceStore } from './trace-store.js';
import { TracedServerSession } from './traced-session.js';

/** Options of {@link ObexChannel}. */
export interface ObexChannelOptions {
  /** Opens a new link (the registry's `openLink` for the device). */
  readonly open: () => Promise<Link>;
  readonly description: string;
  readonly trace: TraceStore;
  /** OBEX per-request timeout; default 30 s. */
  readonly obexTimeoutMs?: number;
}

/** See the module comment. */
export class ObexChannel implements HandsetChannel {
  readonly kind = 'obex';
  readonly description: string;
  readonly #opts: ObexChannelOptions;
  readonly #turns = new SerialQueue();
  /** The running script's view of the queue: the script itself is one of its tasks. */
  readonly #turn: SessionTurn;
  #link: Link | undefined;
  #client: ObexClient | undefined;
  #closed = false;

  constructor(options: ObexChannelOptions) {
    this.#opts = options;
    this.description = options.description;
    const turns = this.#turns;
    this.#turn = {
      get othersWaiting(): boolean {
        return turns.depth > 1;
      },
    };
  }

  /** True while a link is open (between uses it may be, or may have been dropped). */
  get linkOpen(): boolean {
    return this.#link?.isOpen === true;
  }

  /** Opens the link now (the registry's "connecting" step); no-op when open. */
  connect(): Promise<void> {
    return this.#turns.run(async () => {
      await this.#ensure();
    });
  }

  session<T>(auth: () => SessionAuth, script: SessionScript<T>): Promise<T> {
    return this.#turns.run(async () => {
      const client = await this.#ensure();
      try {
        return await this.#runSession(client, auth(), script);
      } catch (e) {
        if (client.state === 'failed' || this.#link?.isOpen !== true) await this.#drop();
        throw e;
      }
    });
  }

  readonly folder = <T>(fn: (client: ObexClient) => Promise<T>): Promise<T> =>
    this.#turns.run(async () => {
      const client = await this.#ensure();
      try {
        await connectFolderBrowsing(client);
        try {
          return await fn(client);
        } finally {
          if (client.state === 'ready') await client.disconnect().catch(() => undefined);
        }
      } catch (e) {
        if (client.state === 'failed' || this.#link?.isOpen !== true) await this.#drop();
        throw e;
      }
    });

  async close(): Promise<void> {
    this.#closed = true;
    await this.#drop();
  }

  async #runSession<T>(
    client: ObexClient,
    auth: SessionAuth,
    script: SessionScript<T>,
  ): Promise<T> {
    const o = auth.options;
    const session = new TracedServerSession(o, this.#opts.trace, auth.traceId);
    const transport = new ObexDmTransport(client, {
      replyEncoding: o.encoding ?? auth.preferredEncoding,
    });
    const trigger = encodePkg0(
      {
        uiMode: UiMode.Background,
        initiator: Initiator.Server,
        sessionId: 1 + Math.floor(Math.random() * 0xfffe),
        serverId: o.serverId,
      },
      { serverId: o.serverId, serverPassword: auth.serverPassword, nonce: auth.pkg0Nonce },
    );
    this.#opts.trace.record(auth.traceId, 'to-handset', trigger);
    const finished = (async () => {
      try {
        await session.run(transport, {
          body: trigger,
          contentType: DM_NOTIFICATION_TYPE,
          headers: {},
        });
      } finally {
        await transport.close().catch(() => undefined);
      }
    })();
    finished.catch(() => undefined);
    let result: T;
    try {
      result = await script(session, this.#turn);
    } catch (e) {
      await session.abort();
      await finished.catch(() => undefined);
      throw e;
    }
    await session.close();
    await finished;
    return result;
  }

  async #ensure(): Promise<ObexClient> {
    if (this.#closed) throw new Error(`${this.description}: channel closed`);
    if (this.#client !== undefined && this.#client.state === 'ready' && this.#link?.isOpen === true)
      return this.#client;
    await this.#drop();
    const link = await this.#opts.open();
    this.#link = link;
    this.#client = new ObexClient(link, { timeoutMs: this.#opts.obexTimeoutMs ?? 30_000 });
    return this.#client;
  }

  async #drop(): Promise<void> {
    const link = this.#link;
    this.#link = undefined;
    this.#client = undefined;
    await link?.close().catch(() => undefined);
  }
}
