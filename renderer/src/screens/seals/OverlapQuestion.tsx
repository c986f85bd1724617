import type { PageWidget } from '../../../../shared/model/seal.ts';
import { useT } from '../../i18n.tsx';

export interface CoveredInFile {
  input: string;
  widget: PageWidget;
}

/** Before anything is signed: the signatures the new one would hide, and whether the user means it. */
export function OverlapQuestion({
  covered,
  onConfirm,
  onCancel,
}: {
  covered: CoveredInFile[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <div className="confirm warning" role="alertdialog" aria-label={t('seals.overlap.question')} data-testid="overlap-question">
      <p>{t('seals.overlap.question')}</p>
      <ul>
        {covered.map(({ input, widget }) => (
          <li key={`${input}:${widget.fieldName}:${widget.page}`}>
            {t('seals.overlap.item', { input, page: widget.page, name: widget.signer?.name ?? widget.fieldName })}
          </li>
        ))}
      </ul>
      <button type="button" className="danger" onClick={onConfirm}>
        {t('seals.overlap.confirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('seals.overlap.cancel')}
      </button>
    </div>
  );
}
