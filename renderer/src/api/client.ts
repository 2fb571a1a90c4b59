/**
 * The renderer's API object, derived from the contract: in Electron the preload provides
 * it as `window.cimo`; in a browser (the web shell) it is built here over HTTP + WebSocket
 * with the per-run token from the page address's fragment.
 */
import type {
  Channel,
  EventMap,
  EventName,
  IpcResult,
  RendererApi,
  RequestArgs,
  ResultMap,
} from '../../../main/ipc/contract';

declare global {
  interface Window {
    readonly cimo?: RendererApi;
  }
}

/** The token the web shell put in the address (`#token=…`), kept for this tab only. */
function webToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash !== null && fromHash !== '') {
    sessionStorage.setItem('cimo-token', fromHash);
    // Keep the token out of the visible address and history.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem('cimo-token') ?? '';
}

/** The web shell's client: POST per request, one WebSocket for events (reconnecting). */
export function createWebApi(): RendererApi {
  const token = webToken();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | undefined;
  let wantReady = false;

  const connect = (): void => {
    const url = new URL('/api/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      if (wantReady) ws.send(JSON.stringify({ type: 'ready' }));
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { event: EventName; payload: unknown };
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
    };
    ws.onclose = () => {
      socket = undefined;
      setTimeout(connect, 1000);
    };
  };
  connect();

  return {
    invoke: async <C extends Channel>(
      channel: C,
      args: RequestArgs<C>,
    ): Promise<IpcResult<ResultMap[C]>> => {
      try {
        const res = await fetch(`/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cimo-token': token },
          body: JSON.stringify(args),
        });
        if (!res.ok) {
          return {
            ok: false,
            error: { name: 'HttpError', code: `http-${res.status}`, message: await res.text() },
          };
        }
        return (await res.json()) as IpcResult<ResultMap[C]>;
      } catch (e) {
        return {
          ok: false,
          error: { name: 'NetworkError', code: 'unreachable', message: String(e) },
        };
      }
    },
    on: <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) => {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    ready: () => {
      wantReady = true;
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ready' }));
    },
  };
}

/** The API for this page: Electron's preload if present, else the web shell's client. */
export const api: RendererApi = window.cimo ?? createWebApi();
