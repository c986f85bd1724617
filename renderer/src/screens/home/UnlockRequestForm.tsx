import { useState, type FormEvent } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useAction } from '../../components/useAction.ts';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

interface Choice {
  value: string;
  text: string;
}

/**
 * 解锁申请: the locked key cannot sign, so a certificate on another, logged-in key of the unit signs the
 * record the holder hands the IT administrator, whose SO-PIN form (or `sealdesk pin unlock --request`) checks it.
 */
export function UnlockRequestForm({ token, others }: { token: Token; others: readonly Token[] }) {
  const api = useApi();
  const { t } = useT();
  const signing = others.filter((other) => other.loggedIn);
  const choices = useCall(async (): Promise<Choice[]> => {
    const listings = await Promise.all(
      signing.map(async (other) => ({ other, listing: await api.call('tokens.certificates', { serial: other.serial }) })),
    );
    return listings.flatMap(({ other, listing }) =>
      listing.certificates
        .filter((c) => c.hasPrivateKey && !c.isCa)
        .map((c) => ({ value: `${other.serial}\n${c.fingerprintSha256}`, text: `${other.label} / ${c.label}` })),
    );
  }, [signing.map((s) => s.serial).join(',')]);
  const [chosen, setChosen] = useState('');
  const { status, run } = useAction();
  const value = chosen || (choices.data?.[0]?.value ?? '');
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const [serial = '', certificate = ''] = value.split('\n');
    await run(
      () => api.call('tokens.unlockRequest', { serial: token.serial, signWith: { serial, certificate } }),
      ({ path }) => `${t('unlockRequest.done')}: ${path}`,
    );
  };
  return (
    <form className="unlock-request" aria-label={t('unlockRequest.open')} onSubmit={(event) => void submit(event)}>
      <p className="hint">{t('unlockRequest.hint')}</p>
      {choices.data?.length === 0 ? (
        <p className="warning">{t('unlockRequest.needOther')}</p>
      ) : (
        <label>
          {t('unlockRequest.signWith')}
          <select value={value} onChange={(e) => setChosen(e.target.value)}>
            {choices.data?.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.text}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" disabled={value === ''}>
        {t('unlockRequest.submit')}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
