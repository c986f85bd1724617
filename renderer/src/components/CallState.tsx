import { useT } from '../i18n.tsx';
import type { Loaded } from '../useCall.ts';

/** What a screen shows while its data loads, or why it could not: the catalog message, never a stack. */
export function CallState({ call }: { call: Pick<Loaded<unknown>, 'loading' | 'error'> }) {
  const { t, error: describe } = useT();
  if (call.loading) return <p>{t('common.loading')}</p>;
  if (call.error === null) return null;
  return (
    <p className="error" role="alert">
      {describe(call.error)}
    </p>
  );
}
