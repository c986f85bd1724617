import type { ApplicationSummary } from '../../../../shared/model/application.ts';
import { useT } from '../../i18n.tsx';

/** 草稿, 待提交 (signed and waiting in the outbox) or 已签名. */
export function StateBadge({ application }: { application: Pick<ApplicationSummary, 'state' | 'queued'> }) {
  const { t } = useT();
  if (application.state === 'draft') return <span className="badge">{t('apps.state.draft')}</span>;
  return <span className="badge badge-ok">{application.queued ? t('apps.state.queued') : t('apps.state.signed')}</span>;
}
