import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/ipc.ts';

// Sandboxed preload: exposes one call, one event subscription and the path of a dropped file, never
// ipcRenderer itself nor the IPC event (whose sender would reach the page).
contextBridge.exposeInMainWorld('sealdesk', {
  call: (method: string, params: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params),
  onEvent: (listener: (event: string, payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
  // Anything but a File from the page is no file on disk: '' makes the page send the bytes instead.
  pathForFile: (file: File): string => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
});
