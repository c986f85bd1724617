import type { SealOutcome } from '../../../../shared/api/index.ts';
import { fromWireError } from '../../../../shared/errors.ts';
import { useT } from '../../i18n.tsx';

export interface BatchProgress {
  /** Files finished so far, plus the fraction read of the one under way. */
  done: number;
  total: number;
}

/** While a batch runs: a bar that moves within each file, and which file of how many. */
export function SealProgress({ progress }: { progress: BatchProgress }) {
  const { t } = useT();
  const current = Math.min(Math.floor(progress.done) + 1, progress.total);
  return (
    <p className="seal-progress">
      <progress max={progress.total} value={progress.done} aria-label={t('seals.progressLabel')} />{' '}
      <span role="status">{t('seals.progress', { index: current, total: progress.total })}</span>
    </p>
  );
}

/**
 * After a batch: "5/5 成功" first, then one row per file with what became of it; a damaged, unsigned
 * file offers its repair into a new file.
 */
export function SealResults({
  outcomes,
  onRepair,
  onExport,
}: {
  outcomes: readonly SealOutcome[];
  onRepair: (input: string) => void;
  /** 导出: the sealed file saved or downloaded, on record in the ledger; null for files that were only approved. */
  onExport: ((output: string) => void) | null;
}) {
  const { t, error: describe } = useT();
  if (outcomes.length === 0) return null;
  const succeeded = outcomes.filter((o) => o.error === null).length;
  const failed = outcomes.length - succeeded;
  return (
    <div className="seal-results">
      <p className={failed === 0 ? 'success' : 'error'} role="status" data-testid="seal-summary">
        {failed === 0
          ? t('seals.summary', { ok: succeeded, total: outcomes.length })
          : t('seals.summaryFailed', { ok: succeeded, total: outcomes.length, failed })}
      </p>
      <table data-testid="seal-results">
        <thead>
          <tr>
            <th>{t('sheet.fileName')}</th>
            <th>{t('seals.result')}</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.input} className={o.error ? 'error' : 'ok'}>
              <td className="file-name" title={o.input}>
                {o.input.split(/[\\/]/).pop()}
              </td>
              <td>
                {o.error ? `✗ ${describe(fromWireError(o.error))}` : `✓ ${t('seals.resultOk', { output: o.output ?? '' })}`}
                {onExport !== null && o.output !== null && (
                  <button type="button" onClick={() => onExport(o.output ?? '')}>
                    {t('seals.export')}
                  </button>
                )}
                {o.error?.code === 'PDF_REPAIR_NEEDED' && (
                  <button type="button" onClick={() => onRepair(o.input)}>
                    {t('seals.repair')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
