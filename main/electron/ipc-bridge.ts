/**
 * The main-process end of the preload: `cimo:invoke` goes to the gateway — only from our
 * own window's top frame (the sender is checked, as electron/fiddle does) — and gateway
 * events go to each window, held until its renderer says `cimo:ready`.
 */
import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { Gateway, Subscription } from '../ipc/gateway.js';

function trusted(event: IpcMainInvokeEvent | IpcMainEvent, appOrigin: string): boolean {
  const win = BrowserWindow.fromWebContents(event.sender);
  const frame = event.senderFrame;
  return (
    win !== null &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    frame.url.startsWith(appOrigin)
  );
}

/** Wires the gateway to IPC; returns a function that unwires it. */
export function bridgeGateway(gateway: Gateway, appOrigin: string): () => void {
  const subs = new Map<number, Subscription>();
  ipcMain.handle('cimo:invoke', (event, channel: unknown, args: unknown) => {
    if (!trusted(event, appOrigin)) {
      return {
        ok: false,
        error: { name: 'IpcError', code: 'untrusted-sender', message: 'refused' },
      };
    }
    return gateway.invoke(String(channel), args, { shell: 'electron' });
  });
  ipcMain.on('cimo:ready', (event) => {
    if (!trusted(event, appOrigin)) return;
    const contents = event.sender;
    let sub = subs.get(contents.id);
    if (sub === undefined) {
      sub = gateway.subscribe((name, payload) => {
        if (!contents.isDestroyed()) contents.send('cimo:event', name, payload);
      });
      subs.set(contents.id, sub);
      contents.once('destroyed', () => {
        subs.get(contents.id)?.close();
        subs.delete(contents.id);
      });
    }
    sub.ready();
  });
  return () => {
    ipcMain.removeHandler('cimo:invoke');
    ipcMain.removeAllListeners('cimo:ready');
    for (const s of subs.values()) s.close();
    subs.clear();
  };
}
