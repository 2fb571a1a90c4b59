/**
 * Operations by id, written from `operations:start` results and `operations:progress`
 * events. A departed handset's record follows its operation's later updates (e.g. the
 * runner reporting it interrupted).
 */
import type { StateCreator } from 'zustand';
import type { OperationSummary } from '../../../main/ipc/contract.js';
import type { AppState } from './app-state.js';

export interface OperationsSlice {
  readonly operations: Readonly<Record<string, OperationSummary>>;
  upsertOperation(op: OperationSummary): void;
}

export const createOperationsSlice: StateCreator<AppState, [], [], OperationsSlice> = (
  set,
  get,
) => ({
  operations: {},
  upsertOperation: (op) => {
    const operations = { ...get().operations };
    // Re-insert so the newest update is last (lastOperationOf relies on the order).
    delete operations[op.id];
    operations[op.id] = op;
    const gone = get().departed[op.handsetId];
    const departed =
      gone !== undefined && gone.operation?.id === op.id
        ? { ...get().departed, [op.handsetId]: { ...gone, operation: op } }
        : get().departed;
    set({ operations, departed });
  },
});
