import { useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/context.tsx';
import { CallState } from './CallState.tsx';
import { StatusMessage, type Status } from './StatusMessage.tsx';
import { useT } from '../i18n.tsx';
import { useCall } from '../useCall.ts';

/**
 * Drafts are encrypted at rest. The desktop shell unlocks them with the OS keychain; in the web shell
 * the user sets a passphrase the first time and enters it once per start.
 */
export function VaultGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const status = useCall(() => api.call('vault.status', {}), [api]);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<Status | null>(null);
  if (status.data === null) return <CallState call={status} />;
  if (status.data.state === 'unlocked') return <>{children}</>;
  const isNew = status.data.state === 'new';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    if (isNew && passphrase !== repeat) {
      setMessage({ kind: 'error', text: t('apps.vault.mismatch') });
      return;
    }
    try {
      await api.call('vault.unlock', { passphrase });
      status.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: describe(error) });
    } finally {
      setPassphrase('');
      setRepeat('');
    }
  };
  return (
    <form className="vault-gate" onSubmit={(e) => void submit(e)}>
      <h3>{t(isNew ? 'apps.vault.createTitle' : 'apps.vault.unlockTitle')}</h3>
      <p className="hint">{t(isNew ? 'apps.vault.createHint' : 'apps.vault.unlockHint')}</p>
      <label>
        {t('apps.vault.passphrase')}
        <input type="password" name="passphrase" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </label>
      {isNew && (
        <label>
          {t('apps.vault.repeat')}
          <input type="password" name="repeat" autoComplete="off" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
      )}
      <button type="submit" disabled={passphrase === ''}>
        {t(isNew ? 'apps.vault.create' : 'apps.vault.unlock')}
      </button>
      <StatusMessage status={message} />
    </form>
  );
}
