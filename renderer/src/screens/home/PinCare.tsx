import { useState, type ReactNode } from 'react';
import { pinRotationDue, type Token } from '../../../../shared/model/token.ts';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { PinChangeForm } from './PinChangeForm.tsx';
import { PinUnlockForm } from './PinUnlockForm.tsx';
import { UnlockRequestForm } from './UnlockRequestForm.tsx';

interface Props {
  token: Token;
  /** The other keys present: one of them signs a locked key's 解锁申请. */
  others: readonly Token[];
  onTokenChange: (token: Token) => void;
}

/**
 * What the regulations ask of a PIN, on the token's card: an issued PIN is changed before any signing
 * (the form is open and cannot be dismissed), a PIN older than 3 months is flagged, a locked one is reset
 * (or, first, asked for with a signed 解锁申请).
 */
export function PinCare({ token, others, onTokenChange }: Props) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [changed, setChanged] = useState(false);
  const done = (): void => {
    setChanged(true);
    setOpen(false);
  };
  if (token.protectedAuthenticationPath) return null;
  if (token.pinStates.includes('locked')) {
    return (
      <>
        <Disclosure label={t('unlockRequest.open')}>
          <UnlockRequestForm token={token} others={others} />
        </Disclosure>
        <Disclosure label={t('pinUnlock.open')}>
          <PinUnlockForm token={token} onTokenChange={onTokenChange} />
        </Disclosure>
      </>
    );
  }
  if (token.pinStates.includes('toBeChanged')) {
    return (
      <div className="pin-care">
        <p className="banner banner-warn" role="alert">
          {t('pinChange.required')}
        </p>
        <PinChangeForm token={token} onTokenChange={onTokenChange} onDone={done} />
      </div>
    );
  }
  return (
    <div className="pin-care">
      {pinRotationDue(token) && token.pinChangedAt !== null && (
        <p className="banner banner-warn" role="status">
          {t('pinChange.rotationDue', { date: token.pinChangedAt.slice(0, 10) })}
        </p>
      )}
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('pinChange.cancel') : t('pinChange.open')}
      </button>
      {open && <PinChangeForm token={token} onTokenChange={onTokenChange} onDone={done} />}
      {changed && !open && <StatusMessage status={{ kind: 'ok', text: t('pinChange.done') }} />}
    </div>
  );
}

function Disclosure({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="pin-care">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && children}
    </div>
  );
}
