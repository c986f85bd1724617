import type { ApplicationSummary } from '../../../../shared/model/application.ts';
import { useT } from '../../i18n.tsx';

type Shown = Pick<ApplicationSummary, 'state' | 'queued' | 'center'>;

/** 草稿, 待提交 (signed and waiting in the outbox) or 已签名, then what the resource center last said. */
export function StateBadge({ application }: { application: Shown }) {
  const { t } = useT();
  const local =
    application.state === 'draft' ? (
      <span className="badge">{t('apps.state.draft')}</span>
    ) : (
      <span className="badge badge-ok">{application.queued ? t('apps.state.queued') : t('apps.state.signed')}</span>
    );
  return (
    <>
      {local} <CenterBadge center={application.center} />
    </>
  );
}

export function CenterBadge({ center }: { center: Shown['center'] }) {
  const { t } = useT();
  if (center === null) return null;
  const tone = center.status === 'returned' ? 'badge-bad' : center.status === 'completed' ? 'badge-ok' : 'badge-warn';
  return (
    <span className={`badge ${tone}`} title={center.reason ?? undefined}>
      {t('sync.centerBadge', { status: t(`sync.status.${center.status}`) })}
    </span>
  );
}
