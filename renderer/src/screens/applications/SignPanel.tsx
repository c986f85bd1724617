import { useState } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import type { DraftSession } from './useDraftSession.ts';

/** The applicant signs with their personal certificate; the PIN is asked only when the token is not logged in. Success shows as the application's new state. */
export function SignPanel({ session, tokens }: { session: DraftSession; tokens: Token[] }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const token = tokens[0] ?? null;
  const listing = useCall(
    () => (token ? api.call('tokens.certificates', { serial: token.serial }) : Promise.resolve(null)),
    [api, token?.serial],
  );
  const personal = (listing.data?.certificates ?? []).filter((c) => c.kind === 'personal' && c.hasPrivateKey);
  const [chosen, setChosen] = useState<string>('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const certificate = chosen || personal[0]?.fingerprintSha256 || '';
  const needsPin = token !== null && !token.loggedIn && !token.protectedAuthenticationPath;

  const sign = async (): Promise<void> => {
    if (token === null) return;
    setBusy(true);
    setStatus(null);
    try {
      if (!token.loggedIn) await api.call('tokens.login', { serial: token.serial, pin });
      await session.act((id) => api.call('applications.sign', { id, serial: token.serial, certificate }));
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  if (token === null) return <p className="hint">{t('apps.sign.noToken')}</p>;
  return (
    <form
      className="sign-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void sign();
      }}
    >
      <label>
        {t('apps.sign.certificate')}
        <select name="certificate" value={certificate} onChange={(e) => setChosen(e.target.value)}>
          {personal.map((c) => (
            <option key={c.fingerprintSha256} value={c.fingerprintSha256}>
              {c.subject.commonName ?? c.subject.text}（{token.label}）
            </option>
          ))}
        </select>
      </label>
      {needsPin && (
        <label>
          {t('login.pin')}
          <input type="password" name="pin" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} maxLength={64} />
        </label>
      )}
      <button type="submit" disabled={busy || certificate === '' || (needsPin && pin === '')}>
        {busy ? t('apps.sign.busy') : t('apps.sign.submit')}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
