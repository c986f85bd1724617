import type { Notice } from '../../../../shared/center/index.ts';
import { useT } from '../../i18n.tsx';

/** The center's 调整通知, newest first, as of the last sync. */
export function CenterNotices({ notices }: { notices: Notice[] }) {
  const { t, dateTime } = useT();
  if (notices.length === 0) return null;
  return (
    <section className="center-notices">
      <h3>{t('sync.notices')}</h3>
      {notices.map((notice) => (
        <article key={notice.id} className="card" data-notice={notice.id}>
          <h4>{notice.title}</h4>
          <p className="hint">{dateTime(notice.publishedAt)}</p>
          {notice.body && <p>{notice.body}</p>}
        </article>
      ))}
    </section>
  );
}
