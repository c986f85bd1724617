import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/index.ts';
import type { ApiClient } from '../api/client.ts';
import { droppedFilePath } from '../api/client.ts';
import { useApi } from '../api/context.tsx';
import { base64Of } from '../files.ts';
import { useT } from '../i18n.tsx';

/** What the screen on show does with PDFs dropped anywhere on the window. */
export interface DropTarget {
  /** Said on the overlay while files are dragged over the window. */
  purpose: string;
  onPaths: (paths: string[]) => void;
  onError: (error: unknown) => void;
}

type Register = (target: RefObject<DropTarget>) => () => void;
const RegisterContext = createContext<Register>(() => () => undefined);

/** While mounted, the calling screen takes what is dropped on the window; the latest `target` is used. */
export function useWindowDrop(target: DropTarget): void {
  const register = useContext(RegisterContext);
  const latest = useRef(target);
  useEffect(() => {
    latest.current = target;
  });
  useEffect(() => register(latest), [register]);
}

/** A PDF by its header (within the first KB, as readers allow), whatever its name says. */
async function isPdf(file: File): Promise<boolean> {
  return (await file.slice(0, 1024).text()).includes('%PDF-');
}

/**
 * Files can be dropped anywhere on the window: an overlay says what the screen on show will do with
 * them (or that it takes none); what is not a PDF is refused by name. The desktop shell knows where a
 * dropped file lives; a browser never says, so the web shell's page sends its bytes, in pieces, into
 * this session's inbox on the local machine and uses the copy's path.
 */
export function WindowDrop({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t } = useT();
  const target = useRef<RefObject<DropTarget> | null>(null);
  const [dragging, setDragging] = useState<{ purpose: string | null } | null>(null);
  const [receiving, setReceiving] = useState<{ name: string; fraction: number } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const register = useCallback<Register>((ref) => {
    target.current = ref;
    return () => {
      if (target.current === ref) target.current = null;
    };
  }, []);

  const receive = useCallback(
    async (files: readonly File[]): Promise<void> => {
      const taker = target.current?.current;
      if (taker === undefined) {
        setRefusal(t('drop.nowhere'));
        return;
      }
      const checked = await Promise.all(files.map(async (file) => ({ file, pdf: await isPdf(file) })));
      const refused = checked.filter((c) => !c.pdf).map((c) => c.file.name);
      setRefusal(refused.length === 0 ? null : t('drop.notPdf', { names: refused.join('、') }));
      const pdfs = checked.filter((c) => c.pdf).map((c) => c.file);
      if (pdfs.length === 0) return;
      try {
        taker.onPaths(await droppedPaths(api, pdfs, (name, fraction) => setReceiving({ name, fraction })));
      } catch (error) {
        taker.onError(error);
      } finally {
        setReceiving(null);
      }
    },
    [api, t],
  );

  useEffect(() => {
    // dragenter and dragleave come in pairs as the pointer crosses elements; the window is left at zero.
    let depth = 0;
    const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setRefusal(null);
      setDragging({ purpose: target.current?.current.purpose ?? null });
    };
    const over = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = target.current === null ? 'none' : 'copy';
    };
    const leave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(null);
    };
    const drop = (event: DragEvent): void => {
      depth = 0;
      setDragging(null);
      // A control that takes its own drop (an application's attachment) has dealt with it already.
      if (event.defaultPrevented || !carriesFiles(event)) return;
      event.preventDefault();
      void receive([...(event.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [receive]);

  return (
    <RegisterContext.Provider value={register}>
      {children}
      {dragging && (
        <div className={dragging.purpose === null ? 'drop-overlay drop-overlay-refused' : 'drop-overlay'} data-testid="drop-overlay">
          <p>{dragging.purpose ?? t('drop.nowhere')}</p>
        </div>
      )}
      {receiving && (
        <p className="drop-receiving" role="status">
          {t('files.receiving', { name: receiving.name, percent: Math.floor(receiving.fraction * 100) })}
        </p>
      )}
      {refusal && (
        <p className="banner banner-error drop-refusal" role="alert">
          {refusal}{' '}
          <button type="button" onClick={() => setRefusal(null)}>
            {t('common.close')}
          </button>
        </p>
      )}
    </RegisterContext.Provider>
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
