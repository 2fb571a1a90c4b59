/**
 * The protocol trace: every DM message of every session, in order, with its direction,
 * the decoded XML and the bytes in hex — what the trace channels of the IPC contract
 * show. Bounded: the newest sessions and, per session, the first messages and capped
 * text, so a long bench run cannot grow the console's memory without limit.
 */
import { toHex } from '../../../protocol/bytes/hex.js';
import { decodePkg0 } from '../../../protocol/pkg0/decode.js';
import { decodeMessage, messageToXml } from '../../../protocol/syncml/codec.js';
import type { TraceMessageView } from '../../ipc/contract.js';

/** Limits of a {@link TraceStore}. */
export interface TraceLimits {
  /** Sessions kept (oldest dropped first). Default 200. */
  readonly sessions?: number;
  /** Messages kept per session (later ones are counted, not kept). Default 400. */
  readonly messagesPerSession?: number;
  /** Characters of XML and of hex kept per message. Default 128 Ki each. */
  readonly textChars?: number;
}

/** One traced session as listed. */
export interface TraceSessionInfo {
  readonly id: string;
  readonly handsetId: string;
  readonly started: string;
  readonly messages: number;
}

/**
 * A recorded message. Decoding for display is deferred until someone looks (`get`, or a
 * listener): a CLI run never does, and decoding every package (a TNDS tree can be large)
 * on the event loop while sessions run was most of the trace's cost.
 */
interface TraceEntry {
  readonly index: number;
  readonly direction: 'to-handset' | 'from-handset';
  readonly at: string;
  /** Our copy of the message until it is decoded. */
  bytes: Uint8Array | undefined;
  view: TraceMessageView | undefined;
}

interface TraceSession {
  readonly id: string;
  handsetId: string;
  readonly started: string;
  count: number;
  readonly messages: TraceEntry[];
}

/** What the store tells listeners (the gateway's `trace:message` event). */
export type TraceListener = (sessionId: string, message: TraceMessageView) => void;

/** Holds the newest sessions' messages. */
export class TraceStore {
  readonly #sessions = new Map<string, TraceSession>();
  readonly #max: number;
  readonly #perSession: number;
  readonly #chars: number;
  readonly #listeners = new Set<TraceListener>();
  #seq = 0;

  constructor(limits: TraceLimits = {}) {
    this.#max = limits.sessions ?? 200;
    this.#perSession = limits.messagesPerSession ?? 400;
    this.#chars = limits.textChars ?? 128 * 1024;
  }

  /** Starts a session's trace; returns its id (unique in this process). */
  open(handsetId: string): string {
    const id = `t${++this.#seq}`;
    this.#sessions.set(id, {
      id,
      handsetId,
      started: new Date().toISOString(),
      count: 0,
      messages: [],
    });
    while (this.#sessions.size > this.#max) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    return id;
  }

  /** Re-labels a session once its handset is known (HTTP sessions start anonymous). */
  relabel(sessionId: string, handsetId: string): void {
    const s = this.#sessions.get(sessionId);
    if (s !== undefined) s.handsetId = handsetId;
  }

  /**
   * Records one message. Decoding for display never throws: a package that does not
   * decode is kept as hex with the decoder's complaint in place of the XML.
   */
  record(sessionId: string, direction: 'to-handset' | 'from-handset', bytes: Uint8Array): void {
    const s = this.#sessions.get(sessionId);
    if (s === undefined) return;
    const index = s.count++;
    if (s.messages.length >= this.#perSession) return;
    const e: TraceEntry = {
      index,
      direction,
      at: new Date().toISOString(),
      // A copy: the caller's buffer may be reused once this returns.
      bytes: Uint8Array.from(bytes),
      view: undefined,
    };
    s.messages.push(e);
    if (this.#listeners.size === 0) return;
    const m = this.#view(e);
    for (const l of this.#listeners) l(sessionId, m);
  }

  /** The display form of `e`, decoded on first use (then the bytes are dropped). */
  #view(e: TraceEntry): TraceMessageView {
    if (e.view !== undefined) return e.view;
    const bytes = e.bytes ?? new Uint8Array(0);
    const { xml, encoding } = describe(bytes);
    const cap = (t: string): string =>
      t.length > this.#chars ? `${t.slice(0, this.#chars)}… (${t.length} chars)` : t;
    e.view = {
      index: e.index,
      direction: e.direction,
      at: e.at,
      encoding,
      bytes: bytes.length,
      xml: cap(xml),
      hex: cap(toHex(bytes.length > this.#chars ? bytes.subarray(0, this.#chars / 2) : bytes)),
    };
    e.bytes = undefined;
    return e.view;
  }

  /** Sessions, oldest first; with `handsetId`, only that handset's. */
  list(handsetId?: string): TraceSessionInfo[] {
    return [...this.#sessions.values()]
      .filter((s) => handsetId === undefined || s.handsetId === handsetId)
      .map((s) => ({ id: s.id, handsetId: s.handsetId, started: s.started, messages: s.count }));
  }

  /** A session's kept messages, in order; undefined for an unknown (or dropped) session. */
  get(sessionId: string): readonly TraceMessageView[] | undefined {
    return this.#sessions.get(sessionId)?.messages.map((e) => this.#view(e));
  }

  /** Calls `listener` for every recorded message; returns the unsubscribe function. */
  onMessage(listener: TraceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function describe(bytes: Uint8Array): { xml: string; encoding: 'wbxml' | 'xml' } {
  try {
    const { message, encoding } = decodeMessage(bytes);
    return { xml: messageToXml(message, { pretty: true }), encoding };
  } catch (e) {
    try {
      const p = decodePkg0(bytes);
      return {
        xml: `<!-- package #0: session ${p.sessionId}, server ${p.serverId}, ui ${p.uiMode} -->`,
        encoding: 'wbxml',
      };
    } catch {
      const why = e instanceof Error ? e.message : String(e);
      return { xml: `<!-- not decoded: ${why.replaceAll('--', '- -')} -->`, encoding: 'wbxml' };
    }
  }
}
