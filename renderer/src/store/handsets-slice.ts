/**
 * Handsets on the bench: the live list (written straight from `handsets:changed`), the
 * details fetched for the handset view, the bench selection, and handsets that vanished
 * while an operation was running — kept so the bench can say what happened to them.
 */
import type { StateCreator } from 'zustand';
import type {
  HandsetDetail,
  HandsetSummary,
  OperationSummary,
} from '../../../main/ipc/contract.js';
import type { AppState } from './app-state.js';

/** A handset that left the bench with an operation unfinished. */
export interface DepartedHandset {
  readonly summary: HandsetSummary;
  readonly at: string;
  readonly operation: OperationSummary | undefined;
}

export interface HandsetsSlice {
  readonly handsets: readonly HandsetSummary[];
  readonly details: Readonly<Record<string, HandsetDetail>>;
  readonly selected: readonly string[];
  readonly departed: Readonly<Record<string, DepartedHandset>>;
  /** Replaces the list; handsets gone with an operation running move to `departed`. */
  setHandsets(list: readonly HandsetSummary[]): void;
  setDetail(detail: HandsetDetail): void;
  toggleSelected(id: string): void;
  setSelected(ids: readonly string[]): void;
  dismissDeparted(id: string): void;
}

const FINISHED = new Set(['done', 'failed', 'cancelled', 'interrupted']);

export const createHandsetsSlice: StateCreator<AppState, [], [], HandsetsSlice> = (set, get) => ({
  handsets: [],
  details: {},
  selected: [],
  departed: {},
  setHandsets: (list) => {
    const before = get().handsets;
    const ids = new Set(list.map((h) => h.id));
    const departed = { ...get().departed };
    for (const h of before) {
      if (ids.has(h.id)) continue;
      const op = h.activeOperation ?? lastOperationOf(get().operations, h.id);
      if (op !== undefined && !FINISHED.has(op.status)) {
        departed[h.id] = { summary: h, at: new Date().toISOString(), operation: op };
      }
    }
    for (const id of ids) delete departed[id];
    const ops = { ...get().operations };
    for (const h of list)
      if (h.activeOperation !== undefined) ops[h.activeOperation.id] = h.activeOperation;
    set({
      handsets: list,
      departed,
      operations: ops,
      selected: get().selected.filter((id) => ids.has(id)),
    });
  },
  setDetail: (detail) => set({ details: { ...get().details, [detail.id]: detail } }),
  toggleSelected: (id) => {
    const sel = get().selected;
    set({ selected: sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id] });
  },
  setSelected: (ids) => set({ selected: [...ids] }),
  dismissDeparted: (id) => {
    const departed = { ...get().departed };
    delete departed[id];
    set({ departed });
  },
});

/** The newest operation recorded for a handset (insertion order = arrival order). */
export function lastOperationOf(
  ops: Readonly<Record<string, OperationSummary>>,
  handsetId: string,
): OperationSummary | undefined {
  let last: OperationSummary | undefined;
  for (const op of Object.values(ops)) if (op.handsetId === handsetId) last = op;
  return last;
}
