import { useT } from '../../i18n.tsx';

/** Before anything is written: the outputs whose names are taken, and whether the user means to replace them. */
export function OverwriteQuestion({
  taken,
  onConfirm,
  onCancel,
}: {
  taken: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <div className="confirm warning" role="alertdialog" aria-label={t('seals.overwrite.question')} data-testid="overwrite-question">
      <p>{t('seals.overwrite.question')}</p>
      <ul>
        {taken.map((path) => (
          <li key={path} className="file-path">
            {path}
          </li>
        ))}
      </ul>
      <button type="button" className="danger" onClick={onConfirm}>
        {t('seals.overwrite.confirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
