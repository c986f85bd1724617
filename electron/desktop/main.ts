import '../services/platform/small-young-generation.ts';
import { app, dialog, ipcMain, shell, type BrowserWindow } from 'electron';
import { DemoCenterRunner } from '../../center/demo.ts';
import { dispatch, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/index.ts';
import { SealDeskApp, type FileKind } from '../services/app/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { KeyWrapper } from '../services/vault/index.ts';
import { join } from 'node:path';
import { keychainWrapper } from './keychain.ts';
import { ElectronSettingsStore } from './settings-store.ts';
import { createMainWindow, isTrustedSender, printPdf } from './window.ts';

const DIALOGS: Record<FileKind, Electron.OpenDialogOptions> = {
  module: {
    properties: ['openFile'],
    filters: [{ name: 'PKCS#11', extensions: process.platform === 'win32' ? ['dll'] : ['so', 'dylib', '*'] }],
  },
  pdf: { properties: ['openFile', 'multiSelections'], filters: [{ name: 'PDF', extensions: ['pdf'] }] },
  folder: { properties: ['openDirectory', 'createDirectory'] },
};

/** 打开 with the system's application for the file, 在文件夹中显示 in the system's file manager, 打印 over a viewer window. */
function showFile(window: BrowserWindow) {
  return {
    open: async (path: string): Promise<void> => {
      const failure = await shell.openPath(path);
      if (failure !== '') throw new AppError('FILE_NOT_FOUND', { path });
    },
    reveal: (path: string): void => shell.showItemInFolder(path),
    print: (path: string): Promise<void> => printPdf(window, path),
  };
}

async function pickFiles(window: BrowserWindow, kind: FileKind): Promise<string[]> {
  const result = await dialog.showOpenDialog(window, DIALOGS[kind]);
  return result.canceled ? [] : result.filePaths;
}

/** 另存为 in the system's save dialog, which itself asks before replacing a file. */
async function pickSavePath(window: BrowserWindow, name: string): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, {
    defaultPath: join(app.getPath('documents'), name),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || result.filePath === '' ? null : result.filePath;
}

/** Without a real keychain the desktop shell falls back to the passphrase, like the web shell. */
function keychainOption(): { keychain?: KeyWrapper } {
  const keychain = keychainWrapper();
  return keychain ? { keychain } : {};
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const window = createMainWindow(__dirname);
  // As in the web shell: demo mode brings its own resource center, so 申请 → 同步 → 办结 works on one machine.
  const demoCenter = new DemoCenterRunner();
  const sealdesk = new SealDeskApp({
    shell: 'desktop',
    dataDir: app.getPath('userData'),
    settings: new ElectronSettingsStore(),
    moduleOverride: process.env['SEALDESK_PKCS11_MODULE'] ?? null,
    pickFiles: (kind) => pickFiles(window, kind),
    showFile: showFile(window),
    pickSavePath: (name) => pickSavePath(window, name),
    ...keychainOption(),
    exportDir: join(app.getPath('documents'), 'SealDesk'),
    provisionDemo: (dir) => demoCenter.provision(dir),
  });
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event.senderFrame, window)) return { ok: false, error: { code: 'UNAUTHORIZED', params: {} } };
    return dispatch(sealdesk.handlers, typeof method === 'string' ? method : '', params);
  });
  sealdesk.onEvent((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  await sealdesk.start();
  app.on('second-instance', () => window.focus());
  app.on(
    'window-all-closed',
    () =>
      void sealdesk
        .stop()
        .then(() => demoCenter.close())
        .then(() => app.quit()),
  );
}

void main();
