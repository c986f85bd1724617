import { useState, type FormEvent } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import { NO_FACTS, PIN_MIN_LENGTH, pinRuleViolations, type PinRule } from '../../../../shared/validation/pin.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useTokenAction } from '../../components/useTokenAction.ts';
import { useT } from '../../i18n.tsx';
import { PinField } from './PinField.tsx';

const LIVE_RULES: readonly PinRule[] = ['tooShort', 'lettersAndDigits', 'reused'];

interface PinChangeProps {
  token: Token;
  onTokenChange: (token: Token) => void;
  onDone: () => void;
}

/** Old PIN, new PIN twice, and the rules ticked off while typing; the personal-data rule is checked on submit. */
export function PinChangeForm({ token, onTokenChange, onDone }: PinChangeProps) {
  const api = useApi();
  const { t } = useT();
  const [pins, setPins] = useState({ old: '', next: '', again: '' });
  const { busy, message, run } = useTokenAction(onTokenChange, () => setPins({ old: '', next: '', again: '' }));
  const broken = pinRuleViolations(pins.next, NO_FACTS, pins.old);
  const confirmed = pins.next !== '' && pins.next === pins.again;
  const ready = pins.old !== '' && confirmed && broken.length === 0;
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const changed = await run(() => api.call('tokens.changePin', { serial: token.serial, oldPin: pins.old, newPin: pins.next }), null);
    if (changed) onDone();
  };
  const rule = (ok: boolean, text: string) => (
    <li key={text} className={ok ? 'rule-ok' : 'rule-open'}>
      {ok ? '✓' : '·'} {text}
    </li>
  );
  return (
    <form className="pin-change" aria-label={t('pinChange.open')} onSubmit={(e) => void submit(e)}>
      <PinField label={t('pinChange.old')} value={pins.old} onChange={(old) => setPins({ ...pins, old })} />
      <PinField label={t('pinChange.new')} value={pins.next} onChange={(next) => setPins({ ...pins, next })} />
      <PinField label={t('pinChange.confirm')} value={pins.again} onChange={(again) => setPins({ ...pins, again })} />
      <ul className="pin-rules" aria-live="polite">
        {LIVE_RULES.map((r) => rule(pins.next !== '' && !broken.includes(r), t(`pinChange.rule.${r}`, { min: PIN_MIN_LENGTH })))}
        {rule(confirmed, t('pinChange.rule.confirmed'))}
        <li className="rule-open">· {t('pinChange.rule.personal')}</li>
      </ul>
      <button type="submit" disabled={busy || !ready}>
        {t('pinChange.submit')}
      </button>
      <StatusMessage status={message} />
    </form>
  );
}
