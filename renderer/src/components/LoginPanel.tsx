import { useState, type FormEvent } from 'react';
import { AppError } from '../../../shared/errors.ts';
import type { Token } from '../../../shared/model/token.ts';
import { useApi } from '../api/context.tsx';
import { useT } from '../i18n.tsx';
import { StatusMessage, type Status } from './StatusMessage.tsx';

/** PIN entry for one token; the PIN lives in this component's state only until the call returns. */
export function LoginPanel({ token, onTokenChange }: { token: Token; onTokenChange: (token: Token) => void }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Status | null>(null);

  const run = async (work: () => Promise<Token>, success: string | null): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      onTokenChange(await work());
      setMessage(success === null ? null : { kind: 'ok', text: success });
    } catch (error) {
      setMessage({ kind: 'error', text: describe(error) });
    } finally {
      setPin('');
      setBusy(false);
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(() => api.call('tokens.login', { serial: token.serial, pin }), t('login.success'));
  };

  if (token.loggedIn) {
    return (
      <div className="login">
        <span className="badge badge-ok">{t('home.loggedIn')}</span>
        <button type="button" disabled={busy} onClick={() => void run(() => api.call('tokens.logout', { serial: token.serial }), null)}>
          {t('login.logout')}
        </button>
      </div>
    );
  }
  const locked = token.pinStates.includes('locked');
  return (
    <form className="login" onSubmit={submit}>
      {token.protectedAuthenticationPath && <p className="hint">{t('login.pinpad')}</p>}
      <label>
        {t('login.pin')}
        <input
          type="password"
          autoComplete="off"
          inputMode="numeric"
          value={pin}
          disabled={locked}
          onChange={(e) => setPin(e.target.value)}
          maxLength={64}
        />
      </label>
      <button type="submit" disabled={busy || locked || (pin === '' && !token.protectedAuthenticationPath)}>
        {t('login.submit')}
      </button>
      <StatusMessage status={message ?? (locked ? { kind: 'error', text: describe(new AppError('PIN_LOCKED')) } : null)} />
    </form>
  );
}
