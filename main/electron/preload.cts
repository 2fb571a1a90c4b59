/**
 * The Electron preload: the only file that touches `ipcRenderer`. It runs sandboxed
 * (CommonJS, nothing of ours can be required), so it is self-contained: it exposes the
 * contract's `RendererApi` as `window.cimo` — `invoke`, `on`, `ready` — and nothing else;
 * never `ipcRenderer` itself. Channel and argument checks happen in the main process's
 * gateway, which is the trust boundary.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may require only 'electron'
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { RendererApi } from '../ipc/contract.js';

const { contextBridge, ipcRenderer } = electron;
const INVOKE = 'cimo:invoke';
const EVENT = 'cimo:event';
const READY = 'cimo:ready';

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT, (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of listeners.get(name) ?? []) l(payload);
});

const api: RendererApi = {
  invoke: (channel, args) => ipcRenderer.invoke(INVOKE, channel, args),
  on: (event, listener) => {
    let set = listeners.get(event);
    if (set === undefined) listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
  ready: () => ipcRenderer.send(READY),
};

contextBridge.exposeInMainWorld('cimo', api);
