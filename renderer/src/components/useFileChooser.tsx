import { useState, type ReactNode } from 'react';
import { useApi } from '../api/context.tsx';
import { FileDialog, type FileDialogMode } from './FileDialog.tsx';

interface Asking {
  mode: FileDialogMode;
  start: string | undefined;
  name: string | undefined;
  answer: (paths: string[]) => void;
}

/**
 * Choosing files or a folder the way the shell does it: the system's dialogs in the desktop shell, the
 * web shell's own FileDialog otherwise. `choose` resolves with the paths, empty when cancelled; `dialog`
 * is rendered wherever the caller renders.
 */
export function useFileChooser(systemDialogs: boolean): {
  choose: (mode: FileDialogMode, start?: string, name?: string) => Promise<string[]>;
  dialog: ReactNode;
} {
  const api = useApi();
  const [asking, setAsking] = useState<Asking | null>(null);
  const choose = async (mode: FileDialogMode, start?: string, name?: string): Promise<string[]> => {
    if (systemDialogs && mode === 'save') return [(await api.call('files.pickSave', { name: name ?? '' })).path].filter((p) => p !== null);
    if (systemDialogs && mode === 'files') return (await api.call('documents.pick', {})).paths;
    if (systemDialogs && mode === 'module') return [(await api.call('modules.pick', {})).path].filter((p) => p !== null);
    if (systemDialogs) return [(await api.call('files.pickFolder', {})).path].filter((p) => p !== null);
    return new Promise((answer) => setAsking({ mode, start, name, answer }));
  };
  const close = (paths: string[]): void => {
    asking?.answer(paths);
    setAsking(null);
  };
  const dialog = asking && (
    <FileDialog mode={asking.mode} start={asking.start} name={asking.name} onChoose={close} onCancel={() => close([])} />
  );
  return { choose, dialog };
}
