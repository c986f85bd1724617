import { useEffect, useRef, useState } from 'react';
import { documentStage, type DocumentStage } from '../../../../shared/model/document-stage.ts';
import type { DocumentReport } from '../../../../shared/model/verification.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { fileName } from '../../files.ts';

/** A batch shows the stage of its first files; the rest are checked when they are sealed. */
const LISTED = 10;
/** How long the list must stay as it is before it is checked: typing a path checks nothing until the user pauses. */
const SETTLE_MS = 300;

function useSettled<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * The chosen files, each with its stage and what to do next: a document not yet approved shows as waiting
 * for the approver (by name when the approver's certificate is on this token), before 盖章 refuses it.
 */
export function FileStages({
  paths,
  approverHere,
  checkedAfter,
  onRequest,
}: {
  paths: readonly string[];
  /** The approver whose certificate is on this token, who can 签发 here; null when approval happens elsewhere. */
  approverHere: string | null;
  /** Checked again whenever this changes (each act's outcomes). */
  checkedAfter: unknown;
  /** 送签发 of a file waiting for its approval (or changed since it). */
  onRequest: (path: string) => void;
}) {
  const api = useApi();
  const { t, error: describe } = useT();
  const listed = useSettled(paths.slice(0, LISTED).join('\n'))
    .split('\n')
    .filter((path) => path !== '');
  // Each file is verified once per round of acts: adding a file to the list does not verify the others again.
  const known = useRef({ round: checkedAfter, reports: new Map<string, Promise<DocumentReport>>() });
  const reportOf = (path: string): Promise<DocumentReport> => {
    if (known.current.round !== checkedAfter) known.current = { round: checkedAfter, reports: new Map() };
    const cached = known.current.reports.get(path);
    if (cached !== undefined) return cached;
    const report = api.call('documents.verify', { path });
    known.current.reports.set(path, report);
    // A file that could not be read may be there next time (copied in, or the path finished).
    report.catch(() => known.current.reports.delete(path));
    return report;
  };
  const reports = useCall(() => Promise.allSettled(listed.map(reportOf)), [listed.join('\n'), checkedAfter]);
  if (listed.length === 0) return null;
  const next = (stage: DocumentStage): string | null => {
    if (stage.stage !== 'waiting' && stage.stage !== 'changed') return null;
    return approverHere === null ? t('seals.stage.next.elsewhere') : t('seals.stage.next.here', { name: approverHere });
  };
  return (
    <ul className="file-stages" data-testid="file-stages" aria-label={t('seals.stage.title')}>
      {listed.map((path, i) => {
        const report = reports.data?.[i];
        const stage = report?.status === 'fulfilled' ? documentStage(report.value) : null;
        const nextStep = stage && next(stage);
        return (
          <li key={path} className={stage === null ? 'file-stage' : `file-stage seals-stage-${stage.stage}`}>
            <span className="file-stage-name">{fileName(path)}</span> {report === undefined && t('common.loading')}
            {report?.status === 'rejected' && <span className="error">{describe(report.reason)}</span>}
            {stage && (
              <span>
                {t(`seals.stage.${stage.stage}`, 'name' in stage ? { name: stage.name } : {})}
                {nextStep && <strong> {nextStep}</strong>}
              </span>
            )}
            {nextStep && (
              <button type="button" onClick={() => onRequest(path)}>
                {t('request.open')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
