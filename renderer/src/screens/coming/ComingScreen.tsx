import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { useT } from '../../i18n.tsx';

/** Sections that later issues fill: they say what is coming and show no invented data. */
export function ComingScreen({ title, messageKey }: { title: MessageKey; messageKey: MessageKey }) {
  const { t } = useT();
  return (
    <section>
      <h2>{t(title)}</h2>
      <p className="empty">{t(messageKey)}</p>
    </section>
  );
}
