import { BrowserWindow, session } from 'electron';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/errors.ts';
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

/**
 * 打印 of a sealed PDF: the document in a window of its own, in Chromium's PDF viewer (no preload, no API,
 * a session of its own), and the system's print dialog over it. Resolves when the dialog closes, printed or
 * cancelled; the window stays for the user to look at or print again.
 */
export async function printPdf(parent: BrowserWindow, path: string): Promise<void> {
  const viewer = new BrowserWindow({
    parent,
    width: 900,
    height: 1100,
    title: basename(path),
    webPreferences: {
      partition: 'sealdesk-print',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      plugins: true,
      // As in the main window: a middle click must not open a link from the document in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  viewer.webContents.on('will-navigate', (event) => event.preventDefault());
  viewer.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await viewer.loadURL(pathToFileURL(path).href);
  await new Promise<void>((resolve, reject) => {
    viewer.webContents.print({}, (printed, reason) =>
      printed || reason === 'cancelled' ? resolve() : reject(new AppError('PRINT_FAILED', { reason })),
    );
  });
}
