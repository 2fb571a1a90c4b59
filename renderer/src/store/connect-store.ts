/**
 * Connects the store to the services: events write into it directly, the first handset
 * list and the settings are fetched, then main is told the UI is ready (events held back
 * until then are delivered — hotplug can precede React).
 */
import type { RendererApi } from '../../../main/ipc/contract.js';
import { useAppStore } from './store.js';

/** Subscribes to every event and loads the first state; returns the unsubscribe. */
export function connectStore(api: RendererApi): () => void {
  const s = useAppStore.getState;
  const offs = [
    api.on('handsets:changed', (list) => s().setHandsets(list)),
    api.on('operations:progress', (op) => s().upsertOperation(op)),
    api.on('trace:message', (m) => s().appendTrace(m.sessionId, m.message)),
  ];
  void (async () => {
    const [list, settings, ops] = await Promise.all([
      api.invoke('handsets:list', {}),
      api.invoke('settings:get', {}),
      api.invoke('operations:list', {}),
    ]);
    if (ops.ok) for (const op of ops.value) s().upsertOperation(op);
    if (list.ok) s().setHandsets(list.value);
    else s().notify('error', `Could not list handsets: ${list.error.message}`);
    if (settings.ok) s().setSettings(settings.value);
    else s().notify('error', `Could not read settings: ${settings.error.message}`);
    api.ready();
  })();
  return () => {
    for (const off of offs) off();
  };
}
