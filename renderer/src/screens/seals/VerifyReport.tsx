import { useEffect, useRef } from 'react';
import type { DocumentReport, SignatureReport } from '../../../../shared/model/verification.ts';
import {
  describeChangeLines,
  describeChanges,
  describeDamage,
  describeIntegrity,
  describeLegacyAlgorithm,
  describeLock,
  describeRevocation,
  describeTrust,
} from '../../../../shared/i18n/verification.ts';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { PdfPage } from '../../pdf/PdfPage.tsx';
import { usePdf } from '../../pdf/usePdf.ts';
import { TimestampLine } from './TimestampLine.tsx';

const PAGE_WIDTH_PX = 420;

/** 验章's answer in one word first, then one card per signature beside the page(s) the selected one sits on. */
export function VerifyReport({ report, selected, onSelect }: { report: DocumentReport; selected: number; onSelect: (i: number) => void }) {
  const signature = report.signatures[selected];
  return (
    <div className="verify-layout">
      <div className="verify-details" data-testid="verify-report">
        <Verdict report={report} />
        <ol className="signature-cards">
          {report.signatures.map((s, i) => (
            <SignatureCard key={s.fieldName} signature={s} selected={i === selected} onSelect={() => onSelect(i)} />
          ))}
        </ol>
      </div>
      {signature && <SignaturePages path={report.path} signature={signature} />}
    </div>
  );
}

export type Headline = 'valid' | 'untrusted' | 'modified' | 'invalid' | 'unsigned';

/** Intact but not every signer chained to a trusted root is "valid but not trusted", never "invalid". */
export function headline(report: DocumentReport): Headline {
  if (report.verdict !== 'valid') return report.verdict;
  return report.signatures.every((s) => s.trust.status === 'trusted') ? 'valid' : 'untrusted';
}

const HEADLINE_CLASS: Record<Headline, string> = {
  valid: 'verdict-ok',
  untrusted: 'verdict-warn',
  modified: 'verdict-bad',
  invalid: 'verdict-bad',
  unsigned: 'verdict-warn',
};

function Verdict({ report }: { report: DocumentReport }) {
  const { t, locale } = useT();
  const word = headline(report);
  const lock = describeLock(locale, report);
  return (
    <div className={`verdict ${HEADLINE_CLASS[word]}`} data-testid="verdict">
      <strong className="verdict-word" data-testid="verdict-word">
        {t(`verify.headline.${word}`)}
      </strong>
      <p>{t(`verify.verdict.${report.verdict}`)}</p>
      {lock !== null && <p>{lock}</p>}
      {report.repaired !== null && <p data-testid="repaired">{t(`verify.repaired.${report.repaired}`)}</p>}
      {describeDamage(locale, report).map((line) => (
        <p key={line} data-testid="damage">
          {line}
        </p>
      ))}
    </div>
  );
}

/** 0-based pages where the signature is drawn: one, or every page of a 骑缝章's group. */
export function signaturePages(signature: SignatureReport): number[] {
  const pages = visibleWidgets(signature).map((w) => w.pageIndex);
  return [...new Set(pages)].sort((a, b) => a - b);
}

function visibleWidgets(signature: SignatureReport): { pageIndex: number; rect: SignatureReport['widgets'][number]['rect'] }[] {
  return signature.widgets.flatMap((w) =>
    w.pageIndex !== null && w.rect[2] > w.rect[0] ? [{ pageIndex: w.pageIndex, rect: w.rect }] : [],
  );
}

function usePagesLabel(signature: SignatureReport): string | null {
  const { t } = useT();
  const pages = signaturePages(signature);
  const [first, last] = [pages[0], pages.at(-1)];
  if (first === undefined || last === undefined) return null;
  if (pages.length === 1) return t('verify.page', { page: first + 1 });
  const contiguous = last - first + 1 === pages.length;
  return contiguous
    ? t('verify.pageRange', { first: first + 1, last: last + 1 })
    : t('verify.pageList', { pages: pages.map((p) => p + 1).join(', ') });
}

function SignatureCard({ signature: s, selected, onSelect }: { signature: SignatureReport; selected: boolean; onSelect: () => void }) {
  const { t, locale, dateTime } = useT();
  const changeLines = describeChangeLines(locale, s);
  const pages = usePagesLabel(s);
  return (
    <li className={selected ? 'card signature-card selected' : 'card signature-card'} data-testid="signature-item" onClick={onSelect}>
      <h3>
        {t(`verify.role.${s.role}`)} — {s.signerName}
      </h3>
      <dl className="facts">
        <dt>{t('verify.time')}</dt>
        <dd data-testid="signing-time">{s.signingTime === null ? t('verify.noTime') : dateTime(s.signingTime)}</dd>
        <dt>{t('verify.integrityLabel')}</dt>
        <dd className={s.integrity.intact ? 'ok' : 'error'} data-testid="integrity">
          {describeIntegrity(locale, s)}
        </dd>
        <dt>{t('verify.trustLabel')}</dt>
        <dd>
          <p className={s.trust.status === 'trusted' ? 'ok' : 'warning'} data-testid="trust">
            {describeTrust(locale, s.trust)}
          </p>
          {s.trust.legacyAlgorithm !== null && (
            <p className="warning" data-testid="legacy-algorithm">
              {describeLegacyAlgorithm(locale, s.trust)}
            </p>
          )}
          <p className={s.trust.revocation === 'revoked' ? 'error' : ''} data-testid="revocation">
            {describeRevocation(locale, s, dateTime)}
          </p>
        </dd>
        <dt>{t('verify.levelLabel')}</dt>
        <dd>
          <TimestampLine signature={s} />
        </dd>
        <dt>{t('verify.changesLabel')}</dt>
        <dd>
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
        </dd>
        {s.approval && (
          <>
            <dt>{t('verify.approvalLabel')}</dt>
            <dd>
              {s.approval.approverName === null
                ? t('verify.approval.missing')
                : t(s.approval.authorised ? 'verify.approval.ok' : 'verify.approval.unauthorised', { name: s.approval.approverName })}
            </dd>
          </>
        )}
      </dl>
      {pages !== null && (
        <button
          type="button"
          onClick={onSelect}
          aria-pressed={selected}
          aria-label={t('verify.showOnPage', { pages, signer: s.signerName })}
        >
          {pages}
        </button>
      )}
    </li>
  );
}

/** The page(s) the selected signature is drawn on, with its widget outlined, as pdf.js draws them; brought into view on selection. */
function SignaturePages({ path, signature }: { path: string; signature: SignatureReport }) {
  const { t } = useT();
  const pdf = usePdf(path);
  const view = useRef<HTMLDivElement>(null);
  const widgets = visibleWidgets(signature);
  // A block body: Chromium's scrollIntoView returns a promise, which React would take for the effect's cleanup.
  useEffect(() => {
    view.current?.scrollIntoView({ block: 'nearest' });
  }, [signature.fieldName]);
  if (widgets.length === 0) return null;
  const { document } = pdf;
  if (document === null) return <CallState call={pdf} />;
  return (
    <div className="signature-pages" ref={view} data-testid="signature-pages">
      {signaturePages(signature).map((pageIndex) => (
        <PdfPage
          key={`${signature.fieldName}:${pageIndex}`}
          document={document}
          pageIndex={pageIndex}
          widthPx={PAGE_WIDTH_PX}
          label={t('seals.pageN', { page: pageIndex + 1 })}
          overlay={(geometry) =>
            widgets
              .filter((w) => w.pageIndex === pageIndex)
              .map((w, i) => {
                const box = geometry.toPixels(w.rect);
                return (
                  <div
                    key={i}
                    className="signature-highlight"
                    data-testid="signature-highlight"
                    style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` }}
                  />
                );
              })
          }
        />
      ))}
    </div>
  );
}
