/**
 * A handset over an OBEX link (serial, USB, TCP): the console is the OBEX client. The
 * link and its `ObexClient` are kept between sessions (a link's byte stream can be read
 * only once, so one client per link lifetime); a failed client or a dropped link is
 * replaced by a fresh one on the next use. Sessions and Folder Browsing take turns.
 *
 * A session may linger after its script (`SessionEnd.lingerMs`): the next script runs in
 * it, which spares the handset and the console a whole session's set-up — the console
 * identifies a handset and then, in a command line, acts on it at once. Folder Browsing,
 * the time running out, an error or `close()` ends a lingering session first.
 */
import { DM_NOTIFICATION_TYPE } from '../../../native-bridge/dm/content-type.js';
import { ObexDmTransport } from '../../../native-bridge/dm/obex-dm-transport.js';
import type { Link } from '../../../protocol/link/link.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { connectFolderBrowsing } from '../../../protocol/obex/folder-client.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import type {
  HandsetChannel,
  SessionAuth,
  SessionEnd,
  SessionScript,
  SessionTurn,
} from './channel.js';
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

/** Longest wait at `close()` for a lingering session's last package. */
const CLOSE_LINGERING_MS = 2000;

/** A DM session open on the link, and whether it still runs. */
interface OpenSession {
  /** The OBEX client it runs over (a reconnected link has another). */
  readonly client: ObexClient;
  readonly session: TracedServerSession;
  /** Settles when the session is over (closed, aborted, failed). */
  readonly finished: Promise<void>;
  running: boolean;
  timer?: NodeJS.Timeout;
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
  /** A session kept open after its script for the next one (see the module comment). */
  #lingering: OpenSession | undefined;

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

  session<T>(auth: () => SessionAuth, script: SessionScript<T>, end?: SessionEnd): Promise<T> {
    return this.#turns.run(async () => {
      const kept = this.#takeLingering();
      const client = await this.#ensure();
      try {
        const open =
          kept?.running === true && kept.client === client ? kept : this.#open(client, auth());
        return await this.#runScript(open, script, end?.lingerMs ?? 0);
      } catch (e) {
        if (client.state === 'failed' || this.#link?.isOpen !== true) await this.#drop();
        throw e;
      }
    });
  }

  readonly folder = <T>(fn: (client: ObexClient) => Promise<T>): Promise<T> =>
    this.#turns.run(async () => {
      await this.#endLingering();
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
    // A lingering session (nothing else runs then) ends with its last package, so the
    // handset closes its side normally rather than seeing the link go; briefly, since a
    // handset that stopped answering must not hold the console's shutdown.
    if (this.#turns.depth === 0 && this.#lingering !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#endLingering(),
        new Promise<void>((r) => (timer = setTimeout(r, CLOSE_LINGERING_MS))),
      ]);
      clearTimeout(timer);
    }
    await this.#drop();
  }

  /** Runs `script` in `open`, then closes the session or keeps it `lingerMs`. */
  async #runScript<T>(open: OpenSession, script: SessionScript<T>, lingerMs: number): Promise<T> {
    let result: T;
    try {
      result = await script(open.session, this.#turn);
    } catch (e) {
      await open.session.abort();
      await open.finished.catch(() => undefined);
      throw e;
    }
    if (lingerMs > 0 && open.running && !this.#closed) {
      this.#lingering = open;
      open.timer = setTimeout(() => {
        void this.#turns.run(async () => {
          if (this.#lingering === open) await this.#endLingering();
        });
      }, lingerMs);
      open.timer.unref();
      return result;
    }
    await open.session.close();
    await open.finished;
    return result;
  }

  /** The lingering session, no longer lingering (its timer stopped), if there is one. */
  #takeLingering(): OpenSession | undefined {
    const open = this.#lingering;
    this.#lingering = undefined;
    clearTimeout(open?.timer);
    return open;
  }

  /** Closes the lingering session, if any; its errors no longer concern anyone. */
  async #endLingering(): Promise<void> {
    const open = this.#takeLingering();
    if (open?.running !== true) return;
    await open.session.close().catch(() => undefined);
    await open.finished.catch(() => undefined);
  }

  /** Starts a DM session: package #0 goes out, the session runs until closed. */
  #open(client: ObexClient, auth: SessionAuth): OpenSession {
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
    const open: OpenSession = { client, session, finished, running: true };
    const over = (): void => void (open.running = false);
    finished.then(over, over);
    return open;
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
    this.#takeLingering();
    const link = this.#link;
    this.#link = undefined;
    this.#client = undefined;
    await link?.close().catch(() => undefined);
  }
}
