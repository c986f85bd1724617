import { useState, type FormEvent } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useTokenAction } from '../../components/useTokenAction.ts';
import { useT } from '../../i18n.tsx';
import { PinField } from './PinField.tsx';

/** The IT administrator's SO-PIN reset of a locked token, done at the holder's computer. */
export function PinUnlockForm({ token, onTokenChange }: { token: Token; onTokenChange: (t: Token) => void }) {
  const api = useApi();
  const { t } = useT();
  const [pins, setPins] = useState({ so: '', next: '' });
  const { busy, message, run } = useTokenAction(onTokenChange, () => setPins({ so: '', next: '' }));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(() => api.call('tokens.unlockPin', { serial: token.serial, soPin: pins.so, newPin: pins.next }), t('pinUnlock.done'));
  };
  return (
    <form className="pin-unlock" aria-label={t('pinUnlock.open')} onSubmit={submit}>
      <p className="hint">{t('pinUnlock.hint')}</p>
      <PinField label={t('pinUnlock.so')} value={pins.so} onChange={(so) => setPins({ ...pins, so })} />
      <PinField label={t('pinUnlock.new')} value={pins.next} onChange={(next) => setPins({ ...pins, next })} />
      <button type="submit" disabled={busy || pins.so === '' || pins.next === ''}>
        {t('pinUnlock.submit')}
      </button>
      <StatusMessage status={message} />
    </form>
  );
}
