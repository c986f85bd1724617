import { fromWireError } from '../../../../shared/errors.ts';
import type { ApplicationSummary } from '../../../../shared/model/application.ts';
import { useT } from '../../i18n.tsx';

type Shown = Pick<ApplicationSummary, 'state' | 'queued' | 'center' | 'refusal'>;

/** 草稿, 待提交 (signed and waiting in the outbox) or 已签名, then what the resource center last said or 被拒绝. */
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
      {local} <CenterBadge center={application.center} /> <RefusalBadge refusal={application.refusal} />
    </>
  );
}

/** 被拒绝, the center's reason and detail on hover; the list and the editor spell them out. */
function RefusalBadge({ refusal }: { refusal: Shown['refusal'] }) {
  const { t, error: describe } = useT();
  if (refusal === null) return null;
  return (
    <span className="badge badge-bad" title={describe(fromWireError(refusal))}>
      {t('sync.state.rejected')}
    </span>
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
