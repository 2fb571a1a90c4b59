/**
 * The console window with Electron's secure defaults: context isolation, sandbox, no Node
 * in the renderer, a strict CSP on every response, no new windows, no navigation away
 * from the app.
 */
import { BrowserWindow, session, shell } from 'electron';
import type { WebContents } from 'electron';

/** The Content-Security-Policy of the app's pages: our own scripts only, no eval. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Applies the CSP header to every response of the default session (once). */
let cspInstalled = false;
export function installCsp(): void {
  if (cspInstalled) return;
  cspInstalled = true;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] },
    });
  });
  // No permission (camera, geolocation, notifications…) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
}

/** Denies new windows (links to the web open in the system browser) and navigation. */
export function lockDown(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Creates the main window loading `url` with `preload`. */
export function createMainWindow(options: {
  readonly preload: string;
  readonly url: string;
  readonly appOrigin: string;
}): BrowserWindow {
  installCsp();
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 720,
    title: 'CIMO Console',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents, options.appOrigin);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
