/**
 * The app's zustand store, made of typed slices (HOUSE-STYLE.md "State in React").
 * Actions are callable outside React: IPC events write into the store directly
 * (see `connect-store.ts`). `resetStore()` puts it back to its first state for tests.
 */
import { create } from 'zustand';
import type { AppState } from './app-state.js';
import { createHandsetsSlice } from './handsets-slice.js';
import { createOperationsSlice } from './operations-slice.js';
import { createSettingsSlice } from './settings-slice.js';
import { createTraceSlice } from './trace-slice.js';
import { createUiSlice } from './ui-slice.js';

export const useAppStore = create<AppState>()((...a) => ({
  ...createHandsetsSlice(...a),
  ...createOperationsSlice(...a),
  ...createUiSlice(...a),
  ...createSettingsSlice(...a),
  ...createTraceSlice(...a),
}));

const initial = useAppStore.getState();

/** Restores the store's initial state (test helper; actions included). */
export function resetStore(): void {
  useAppStore.setState(initial, true);
}
