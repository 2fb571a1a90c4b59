/**
 * Where the operator is (view, handset), the theme, the operation flow dialog's request,
 * and notices (errors in words) shown at the top of the window.
 */
import type { StateCreator } from 'zustand';
import type { OperationKind } from '../../../main/ipc/contract.js';
import type { AppState } from './app-state.js';

export type View = 'bench' | 'handset' | 'vault' | 'audit' | 'trace' | 'settings';
export type Theme = 'system' | 'light' | 'dark';

/** What the operator asked to run; the dialog takes it from review to result. */
export interface FlowRequest {
  readonly operation: OperationKind;
  readonly handsetIds: readonly string[];
  /** Chosen item ids (empty: every item). */
  readonly items: readonly string[];
  readonly apps: readonly string[];
}

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface UiSlice {
  readonly view: View;
  readonly handsetId: string | undefined;
  readonly theme: Theme;
  readonly flow: FlowRequest | undefined;
  readonly notices: readonly Notice[];
  navigate(view: View, handsetId?: string): void;
  setTheme(theme: Theme): void;
  openFlow(req: FlowRequest): void;
  closeFlow(): void;
  notify(kind: Notice['kind'], text: string): void;
  dismissNotice(id: number): void;
}

let noticeId = 0;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  view: 'bench',
  handsetId: undefined,
  theme: 'system',
  flow: undefined,
  notices: [],
  navigate: (view, handsetId) =>
    set({ view, handsetId: view === 'handset' ? (handsetId ?? get().handsetId) : get().handsetId }),
  setTheme: (theme) => set({ theme }),
  openFlow: (flow) => set({ flow }),
  closeFlow: () => set({ flow: undefined }),
  notify: (kind, text) =>
    set({ notices: [...get().notices.slice(-4), { id: ++noticeId, kind, text }] }),
  dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
});
