/**
 * Connects the store to the services: events write into it (progress coalesced per frame), the first handset
 * list and the settings are fetched, then main is told the UI is ready (events held back
 * until then are delivered — hotplug can precede React).
 */
import type { OperationSummary, RendererApi } from '../../../main/ipc/contract.js';
import { frameBatch } from './frame-batch.js';
import { useAppStore } from './store.js';

/** Subscribes to every event and loads the first state; returns the unsubscribe. */
export function connectStore(api: RendererApi): () => void {
  const s = useAppStore.getState;
  // Progress comes at up to 10/s per handset: one store update per frame, not per event.
  const progress = frameBatch<OperationSummary>((ops) => s().upsertOperations(ops));
  const offs = [
    api.on('handsets:changed', (list) => {
      // setHandsets reads the operations (to tell who left mid-operation): bring them up to date.
      progress.flush();
      s().setHandsets(list);
    }),
    api.on('operations:progress', (op) => progress.push(op)),
    api.on('trace:message', (m) => s().appendTrace(m.sessionId, m.message)),
  ];
  void (async () => {
    const [list, settings, ops] = await Promise.all([
      api.invoke('handsets:list', {}),
      api.invoke('settings:get', {}),
      api.invoke('operations:list', {}),
    ]);
    if (ops.ok) s().upsertOperations(ops.value);
    if (list.ok) s().setHandsets(list.value);
    else s().notify('error', `Could not list handsets: ${list.error.message}`);
    if (settings.ok) s().setSettings(settings.value);
    else s().notify('error', `Could not read settings: ${settings.error.message}`);
    api.ready();
  })();
  return () => {
    for (const off of offs) off();
    progress.flush();
  };
}
