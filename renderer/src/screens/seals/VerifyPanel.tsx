import { useEffect, useState } from 'react';
import type { DocumentReport } from '../../../../shared/model/verification.ts';
import { useApi } from '../../api/context.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useFileChooser } from '../../components/useFileChooser.tsx';
import { useWindowDrop } from '../../components/WindowDrop.tsx';
import { useT } from '../../i18n.tsx';
import { signaturePages, VerifyReport } from './VerifyReport.tsx';

/** Integrity and trust shown apart: "not trusted here" is never presented as "invalid". */
export function VerifyPanel({ canPickFiles, initialPath }: { canPickFiles: boolean; initialPath: string | null }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const chooser = useFileChooser(canPickFiles);
  const [path, setPath] = useState(initialPath ?? '');
  const [report, setReport] = useState<DocumentReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  // The previous report stays open while the next verification runs; the same signature stays selected.
  const verify = async (path: string): Promise<void> => {
    setFailure(null);
    setBusy(true);
    try {
      const result = await api.call('documents.verify', { path });
      const kept =
        report?.path === result.path ? result.signatures.findIndex((s) => s.fieldName === report.signatures[selected]?.fieldName) : -1;
      setSelected(
        kept >= 0
          ? kept
          : Math.max(
              0,
              result.signatures.findLastIndex((s) => signaturePages(s).length > 0),
            ),
      );
      setReport(result);
    } catch (error) {
      setReport(null);
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };
  /** A file handed on from 盖章, chosen in the dialog or dropped is verified at once. */
  const verifyChosen = (paths: readonly string[]): void => {
    const [chosen] = paths;
    if (chosen === undefined) return;
    setPath(chosen);
    void verify(chosen);
  };
  useWindowDrop({ purpose: t('drop.toVerify'), onPaths: verifyChosen, onError: (error) => setFailure(describe(error)) });
  useEffect(() => {
    if (initialPath !== null) void verify(initialPath);
    // Once, for the file handed on when the panel opened; SealsScreen remounts it for the next one.
  }, []);
  return (
    <div>
      <div className="drop-zone">
        <label>
          {t('seals.verifyPath')}
          <input name="verifyPath" value={path} onChange={(e) => setPath(e.target.value)} />
        </label>
        <button
          type="button"
          onClick={() => void chooser.choose('files').then(verifyChosen, (error: unknown) => setFailure(describe(error)))}
        >
          {t('seals.pickFiles')}
        </button>
        <button type="button" disabled={path === '' || busy} aria-busy={busy} onClick={() => void verify(path)}>
          {t('seals.doVerify')}
        </button>
        <p className="hint">{t('files.dropHint')}</p>
      </div>
      {chooser.dialog}
      {busy && <Spinner label={t('verify.running')} />}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {report && <VerifyReport report={report} selected={selected} onSelect={setSelected} />}
    </div>
  );
}
