import { useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/context.tsx';
import { CallState } from './CallState.tsx';
import { StatusMessage, type Status } from './StatusMessage.tsx';
import { useT } from '../i18n.tsx';
import { useCall } from '../useCall.ts';
import { MIN_PASSPHRASE_CHARS, newPassphraseProblem, passphraseLength } from '../../../shared/validation/passphrase.ts';

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

  const problem = isNew ? newPassphraseProblem(passphrase, repeat) : null;
  const problemText =
    problem === null
      ? ''
      : problem.kind === 'tooShort'
        ? t('apps.vault.tooShort', { min: MIN_PASSPHRASE_CHARS, missing: problem.missing })
        : t('apps.vault.mismatch');
  // Said while typing, once there is something to judge: the length from the first character, a mismatch once the repetition is as long.
  const live =
    (problem?.kind === 'tooShort' && passphrase !== '') ||
    (problem?.kind === 'mismatch' && passphraseLength(repeat) >= passphraseLength(passphrase));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    if (problem !== null) {
      setMessage({ kind: 'error', text: problemText });
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
        <input
          type="password"
          name="passphrase"
          autoComplete="off"
          aria-describedby={isNew ? 'vault-problem' : undefined}
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.target.value);
            setMessage(null);
          }}
        />
      </label>
      {isNew && (
        <label>
          {t('apps.vault.repeat')}
          <input
            type="password"
            name="repeat"
            autoComplete="off"
            aria-describedby="vault-problem"
            value={repeat}
            onChange={(e) => {
              setRepeat(e.target.value);
              setMessage(null);
            }}
          />
        </label>
      )}
      {isNew && (
        <p className="hint vault-problem" id="vault-problem" aria-live="polite">
          {live && message === null ? problemText : ''}
        </p>
      )}
      <button type="submit" disabled={passphrase === '' && !isNew}>
        {t(isNew ? 'apps.vault.create' : 'apps.vault.unlock')}
      </button>
      <StatusMessage status={message} />
    </form>
  );
}
