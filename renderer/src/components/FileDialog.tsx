import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { FolderListing, Places } from '../../../shared/model/files.ts';
import { useApi } from '../api/context.tsx';
import { useT } from '../i18n.tsx';

/** Several PDFs to sign or verify; one PKCS#11 module (any file); a folder to save into; a name to save a PDF as. */
export type FileDialogMode = 'files' | 'module' | 'folder' | 'save';

interface Props {
  mode: FileDialogMode;
  /** The folder to open in; the most recent place, else the home folder, when not given. */
  start?: string | undefined;
  /** 另存为: the name offered, which the user may change. */
  name?: string | undefined;
  onChoose: (paths: string[]) => void;
  onCancel: () => void;
}

const MAX_RECENT = 8;

/**
 * The web shell's own file dialog, served from this machine: places, recent folders, a PDF filter, and
 * the folder's files with their size and time; several PDFs may be chosen at once. For an output folder
 * it lists folders only and chooses the one shown. The desktop shell uses the system's dialogs instead.
 */
export function FileDialog({ mode, start, name, onChoose, onCancel }: Props) {
  const api = useApi();
  const { t, error: describe } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [places, setPlaces] = useState<Places | null>(null);
  const [folder, setFolder] = useState<string | null>(start ?? null);
  const [pdfOnly, setPdfOnly] = useState(true);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [fileName, setFileName] = useState(name ?? '');

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  useEffect(() => {
    void api.call('files.places', {}).then((found) => {
      setPlaces(found);
      setFolder((current) => current ?? found.recent[0] ?? found.home);
    }, setFailure);
  }, [api]);
  useEffect(() => {
    if (folder === null) return;
    const extensions = mode === 'folder' ? [] : mode === 'save' || (mode === 'files' && pdfOnly) ? ['pdf'] : undefined;
    setFailure(null);
    api.call('files.list', { path: folder, ...(extensions === undefined ? {} : { extensions }) }).then((found) => {
      setListing(found);
      setSelected([]);
    }, setFailure);
  }, [api, folder, pdfOnly, mode]);

  const choose = async (paths: string[]): Promise<void> => {
    if (listing !== null && places !== null) {
      const recentFolders = [listing.path, ...places.recent.filter((f) => f !== listing.path)].slice(0, MAX_RECENT);
      await api.call('settings.update', { recentFolders }).catch(() => undefined);
    }
    onChoose(paths);
  };
  const toggle = (path: string, on: boolean): void => {
    // Saving, a file in the folder lends its name (to replace it, once confirmed).
    if (mode === 'save' && on) setFileName(path.split(/[\\/]/).pop() ?? '');
    setSelected((current) => (!on ? current.filter((p) => p !== path) : mode === 'files' ? [...current, path] : [path]));
  };
  const title = t(`files.dialog.${mode}`);
  return createPortal(
    <dialog
      ref={dialog}
      className="sheet file-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h3 id={titleId}>{title}</h3>
      <div className="file-dialog-body">
        <nav className="file-places" aria-label={t('files.places')}>
          {places?.places.map((place) => (
            <button key={place.kind} type="button" title={place.path} onClick={() => setFolder(place.path)}>
              {t(`files.place.${place.kind}`)}
            </button>
          ))}
          {places !== null && places.recent.length > 0 && <h4>{t('files.recent')}</h4>}
          {places?.recent.map((path) => (
            <button key={path} type="button" title={path} onClick={() => setFolder(path)}>
              {path.split(/[\\/]/).pop() || path}
            </button>
          ))}
        </nav>
        <div className="file-listing">
          <div className="file-toolbar">
            <button type="button" disabled={listing?.parent == null} onClick={() => setFolder(listing?.parent ?? null)}>
              {t('files.up')}
            </button>
            <output aria-label={t('files.current')} className="file-path">
              {listing?.path ?? folder}
            </output>
            {mode === 'files' && (
              <label>
                {t('files.filter')}{' '}
                <select value={pdfOnly ? 'pdf' : 'all'} onChange={(e) => setPdfOnly(e.target.value === 'pdf')}>
                  <option value="pdf">{t('files.filter.pdf')}</option>
                  <option value="all">{t('files.filter.all')}</option>
                </select>
              </label>
            )}
          </div>
          {failure !== null && (
            <p className="error" role="alert">
              {describe(failure)}
            </p>
          )}
          {listing && (
            <Entries listing={listing} selected={selected} onOpen={setFolder} onToggle={toggle} onChoose={(p) => void choose([p])} />
          )}
        </div>
      </div>
      <div className="actions">
        {mode === 'save' ? (
          <>
            <label>
              {t('files.saveName')} <input name="saveName" value={fileName} onChange={(e) => setFileName(e.target.value)} />
            </label>
            <button
              type="button"
              disabled={listing === null || fileName.trim() === ''}
              onClick={() => listing && void choose([inFolder(listing.path, fileName.trim())])}
            >
              {t('files.save')}
            </button>
          </>
        ) : mode !== 'folder' ? (
          <button type="button" disabled={selected.length === 0} onClick={() => void choose(selected)}>
            {t('files.chooseFiles')}
            {selected.length > 1 ? ` (${t('files.selected', { count: selected.length })})` : ''}
          </button>
        ) : (
          <button type="button" disabled={listing === null} onClick={() => listing && void choose([listing.path])}>
            {t('files.chooseFolder')}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>,
    document.body,
  );
}

/** `name` in `folder`, with the folder's own separator (a Windows path keeps its backslashes). */
function inFolder(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

function Entries(props: {
  listing: FolderListing;
  selected: readonly string[];
  onOpen: (folder: string) => void;
  onToggle: (path: string, on: boolean) => void;
  onChoose: (path: string) => void;
}) {
  const { t, dateTime } = useT();
  if (props.listing.entries.length === 0) return <p className="hint">{t('files.empty')}</p>;
  return (
    <table className="file-entries" data-testid="file-entries">
      <thead>
        <tr>
          <th>{t('files.col.name')}</th>
          <th>{t('files.col.size')}</th>
          <th>{t('files.col.modified')}</th>
        </tr>
      </thead>
      <tbody>
        {props.listing.entries.map((entry) => (
          <tr key={entry.path}>
            <td>
              {entry.kind === 'folder' ? (
                <button type="button" className="link folder" onClick={() => props.onOpen(entry.path)}>
                  {entry.name}
                </button>
              ) : (
                <label onDoubleClick={() => props.onChoose(entry.path)}>
                  <input
                    type="checkbox"
                    checked={props.selected.includes(entry.path)}
                    onChange={(e) => props.onToggle(entry.path, e.target.checked)}
                  />{' '}
                  {entry.name}
                </label>
              )}
            </td>
            <td>{entry.kind === 'folder' ? t('files.folderKind') : <FileSize bytes={entry.size} />}</td>
            <td>{dateTime(entry.modified)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FileSize({ bytes }: { bytes: number }) {
  const { t } = useT();
  const mb = bytes / 1024 / 1024;
  return <>{mb >= 1 ? t('files.sizeMb', { size: mb.toFixed(1) }) : t('files.sizeKb', { size: Math.max(1, Math.ceil(bytes / 1024)) })}</>;
}
