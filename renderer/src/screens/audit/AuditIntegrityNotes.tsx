import type { AuditIntegrity } from '../../../../shared/model/audit-integrity.ts';
import { useT } from '../../i18n.tsx';

/**
 * Under the chain's header: when the ledger was last anchored at the center, and plainly whatever does
 * not hold beside the chain itself — an anchor the center did not confirm, a missing or damaged yearly
 * archive, a record dated before the one before it.
 */
export function AuditIntegrityNotes({ integrity }: { integrity: AuditIntegrity }) {
  const { t, dateTime } = useT();
  const { anchor, archives, clockBackwards } = integrity;
  const alerts: string[] = [];
  if (anchor.refused !== null) {
    const { reason } = anchor.refused;
    const why =
      reason === 'diverged' || reason === 'behind' ? t(`audit.anchorRefusal.${reason}`) : t('audit.anchorRefusal.other', { code: reason });
    alerts.push(t('audit.anchorRefused', { time: dateTime(anchor.refused.at), count: anchor.refused.head.sequence, reason: why }));
  }
  for (const archive of archives) {
    if (archive.state === 'intact') continue;
    const params = { file: archive.file, year: archive.year, first: archive.first, last: archive.first + archive.records - 1 };
    alerts.push(t(`audit.archive.${archive.state}`, params));
  }
  for (const step of clockBackwards)
    alerts.push(t('audit.clockBackwards', { line: step.line, time: dateTime(step.time), previous: dateTime(step.previous) }));
  return (
    <>
      <p className="hint audit-anchor" role="status">
        {anchor.confirmed === null
          ? t('audit.notAnchored')
          : t('audit.anchored', { time: dateTime(anchor.confirmed.confirmedAt), count: anchor.confirmed.sequence })}
      </p>
      {alerts.length > 0 && (
        <ul className="banner banner-error audit-integrity" role="alert">
          {alerts.map((alert) => (
            <li key={alert}>{alert}</li>
          ))}
        </ul>
      )}
    </>
  );
}
