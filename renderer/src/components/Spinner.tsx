import { useT } from '../i18n.tsx';

/** A sign of life for an operation under way: drawn at once (pure CSS, no timer), named for screen readers. */
export function Spinner({ label }: { label?: string }) {
  const { t } = useT();
  return <span className="spinner" role="status" aria-label={label ?? t('common.working')} data-testid="spinner" />;
}
