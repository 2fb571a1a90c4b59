/**
 * A network handset that calls the console's HTTP endpoint. The handset opens every
 * session: at start, when it has a result to deliver, and when the console wakes it with
 * a package #0 over UDP. Scripts wait for the next session (waking the handset when its
 * package #0 address is known) and then take turns on it; when the last one is done, the
 * console closes the session.
 */
import { sendPkg0Udp } from '../../../native-bridge/dm/pkg0-udp.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import type { HandsetChannel, SessionAuth, SessionScript } from './channel.js';
import { HandsetStepError } from './failure.js';

/** Options of {@link HttpChannel}. */
export interface HttpChannelOptions {
  readonly devId: string;
  /** Package #0 address of the handset, when known (settings `network.wake`). */
  readonly wake: () => { readonly host: string; readonly port: number } | undefined;
  /** How long a script waits for the handset to call in. Default 60 s. */
  readonly callInTimeoutMs?: number;
}

/** See the module comment. */
export class HttpChannel implements HandsetChannel {
  readonly kind = 'http';
  readonly description: string;
  readonly #opts: HttpChannelOptions;
  #current: ServerSession | undefined;
  #users = 0;
  #turn: Promise<unknown> = Promise.resolve();
  #waiters: ((s: ServerSession) => void)[] = [];
  #closed = false;

  constructor(options: HttpChannelOptions) {
    this.#opts = options;
    this.description = `http ${options.devId}`;
  }

  /** True while a session the handset opened is held open. */
  get live(): boolean {
    return this.#current !== undefined && !this.#current.isEnded;
  }

  /**
   * A session the handset opened. `first` (the registry's identify/refresh) runs on it
   * at once; scripts waiting for a session run after it; then the session is closed.
   */
  accept(session: ServerSession, first: SessionScript<void>): void {
    this.#current = session;
    const waiters = this.#waiters.splice(0);
    void this.#use(session, first).catch(() => undefined);
    for (const w of waiters) w(session);
  }

  session<T>(auth: () => SessionAuth, script: SessionScript<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(`${this.description}: channel closed`));
    const current = this.#current;
    if (current !== undefined && !current.isEnded) return this.#use(current, script);
    return Promise.resolve(auth)
      .then((a) => this.#waitForCall(a))
      .then((s) => this.#use(s, script));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const s = this.#current;
    this.#current = undefined;
    if (s !== undefined && !s.isEnded) await s.abort();
  }

  /** Runs `script` on `s` after the scripts before it; closes `s` when nobody else needs it. */
  async #use<T>(s: ServerSession, script: SessionScript<T>): Promise<T> {
    this.#users++;
    const users = (): number => this.#users;
    const mine = this.#turn.then(() =>
      script(s, {
        get othersWaiting(): boolean {
          return users() > 1;
        },
      }),
    );
    this.#turn = mine.catch(() => undefined);
    try {
      return await mine;
    } finally {
      this.#users--;
      // A later script may queue in the same tick; close only when still unused.
      setImmediate(() => {
        if (this.#users === 0 && this.#current === s) {
          this.#current = undefined;
          void s.close().catch(() => undefined);
        }
      });
    }
  }

  #waitForCall(makeAuth: () => SessionAuth): Promise<ServerSession> {
    const timeoutMs = this.#opts.callInTimeoutMs ?? 60_000;
    const wake = this.#opts.wake();
    // Built now, when this session's turn comes (the nonces in force), and only to wake.
    const auth = wake === undefined ? undefined : makeAuth();
    return new Promise<ServerSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(
          new HandsetStepError(
            'link',
            `${this.#opts.devId} did not call in within ${timeoutMs} ms`,
            this.#opts.wake() === undefined
              ? 'the console cannot wake this handset (no package #0 address in the settings): wait for it to call in'
              : 'the handset did not answer the wake-up (package #0): check that it is on the network',
          ),
        );
      }, timeoutMs);
      const waiter = (s: ServerSession): void => {
        clearTimeout(timer);
        resolve(s);
      };
      this.#waiters.push(waiter);
      if (wake !== undefined && auth !== undefined) {
        const o = auth.options;
        const pkg0 = encodePkg0(
          {
            uiMode: UiMode.Background,
            initiator: Initiator.Server,
            sessionId: 1 + Math.floor(Math.random() * 0xfffe),
            serverId: o.serverId,
          },
          { serverId: o.serverId, serverPassword: auth.serverPassword, nonce: auth.pkg0Nonce },
        );
        sendPkg0Udp(pkg0, wake).catch(() => undefined);
      }
    });
  }
}
