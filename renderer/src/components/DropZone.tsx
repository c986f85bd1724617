import { useState, type DragEvent, type ReactNode } from 'react';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/index.ts';
import type { ApiClient } from '../api/client.ts';
import { droppedFilePath } from '../api/client.ts';
import { useApi } from '../api/context.tsx';
import { base64Of } from '../files.ts';
import { useT } from '../i18n.tsx';

/**
 * Files dropped here become paths: the desktop shell knows where a dropped file lives; a browser never
 * says, so the web shell's page sends its bytes, in pieces, into this session's inbox on the local
 * machine and uses the copy's path.
 */
export function DropZone({
  onPaths,
  onError,
  children,
}: {
  onPaths: (paths: string[]) => void;
  onError: (error: unknown) => void;
  children: ReactNode;
}) {
  const api = useApi();
  const { t } = useT();
  const [receiving, setReceiving] = useState<{ name: string; fraction: number } | null>(null);
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    void droppedPaths(api, files, (name, fraction) => setReceiving({ name, fraction }))
      .then(onPaths, onError)
      .finally(() => setReceiving(null));
  };
  return (
    <div className="drop-zone" data-testid="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      {children}
      <p className="hint">
        {receiving === null
          ? t('files.dropHint')
          : t('files.receiving', { name: receiving.name, percent: Math.floor(receiving.fraction * 100) })}
      </p>
    </div>
  );
}

async function droppedPaths(
  api: ApiClient,
  files: readonly File[],
  onProgress: (name: string, fraction: number) => void,
): Promise<string[]> {
  const paths: string[] = [];
  for (const file of files) paths.push(droppedFilePath(file) ?? (await intoInbox(api, file, onProgress)));
  return paths;
}

async function intoInbox(api: ApiClient, file: File, onProgress: (name: string, fraction: number) => void): Promise<string> {
  const { id } = await api.call('files.inboxStart', { name: file.name, size: file.size });
  for (let offset = 0; ; offset += UPLOAD_CHUNK_BYTES) {
    onProgress(file.name, offset / file.size);
    const base64 = await base64Of(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
    const { path } = await api.call('files.inboxAppend', { id, offset, base64 });
    if (path !== null) return path;
  }
}
