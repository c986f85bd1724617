import type { AuditEntry, AuditRecord } from '../../../../shared/model/audit.ts';
import { useT } from '../../i18n.tsx';

/** One row per record, newest first, in local time; a document's SHA-256 shows its start, the whole in its tooltip. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useT();
  return (
    <table className="audit-table">
      <thead>
        <tr>
          <th>{t('audit.col.time')}</th>
          <th>{t('audit.col.kind')}</th>
          <th>{t('audit.col.operator')}</th>
          <th>{t('audit.col.subject')}</th>
          <th>{t('audit.col.approver')}</th>
          <th>{t('audit.col.document')}</th>
          <th>{t('audit.col.purpose')}</th>
          <th>{t('audit.col.output')}</th>
          <th>{t('audit.col.method')}</th>
        </tr>
      </thead>
      <tbody>
        {[...entries].reverse().map((entry) => (
          <Row key={entry.line} record={entry.record} />
        ))}
      </tbody>
    </table>
  );
}

function Row({ record }: { record: AuditRecord }) {
  const { t, dateTime } = useT();
  return (
    <tr>
      <td className="nowrap">{dateTime(record.time)}</td>
      <td className="nowrap">
        {t(`audit.kind.${record.kind}`)}
        {record.crossPage && <span className="badge">{t('audit.crossPage')}</span>}
        {record.final && <span className="badge">{t('audit.final')}</span>}
      </td>
      <td className="nowrap">
        {record.operator}
        {record.custodian !== undefined && ` (${t('audit.custodian', { custodian: record.custodian })})`}
      </td>
      <td className="nowrap">{record.subject?.label ?? ''}</td>
      <td className="nowrap">{record.approver ?? ''}</td>
      <td>
        {record.document && (
          <>
            {record.document.name}
            <div className="mono hint" title={`SHA-256 ${record.document.sha256}`}>
              {record.document.sha256.slice(0, 16)}…
            </div>
          </>
        )}
      </td>
      <td>{record.purpose ?? ''}</td>
      <td className="audit-output">{record.output ?? ''}</td>
      <td className="nowrap">{t(`audit.method.${record.method}`)}</td>
    </tr>
  );
}
