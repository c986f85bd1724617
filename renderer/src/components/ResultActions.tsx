import { useState } from 'react';
import { downloadFile } from '../api/download.ts';
import { useApi } from '../api/context.tsx';
import { useT } from '../i18n.tsx';

/** What a written file offers: 打开, 在文件夹中显示 (and 打印) in the desktop shell, 下载 in the web shell. */
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
  const run = (action: () => Promise<unknown>): void => {
    setFailure(null);
    action().catch(setFailure);
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
      {failure !== null && (
        <span className="error" role="alert">
          {describe(failure)}
        </span>
      )}
    </span>
  );
}
