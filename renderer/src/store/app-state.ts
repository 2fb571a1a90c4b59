/** The whole UI state: the union of the typed slices. */
import type { HandsetsSlice } from './handsets-slice.js';
import type { OperationsSlice } from './operations-slice.js';
import type { SettingsSlice } from './settings-slice.js';
import type { TraceSlice } from './trace-slice.js';
import type { UiSlice } from './ui-slice.js';

export type AppState = HandsetsSlice & OperationsSlice & UiSlice & SettingsSlice & TraceSlice;
