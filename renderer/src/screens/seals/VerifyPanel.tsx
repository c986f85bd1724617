import { useState } from 'react';
import type { DocumentReport, SignatureReport } from '../../../../shared/model/verification.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';

/** Integrity and trust shown apart: "not trusted here" is never presented as "invalid". */
export function VerifyPanel() {
  const api = useApi();
  const { t, error: describe } = useT();
  const [path, setPath] = useState('');
  const [report, setReport] = useState<DocumentReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const verify = async (): Promise<void> => {
    setFailure(null);
    setReport(null);
    try {
      setReport(await api.call('documents.verify', { path }));
    } catch (error) {
      setFailure(describe(error));
    }
  };
  return (
    <div>
      <label>
        {t('seals.verifyPath')}
        <input name="verifyPath" value={path} onChange={(e) => setPath(e.target.value)} />
      </label>
      <button type="button" disabled={path === ''} onClick={() => void verify()}>
        {t('seals.doVerify')}
      </button>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {report && (
        <div data-testid="verify-report">
          <p className={report.verdict === 'valid' ? 'ok' : 'error'} data-testid="verdict">
            {t(`verify.verdict.${report.verdict}`)}
          </p>
          {report.locked && <p>{t('verify.locked')}</p>}
          <ol>
            {report.signatures.map((s) => (
              <SignatureItem key={s.fieldName} signature={s} />
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function SignatureItem({ signature: s }: { signature: SignatureReport }) {
  const { t } = useT();
  const modified = s.laterChanges.filter((c) => c.kind === 'modified').length;
  const changes = !s.changesPermitted
    ? t('verify.changes.notPermitted')
    : modified > 0
      ? t('verify.changes.modified', { count: modified })
      : t(s.laterChanges.length > 0 ? 'verify.changes.signaturesOnly' : 'verify.changes.none');
  const widget = s.widgets.find((w) => w.pageIndex !== null && w.rect[2] > w.rect[0]);
  return (
    <li className="card" data-testid="signature-item">
      <h3>
        {t(`verify.role.${s.role}`)} — {s.signerName}
      </h3>
      <p>
        {t('verify.time')}: {s.signingTime ?? '-'}
      </p>
      <p className={s.integrity.intact ? 'ok' : 'error'} data-testid="integrity">
        {s.integrity.intact ? t('verify.integrity.intact') : t('verify.integrity.broken', { problems: s.integrity.problems.join(', ') })}
      </p>
      <p>{changes}</p>
      <p className={s.trust.status === 'trusted' ? 'ok' : 'warning'} data-testid="trust">
        {t(`verify.trust.${s.trust.status}`)}
      </p>
      <p>{t('verify.revocation.notChecked')}</p>
      {s.approval && (
        <p>
          {s.approval.approverName === null
            ? t('verify.approval.missing')
            : t(s.approval.authorised ? 'verify.approval.ok' : 'verify.approval.unauthorised', { name: s.approval.approverName })}
        </p>
      )}
      {widget?.pageIndex != null && <p>{t('verify.page', { page: widget.pageIndex + 1 })}</p>}
    </li>
  );
}
