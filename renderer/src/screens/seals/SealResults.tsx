import type { SealOutcome } from '../../../../shared/api/index.ts';
import { fromWireError } from '../../../../shared/errors.ts';
import { ResultActions } from '../../components/ResultActions.tsx';
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

interface Props {
  outcomes: readonly SealOutcome[];
  /** The desktop shell opens and shows a result; the web shell downloads it. */
  desktop: boolean;
  onRepair: (input: string) => void;
  /** After 盖章: each sealed file goes on to 验章. */
  onVerify?: ((output: string) => void) | undefined;
  /** After 盖章: a sealed file leaving the app (下载) is put on record in the ledger first. */
  onExport?: ((output: string) => Promise<unknown>) | undefined;
  /** After 盖章, in the desktop shell: 打印, put on record in the ledger first. */
  onPrint?: ((output: string) => Promise<unknown>) | undefined;
}

/**
 * After a batch: "5/5 成功" first, then one row per file with what became of it and what can be done
 * with it; a damaged, unsigned file offers its repair into a new file.
 */
export function SealResults({ outcomes, desktop, onRepair, onVerify, onExport, onPrint }: Props) {
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
                <span>{o.error ? `✗ ${describe(fromWireError(o.error))}` : `✓ ${t('seals.resultOk', { output: o.output ?? '' })}`}</span>
                {o.output !== null && <ResultActions path={o.output} desktop={desktop} onExport={onExport} onPrint={onPrint} />}
                {o.output !== null && onVerify && (
                  <button type="button" onClick={() => onVerify(o.output ?? '')}>
                    {t('seals.flow.verify')}
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
