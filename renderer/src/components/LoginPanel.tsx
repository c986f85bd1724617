import { useState, type FormEvent } from 'react';
import { AppError } from '../../../shared/errors.ts';
import type { Token } from '../../../shared/model/token.ts';
import { useApi } from '../api/context.tsx';
import { useT } from '../i18n.tsx';
import { StatusMessage } from './StatusMessage.tsx';
import { useTokenAction } from './useTokenAction.ts';

/**
 * PIN entry for one token; the PIN lives in this component's state only until the call returns. A
 * PIN-pad reader gets no field at all: the holder types the PIN on the device.
 */
export function LoginPanel({ token, onTokenChange }: { token: Token; onTokenChange: (token: Token) => void }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [pin, setPin] = useState('');
  const { busy, message, run } = useTokenAction(onTokenChange, () => setPin(''));
  const pinPad = token.protectedAuthenticationPath;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(() => api.call('tokens.login', { serial: token.serial, pin: pinPad ? null : pin }), t('login.success'));
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
      {pinPad ? (
        <p className="hint">{t('login.pinpad')}</p>
      ) : (
        <label>
          {t('login.pin')}
          <input type="password" autoComplete="off" value={pin} disabled={locked} onChange={(e) => setPin(e.target.value)} maxLength={64} />
        </label>
      )}
      <button type="submit" disabled={busy || locked || (pin === '' && !pinPad)}>
        {t('login.submit')}
      </button>
      <StatusMessage status={message ?? (locked ? { kind: 'error', text: describe(new AppError('PIN_LOCKED')) } : null)} />
    </form>
  );
}
