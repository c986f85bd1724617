import { useState } from 'react';
import { fromWireError } from '../../../../shared/errors.ts';
import type { SyncStatus } from '../../../../shared/model/sync.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { LoginPanel } from '../../components/LoginPanel.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { EnrolForm } from './EnrolForm.tsx';

interface Props {
  status: SyncStatus;
  tokens: Token[];
  onTokenChange: (token: Token) => void;
  onStatus: (status: SyncStatus) => void;
}

/** Where the center is, whether this unit is enrolled, what blocks sync, the last good sync and 立即同步. */
export function CenterLinkPanel({ status, tokens, onTokenChange, onStatus }: Props) {
  const api = useApi();
  const { t, dateTime, error: describe } = useT();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Status | null>(null);
  const token = tokens.find((candidate) => candidate.loggedIn) ?? tokens[0] ?? null;

  const runNow = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      onStatus(await api.call('sync.run', {}));
      setMessage({ kind: 'ok', text: t('sync.done') });
    } catch (error) {
      setMessage({ kind: 'error', text: describe(error) });
      onStatus(await api.call('sync.status', {}));
    } finally {
      setBusy(false);
    }
  };

  const enrolled = status.enrolment;
  return (
    <section className="center-link">
      <h3>{t('sync.center')}</h3>
      {enrolled ? (
        <p>{t('sync.enrolledAs', { unit: enrolled.unitName, url: enrolled.url })}</p>
      ) : (
        <EnrolForm status={status} token={token} onTokenChange={onTokenChange} onEnrolled={onStatus} />
      )}
      {enrolled && status.blocker === 'token-not-logged-in' && token && (
        <>
          <p className="hint">{t('sync.loginToSync')}</p>
          <LoginPanel token={token} onTokenChange={onTokenChange} />
        </>
      )}
      <p>{status.lastSuccessAt ? t('sync.lastSuccess', { time: dateTime(status.lastSuccessAt) }) : t('sync.neverSynced')}</p>
      {status.lastError && (
        <p className="error" role="alert">
          {t('sync.failed', { message: describe(fromWireError(status.lastError)) })}
        </p>
      )}
      {enrolled && (
        <button type="button" disabled={busy || status.blocker !== null} onClick={() => void runNow()}>
          {busy || status.running ? t('sync.running') : status.lastError ? t('sync.retry') : t('sync.runNow')}
        </button>
      )}
      <StatusMessage status={message} />
    </section>
  );
}
