/**
 * Turns "the client calls us" (HTTP POSTs) into the `DmTransport` that
 * `ServerSession.run` drives: `exchange(out)` answers the pending request with `out` and
 * resolves with the client's next package.
 *
 * Why `run` and not `handle`: a `ServerSession` only settles `done` on a normal end from
 * inside `run` (its `handle` never ends the session by itself), and `close()` returns
 * `done` — so a handle-only endpoint would leave every `close()` waiting forever.
 */
import { DmProtocolError, DmTimeoutError } from '../../protocol/session/errors.js';
import type { DmPackage, DmTransport } from '../../protocol/session/transport.js';
import { decodeMessage } from '../../protocol/syncml/codec.js';

/** Answers one HTTP request; undefined = nothing to say (the session is over). */
export type Respond = (pkg: DmPackage | undefined) => void;

/**
 * True when `out` is the server's last message: the session already ended (auth failure,
 * abort), or it is Final and carries only Status elements with a SyncHdr Status other
 * than a challenge (401/407 asks the client to send again).
 */
export function isLastMessage(out: DmPackage, sessionEnded: boolean): boolean {
  if (sessionEnded) return true;
  try {
    const { message } = decodeMessage(out.body);
    if (!message.final) return false;
    if (message.commands.some((c) => c.kind !== 'Status')) return false;
    return !message.commands.some(
      (c) => c.kind === 'Status' && c.cmdRef === '0' && (c.code === 401 || c.code === 407),
    );
  } catch {
    return false;
  }
}

/** One HTTP session's queue between POSTs and `ServerSession.run`. */
export class PassiveExchange implements DmTransport {
  private respond: Respond | undefined;
  private next: DmPackage | undefined;
  private waiter: { resolve(p: DmPackage): void; reject(e: Error): void } | undefined;
  private failure: Error | undefined;
  private started = false;

  constructor(
    /** Whether the session has ended (checked when a message is sent). */
    private readonly sessionEnded: () => boolean,
  ) {}

  /** True while a POST waits for its answer. */
  get busy(): boolean {
    return this.respond !== undefined;
  }

  /** A POST arrived with `pkg`; `respond` sends its answer. */
  deliver(pkg: DmPackage, respond: Respond): void {
    if (this.failure !== undefined || this.respond !== undefined) {
      respond(undefined);
      return;
    }
    this.respond = respond;
    const w = this.waiter;
    this.waiter = undefined;
    if (w !== undefined) w.resolve(pkg);
    else this.next = pkg;
  }

  /** Ends the exchange: a waiting `exchange` rejects with `error`, a pending POST gets no reply. */
  fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.reject(error);
    this.waiter = undefined;
    this.answer(undefined);
  }

  /** Sends nothing more: answers a pending POST with an empty body. */
  finish(): void {
    this.answer(undefined);
  }

  exchange(body: Uint8Array, contentType: string, headers = {}): Promise<DmPackage> {
    const out: DmPackage = { body, contentType, headers };
    // The first call carries run()'s trigger, which the client already answered: its
    // package 1 is the POST that opened the session.
    if (!this.started) this.started = true;
    else if (this.respond !== undefined) {
      const last = isLastMessage(out, this.sessionEnded());
      this.answer(out);
      if (last) return Promise.resolve({ body: new Uint8Array(0), contentType, headers: {} });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const ready = this.next;
    if (ready !== undefined) {
      this.next = undefined;
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private answer(pkg: DmPackage | undefined): void {
    const r = this.respond;
    this.respond = undefined;
    r?.(pkg);
  }
}

/** The error an idle session ends with. */
export function idleError(ms: number): Error {
  return new DmTimeoutError('next request from the client', ms);
}

/** The error sessions still open when the endpoint closes end with. */
export function closedError(): Error {
  return new DmProtocolError('closed', 'the HTTP endpoint closed');
}
