import { useState } from 'react';
import type { DocumentReport } from '../../../../shared/model/verification.ts';
import { useApi } from '../../api/context.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useT } from '../../i18n.tsx';
import { signaturePages, VerifyReport } from './VerifyReport.tsx';

/** Integrity and trust shown apart: "not trusted here" is never presented as "invalid". */
export function VerifyPanel() {
  const api = useApi();
  const { t, error: describe } = useT();
  const [path, setPath] = useState('');
  const [report, setReport] = useState<DocumentReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  // The previous report stays open while the next verification runs; the same signature stays selected.
  const verify = async (): Promise<void> => {
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
  return (
    <div>
      <label>
        {t('seals.verifyPath')}
        <input name="verifyPath" value={path} onChange={(e) => setPath(e.target.value)} />
      </label>
      <button type="button" disabled={path === '' || busy} aria-busy={busy} onClick={() => void verify()}>
        {t('seals.doVerify')}
      </button>
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
