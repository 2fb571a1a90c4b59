/**
 * The main-side gateway: one place where every request from a UI shell arrives, is
 * checked against the contract's schema and routed to the service that registered for
 * it, and where service events fan out to subscribed UIs.
 */
import { CHANNELS, requestSchemas } from './contract.js';
import type {
  Channel,
  EventMap,
  EventName,
  IpcError,
  IpcResult,
  RequestArgs,
  ResultMap,
} from './contract.js';

/** Who is calling: the shell fills it in (the web shell: `web`, Electron: the window id). */
export interface CallContext {
  readonly shell: 'electron' | 'web';
}

export type Handler<C extends Channel> = (
  args: RequestArgs<C>,
  ctx: CallContext,
) => ResultMap[C] | Promise<ResultMap[C]>;

/** A service error with a code the UI can act on (e.g. `interlock`, `not-found`). */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** JavaScript's own error classes: a bug, reported as `internal`. */
const BUILT_IN = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

/**
 * The code of an error that has no string `code` of its own: the layer it comes from,
 * from its class name (`DmStatusError` with status 404 → `dm-status-404`, `DmAuthError`
 * 401 → `dm-auth-401`, `DmProtocolError` → `dm-protocol`, `LinkOpenError` → `link-open`),
 * so the UI can say which layer failed; a built-in error is `internal`.
 */
function layerCode(e: Error): string {
  if (BUILT_IN.has(e.name) || !/^[A-Z][A-Za-z0-9]*$/.test(e.name)) return 'internal';
  const base = e.name
    .replace(/Error$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  if (base === '') return 'internal';
  const status = (e as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) ? `${base}-${status}` : base;
}

/** Turns anything thrown into the data that crosses the boundary. */
export function toIpcError(e: unknown): IpcError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return {
      name: e.name,
      code: typeof code === 'string' ? code : layerCode(e),
      message: e.message,
    };
  }
  return { name: 'Error', code: 'internal', message: String(e) };
}

/** One UI's subscription: events are held until `ready()` (hotplug can precede React). */
export interface Subscription {
  ready(): void;
  close(): void;
}

type AnyHandler = (args: unknown, ctx: CallContext) => unknown;
type Listener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Maximum events held for a UI that has not said it is ready. */
const MAX_HELD = 1000;

export class Gateway {
  private readonly handlers = new Map<Channel, AnyHandler>();
  private readonly subscribers = new Set<{
    listener: Listener;
    held: [EventName, unknown][] | undefined;
  }>();

  /** Registers the service function for `channel` (one per channel). */
  handle<C extends Channel>(channel: C, handler: Handler<C>): this {
    if (this.handlers.has(channel)) throw new TypeError(`channel ${channel} already handled`);
    this.handlers.set(channel, handler as AnyHandler);
    return this;
  }

  /**
   * Runs one request: unknown channel → `unknown-channel`; arguments that fail the
   * schema → `invalid-arguments` naming the first problem; a handler's error → its
   * name/code/message. Never throws.
   */
  async invoke(channel: string, args: unknown, ctx: CallContext): Promise<IpcResult<unknown>> {
    if (!(CHANNELS as string[]).includes(channel)) {
      return { ok: false, error: { name: 'IpcError', code: 'unknown-channel', message: channel } };
    }
    const c = channel as Channel;
    const parsed = requestSchemas[c].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      return {
        ok: false,
        error: {
          name: 'IpcError',
          code: 'invalid-arguments',
          message: `${channel}: ${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}`,
        },
      };
    }
    const handler = this.handlers.get(c);
    if (handler === undefined) {
      return {
        ok: false,
        error: { name: 'IpcError', code: 'not-available', message: `${channel} is not available` },
      };
    }
    try {
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (e) {
      return { ok: false, error: toIpcError(e) };
    }
  }

  /** Sends an event to every subscribed UI (held for those not ready yet). */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const s of this.subscribers) {
      if (s.held !== undefined) {
        s.held.push([event, payload]);
        if (s.held.length > MAX_HELD) s.held.shift();
      } else {
        s.listener(event, payload);
      }
    }
  }

  /** Subscribes a UI; nothing is delivered before `ready()`. */
  subscribe(listener: Listener): Subscription {
    const entry = { listener, held: [] as [EventName, unknown][] | undefined };
    this.subscribers.add(entry);
    return {
      ready: () => {
        const held = entry.held;
        if (held === undefined) return;
        entry.held = undefined;
        for (const [event, payload] of held) {
          listener(event, payload as EventMap[typeof event]);
        }
      },
      close: () => {
        this.subscribers.delete(entry);
      },
    };
  }
}
