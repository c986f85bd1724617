import { useState } from 'react';
import type { OutboxEntry, SyncStatus } from '../../../../shared/model/sync.ts';
import { useApi } from '../../api/context.tsx';
import { fromWireError } from '../../../../shared/errors.ts';
import { useT } from '../../i18n.tsx';
import { CenterBadge } from '../applications/StateBadge.tsx';

export interface UploadProgress {
  sent: number;
  total: number;
}

const STATE_TONE = { pending: '', sent: 'badge-ok', rejected: 'badge-bad' } as const;

/** The outbox: each submission's state, upload progress, the center's status and the last error. */
export function OutboxTable({
  items,
  progress,
  onStatus,
}: {
  items: OutboxEntry[];
  progress: Record<string, UploadProgress>;
  onStatus: (status: SyncStatus) => void;
}) {
  const { t } = useT();
  if (items.length === 0) return <p className="hint">{t('sync.empty')}</p>;
  const uploading = items.filter((item) => item.state === 'pending' && progress[item.id] !== undefined);
  const total = uploading.reduce((sum, item) => sum + (progress[item.id]?.total ?? 0), 0);
  const sent = uploading.reduce((sum, item) => sum + (progress[item.id]?.sent ?? 0), 0);
  return (
    <section className="outbox">
      <h3>{t('sync.outbox')}</h3>
      {total > 0 && (
        <p>
          <progress aria-label={t('sync.totalProgress')} max={total} value={sent} /> {t('sync.totalProgress')} {percent(sent, total)}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('sync.column.title')}</th>
            <th>{t('sync.column.state')}</th>
            <th>{t('sync.column.progress')}</th>
            <th>{t('sync.column.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <OutboxRow key={item.id} item={item} progress={progress[item.id]} onStatus={onStatus} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OutboxRow({
  item,
  progress,
  onStatus,
}: {
  item: OutboxEntry;
  progress: UploadProgress | undefined;
  onStatus: (status: SyncStatus) => void;
}) {
  const { t, dateTime, clock, error: describe } = useT();
  const api = useApi();
  const [failure, setFailure] = useState<string | null>(null);
  const act = async (method: 'sync.retry' | 'sync.remove'): Promise<void> => {
    const question = item.kind === 'application' ? 'sync.backToDraftConfirm' : 'sync.removeConfirm';
    // Taking an item out of the outbox cannot be undone from here: ask first.
    if (method === 'sync.remove' && !window.confirm(t(question))) return;
    setFailure(null);
    try {
      onStatus(await api.call(method, { id: item.id }));
    } catch (error) {
      setFailure(describe(error));
    }
  };
  const done = item.state !== 'pending';
  const sent = done ? 1 : (progress?.sent ?? 0);
  const total = done ? 1 : (progress?.total ?? 0);
  return (
    <tr data-submission={item.id}>
      <td>
        {item.title}
        <br />
        <span className="hint mono">{item.id}</span>
      </td>
      <td>
        <span className={`badge ${STATE_TONE[item.state]}`}>{t(`sync.state.${item.state}`)}</span>
        <CenterBadge center={item.center} />
      </td>
      <td>
        <progress aria-label={t('sync.itemProgress', { title: item.title })} max={Math.max(total, 1)} value={sent} />{' '}
        {total > 0 ? percent(sent, total) : ''}
      </td>
      <td>
        {item.center?.reason && <p>{t('sync.reason', { reason: item.center.reason })}</p>}
        {item.lastError && (
          <p className="error">
            {item.state === 'pending' && t('sync.transportRetrying')}
            {describe(fromWireError(item.lastError))}
            {item.nextAttemptAt && ` ${t('sync.nextAttempt', { time: clock(item.nextAttemptAt) })}`}
          </p>
        )}
        {item.sentAt && <p className="hint">{t('sync.sentAt', { time: dateTime(item.sentAt) })}</p>}
        {item.state !== 'sent' && (
          <p>
            <button type="button" onClick={() => void act('sync.retry')}>
              {t('sync.resend')}
            </button>{' '}
            <button type="button" onClick={() => void act('sync.remove')}>
              {t(item.kind === 'application' ? 'sync.backToDraft' : 'sync.remove')}
            </button>
          </p>
        )}
        {failure && <p className="error">{failure}</p>}
      </td>
    </tr>
  );
}

function percent(sent: number, total: number): string {
  return `${Math.floor((sent / total) * 100)}%`;
}
