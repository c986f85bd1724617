import { useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../../shared/model/sync.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { LoginPanel } from '../../components/LoginPanel.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';

interface Props {
  status: SyncStatus;
  token: Token | null;
  onTokenChange: (token: Token) => void;
  onEnrolled: (status: SyncStatus) => void;
}

/** First contact: the center's address and the one-time code it issued, signed with the unit certificate. */
export function EnrolForm({ status, token, onTokenChange, onEnrolled }: Props) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [url, setUrl] = useState(status.centerUrl ?? '');
  const [code, setCode] = useState(status.demoEnrolmentCode ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Status | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (token === null) return;
    setBusy(true);
    setMessage(null);
    try {
      if (url.trim() !== status.centerUrl) await api.call('settings.update', { centerUrl: url.trim() });
      onEnrolled(await api.call('sync.enrol', { serial: token.serial, code }));
    } catch (error) {
      setMessage({ kind: 'error', text: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  if (token === null) return <p className="hint">{t('apps.sign.noToken')}</p>;
  return (
    <>
      <p className="hint">{t('sync.enrolHint')}</p>
      {!token.loggedIn && <LoginPanel token={token} onTokenChange={onTokenChange} />}
      <form className="enrol" onSubmit={(e) => void submit(e)}>
        <label>
          {t('sync.centerUrl')}
          <input type="url" name="centerUrl" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
        </label>
        <label>
          {t('sync.enrolmentCode')}
          <input name="enrolmentCode" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        {status.demoEnrolmentCode && <p className="hint">{t('sync.demoCode')}</p>}
        <button type="submit" disabled={busy || !token.loggedIn || url.trim() === '' || code.trim().length < 6}>
          {busy ? t('sync.enrolling') : t('sync.enrol')}
        </button>
        <StatusMessage status={message} />
      </form>
    </>
  );
}
