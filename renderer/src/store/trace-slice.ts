/**
 * Trace messages pushed live (`trace:message`), per DM session, capped so a long bench
 * run cannot grow the window's memory without bound.
 */
import type { StateCreator } from 'zustand';
import type { TraceMessageView } from '../../../main/ipc/contract.js';
import type { AppState } from './app-state.js';

/** Messages kept per session from live events (the full session is fetched on demand). */
export const LIVE_TRACE_CAP = 500;

export interface TraceSlice {
  readonly liveTrace: Readonly<Record<string, readonly TraceMessageView[]>>;
  appendTrace(sessionId: string, message: TraceMessageView): void;
}

export const createTraceSlice: StateCreator<AppState, [], [], TraceSlice> = (set, get) => ({
  liveTrace: {},
  appendTrace: (sessionId, message) => {
    const prev = get().liveTrace[sessionId] ?? [];
    const next = [...prev, message];
    if (next.length > LIVE_TRACE_CAP) next.splice(0, next.length - LIVE_TRACE_CAP);
    set({ liveTrace: { ...get().liveTrace, [sessionId]: next } });
  },
});
