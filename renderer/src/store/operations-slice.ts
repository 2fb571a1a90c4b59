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
  /** {@link upsertOperation} for each, in order, as one store update (one render). */
  upsertOperations(ops: readonly OperationSummary[]): void;
}

export const createOperationsSlice: StateCreator<AppState, [], [], OperationsSlice> = (
  set,
  get,
) => ({
  operations: {},
  upsertOperation: (op) => get().upsertOperations([op]),
  upsertOperations: (ops) => {
    if (ops.length === 0) return;
    const operations = { ...get().operations };
    let departed = get().departed;
    for (const op of ops) {
      // Re-insert so the newest update is last (lastOperationOf relies on the order).
      delete operations[op.id];
      operations[op.id] = op;
      const gone = departed[op.handsetId];
      if (gone !== undefined && gone.operation?.id === op.id)
        departed = { ...departed, [op.handsetId]: { ...gone, operation: op } };
    }
    set({ operations, departed });
  },
});
