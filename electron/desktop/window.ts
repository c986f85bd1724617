import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.ts';

/** The one window factory: every security default lives here (Electron security checklist 3, 4, 7, 13, 14). */
export function createMainWindow(appDir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Only desktop notifications (the center answered): no camera, location, clipboard or anything else.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'SealDesk',
    webPreferences: {
      preload: join(appDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click would open a link in a new window without passing setWindowOpenHandler's checks.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  void window.loadFile(join(appDir, '..', 'renderer', 'index.html'));
  return window;
}

/** Only our own top-level page, loaded from the packaged files, may call the API (checklist 17). */
export function isTrustedSender(frame: Electron.WebFrameMain | null, window: BrowserWindow): boolean {
  return frame !== null && frame === window.webContents.mainFrame && frame.url.startsWith('file://');
}
