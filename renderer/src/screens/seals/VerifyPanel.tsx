import { useEffect, useState } from 'react';
import type { DocumentReport, SignatureReport } from '../../../../shared/model/verification.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { useFileChooser } from '../../components/useFileChooser.tsx';
import { PdfPage } from '../../pdf/PdfPage.tsx';
import { usePdf } from '../../pdf/usePdf.ts';
import { useT } from '../../i18n.tsx';
import { TimestampLine } from './TimestampLine.tsx';
import {
  describeChangeLines,
  describeChanges,
  describeLock,
  describeRevocation,
  describeLegacyAlgorithm,
  describeTrust,
} from '../../../../shared/i18n/verification.ts';

/** Integrity and trust shown apart: "not trusted here" is never presented as "invalid". */
export function VerifyPanel({ canPickFiles, initialPath }: { canPickFiles: boolean; initialPath: string | null }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const chooser = useFileChooser(canPickFiles);
  const [path, setPath] = useState(initialPath ?? '');
  const [report, setReport] = useState<DocumentReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const verify = async (path: string): Promise<void> => {
    setFailure(null);
    setReport(null);
    try {
      const result = await api.call('documents.verify', { path });
      setSelected(
        Math.max(
          0,
          result.signatures.findLastIndex((s) => visibleWidget(s) !== undefined),
        ),
      );
      setReport(result);
    } catch (error) {
      setFailure(describe(error));
    }
  };
  /** A file handed on from 盖章, chosen in the dialog or dropped is verified at once. */
  const verifyChosen = (paths: readonly string[]): void => {
    const [chosen] = paths;
    if (chosen === undefined) return;
    setPath(chosen);
    void verify(chosen);
  };
  useEffect(() => {
    if (initialPath !== null) void verify(initialPath);
    // Once, for the file handed on when the panel opened; SealsScreen remounts it for the next one.
  }, []);
  return (
    <div>
      <DropZone onPaths={verifyChosen} onError={(error) => setFailure(describe(error))}>
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
        <button type="button" disabled={path === ''} onClick={() => void verify(path)}>
          {t('seals.doVerify')}
        </button>
      </DropZone>
      {chooser.dialog}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {report && (
        <div className="verify-layout">
          <ReportDetails report={report} selected={selected} onSelect={setSelected} />
          <SignaturePage path={report.path} signature={report.signatures[selected]} />
        </div>
      )}
    </div>
  );
}

function ReportDetails({ report, selected, onSelect }: { report: DocumentReport; selected: number; onSelect: (i: number) => void }) {
  const { t, locale } = useT();
  const lock = describeLock(locale, report);
  return (
    <div data-testid="verify-report">
      <p className={report.verdict === 'valid' ? 'ok' : 'error'} data-testid="verdict">
        {t(`verify.verdict.${report.verdict}`)}
      </p>
      {lock !== null && <p className={report.verdict === 'valid' ? '' : 'error'}>{lock}</p>}
      {report.repaired !== null && (
        <p className="warning" data-testid="repaired">
          {t(`verify.repaired.${report.repaired}`)}
        </p>
      )}
      <ol>
        {report.signatures.map((s, i) => (
          <SignatureItem key={s.fieldName} signature={s} selected={i === selected} onSelect={() => onSelect(i)} />
        ))}
      </ol>
    </div>
  );
}

/** The page a signature's widget sits on, with the widget outlined, as pdf.js draws it. */
function SignaturePage({ path, signature }: { path: string; signature: SignatureReport | undefined }) {
  const { t } = useT();
  const pdf = usePdf(path);
  const { document } = pdf;
  const widget = signature && visibleWidget(signature);
  if (widget?.pageIndex == null) return null;
  if (document === null) return <CallState call={pdf} />;
  return (
    <PdfPage
      document={document}
      pageIndex={widget.pageIndex}
      widthPx={520}
      label={t('seals.pageN', { page: widget.pageIndex + 1 })}
      overlay={(geometry) => {
        const box = geometry.toPixels(widget.rect);
        return (
          <div
            className="signature-highlight"
            data-testid="signature-highlight"
            style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` }}
          />
        );
      }}
    />
  );
}

function visibleWidget(signature: SignatureReport): SignatureReport['widgets'][number] | undefined {
  return signature.widgets.find((w) => w.pageIndex !== null && w.rect[2] > w.rect[0]);
}

function SignatureItem({ signature: s, selected, onSelect }: { signature: SignatureReport; selected: boolean; onSelect: () => void }) {
  const { t, locale, dateTime } = useT();
  const changeLines = describeChangeLines(locale, s);
  const widget = visibleWidget(s);
  return (
    <li className={selected ? 'card selected' : 'card'} data-testid="signature-item">
      <h3>
        {t(`verify.role.${s.role}`)} — {s.signerName}
      </h3>
      <p>
        {t('verify.time')}: {s.signingTime === null ? '-' : dateTime(s.signingTime)}
      </p>
      <p className={s.integrity.intact ? 'ok' : 'error'} data-testid="integrity">
        {s.integrity.intact ? t('verify.integrity.intact') : t('verify.integrity.broken', { problems: s.integrity.problems.join(', ') })}
      </p>
      <p className={s.changesPermitted ? '' : 'error'} data-testid="changes">
        {describeChanges(locale, s)}
      </p>
      {changeLines.length > 0 && (
        <ul data-testid="change-list">
          {changeLines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <p className={s.trust.status === 'trusted' ? 'ok' : 'warning'} data-testid="trust">
        {describeTrust(locale, s.trust)}
      </p>
      {s.trust.legacyAlgorithm !== null && (
        <p className="warning" data-testid="legacy-algorithm">
          {describeLegacyAlgorithm(locale, s.trust)}
        </p>
      )}
      <TimestampLine signature={s} />
      <p className={s.trust.revocation === 'revoked' ? 'error' : ''} data-testid="revocation">
        {describeRevocation(locale, s)}
      </p>
      {s.approval && (
        <p>
          {s.approval.approverName === null
            ? t('verify.approval.missing')
            : t(s.approval.authorised ? 'verify.approval.ok' : 'verify.approval.unauthorised', { name: s.approval.approverName })}
        </p>
      )}
      {widget?.pageIndex != null && (
        <button type="button" onClick={onSelect} aria-pressed={selected}>
          {t('verify.page', { page: widget.pageIndex + 1 })}
        </button>
      )}
    </li>
  );
}
