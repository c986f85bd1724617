import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import type { UnlockRequestRef } from '../../../../shared/model/unlock-request.ts';
import { useApi } from '../../api/context.tsx';
import { FileInput } from '../../components/FileInput.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useTokenAction } from '../../components/useTokenAction.ts';
import { base64Of } from '../../files.ts';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { PinField } from './PinField.tsx';

const BROUGHT = 'brought';

/**
 * The IT administrator's SO-PIN reset of a locked token, done at the holder's computer, on the holder's
 * signed 解锁申请: one made on this computer, or its two files brought from elsewhere.
 */
export function PinUnlockForm({ token, onTokenChange }: { token: Token; onTokenChange: (t: Token) => void }) {
  const api = useApi();
  const { t, dateTime } = useT();
  const [pins, setPins] = useState({ so: '', next: '' });
  const requests = useCall(() => api.call('tokens.unlockRequests', { serial: token.serial }), [token.serial]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [brought, setBrought] = useState<UnlockRequestRef | null>(null);
  const { busy, message, run } = useTokenAction(onTokenChange, () => setPins({ so: '', next: '' }));
  const selected = chosen ?? requests.data?.find((r) => r.problem === null)?.id ?? BROUGHT;
  const request: UnlockRequestRef | null = selected === BROUGHT ? brought : { id: selected };
  const onFiles = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const files = [...(event.target.files ?? [])];
    const json = files.find((f) => f.name.endsWith('.json'));
    const p7s = files.find((f) => f.name.endsWith('.p7s'));
    setBrought(json && p7s ? { json: await base64Of(json), p7s: await base64Of(p7s) } : null);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (request === null) return;
    void run(() => api.call('tokens.unlockPin', { serial: token.serial, soPin: pins.so, newPin: pins.next, request }), t('pinUnlock.done'));
  };
  return (
    <form className="pin-unlock" aria-label={t('pinUnlock.open')} onSubmit={submit}>
      <p className="hint">{t('pinUnlock.hint')}</p>
      <label>
        {t('pinUnlock.request')}
        <select value={selected} onChange={(e) => setChosen(e.target.value)}>
          {requests.data?.map((r) => (
            <option key={r.id} value={r.id} disabled={r.problem !== null}>
              {r.signedBy !== null && r.requestedAt !== null
                ? t('pinUnlock.requestEntry', { signedBy: r.signedBy, at: dateTime(r.requestedAt) })
                : t('pinUnlock.requestRejected', { id: r.id, problem: t(`unlockProblem.${r.problem ?? 'malformed'}`) })}
            </option>
          ))}
          <option value={BROUGHT}>{t('pinUnlock.requestBrought')}</option>
        </select>
      </label>
      {selected === BROUGHT && (
        <FileInput
          aria-label={t('pinUnlock.requestFiles')}
          action={t('pinUnlock.requestFiles')}
          multiple
          accept=".json,.p7s"
          onChange={(e) => void onFiles(e)}
        />
      )}
      <PinField label={t('pinUnlock.so')} value={pins.so} onChange={(so) => setPins({ ...pins, so })} />
      <PinField label={t('pinUnlock.new')} value={pins.next} onChange={(next) => setPins({ ...pins, next })} />
      <button type="submit" disabled={busy || request === null || pins.so === '' || pins.next === ''}>
        {t('pinUnlock.submit')}
      </button>
      <StatusMessage status={message} />
    </form>
  );
}
