/** The console's settings as last read or written (undefined until loaded). */
import type { StateCreator } from 'zustand';
import type { Settings } from '../../../main/ipc/contract.js';
import type { AppState } from './app-state.js';

export interface SettingsSlice {
  readonly settings: Settings | undefined;
  setSettings(s: Settings): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: undefined,
  setSettings: (settings) => set({ settings }),
});
