import { useState } from 'react';
import { AppError } from '../../../shared/errors.ts';
import { downloadFile } from '../api/download.ts';
import { useApi } from '../api/context.tsx';
import { useT } from '../i18n.tsx';
import { OverwriteQuestion } from '../screens/seals/OverwriteQuestion.tsx';
import { useFileChooser } from './useFileChooser.tsx';

/**
 * What a written file offers: 打开, 在文件夹中显示 and 打印 in the desktop shell, 下载 in the web shell, and
 * 另存为 in both (the system's save dialog, or the web shell's own dialog in save mode).
 */
export function ResultActions({
  path,
  desktop,
  onExport,
  onPrint,
}: {
  path: string;
  desktop: boolean;
  /** Called before 下载 hands the file over: a sealed file's export goes on record first. */
  onExport?: ((path: string) => Promise<unknown>) | undefined;
  /** 打印 in the desktop shell, for a sealed file: on record, then the print dialog. */
  onPrint?: ((path: string) => Promise<unknown>) | undefined;
}) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);
  const chooser = useFileChooser(desktop);
  const run = (action: () => Promise<unknown>): void => {
    setFailure(null);
    setSaved(null);
    action().catch(setFailure);
  };
  // The system's dialog asked before replacing a file; the web shell's asks here when the name is taken.
  const saveTo = async (to: string, overwrite: boolean): Promise<void> => {
    setReplacing(null);
    // On record once per 另存为, before the first copy attempt: replacing a taken name after the question is the same act.
    if (!overwrite) await onExport?.(path);
    try {
      await api.call('files.saveAs', { from: path, to, overwrite: overwrite || desktop });
      setSaved(to);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'OUTPUT_EXISTS')) throw error;
      setReplacing(to);
    }
  };
  const saveAs = async (): Promise<void> => {
    const [to] = await chooser.choose('save', undefined, path.split(/[\\/]/).pop());
    if (to !== undefined) await saveTo(to, false);
  };
  return (
    <span className="result-actions">
      {desktop ? (
        <>
          <button type="button" onClick={() => run(() => api.call('files.open', { path }))}>
            {t('files.open')}
          </button>
          <button type="button" onClick={() => run(() => api.call('files.reveal', { path }))}>
            {t('files.reveal')}
          </button>
          {onPrint && (
            <button type="button" onClick={() => run(() => onPrint(path))}>
              {t('files.print')}
            </button>
          )}
        </>
      ) : (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              await onExport?.(path);
              await downloadFile(api, path);
            })
          }
        >
          {t('files.download')}
        </button>
      )}
      <button type="button" onClick={() => run(saveAs)}>
        {t('files.saveAs')}
      </button>
      {chooser.dialog}
      {replacing !== null && (
        <OverwriteQuestion taken={[replacing]} onConfirm={() => run(() => saveTo(replacing, true))} onCancel={() => setReplacing(null)} />
      )}
      {saved !== null && (
        <span className="ok" role="status">
          {t('files.savedAs', { path: saved })}
        </span>
      )}
      {failure !== null && (
        <span className="error" role="alert">
          {describe(failure)}
        </span>
      )}
    </span>
  );
}
