import { useState, type ReactNode } from 'react';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import type { Token } from '../../../shared/model/token.ts';
import { useT } from '../i18n.tsx';
import { CertificateFacts } from './CertificateFacts.tsx';
import { Sheet } from './Sheet.tsx';

interface Props {
  title: string;
  confirmLabel: string;
  /** What will be signed: the document(s) with pages and SHA-256, or the application. */
  subject: ReactNode;
  certificate: TokenCertificate;
  token: Token;
  /** Where the signature goes, with a small preview of the page; absent for a signature without appearance. */
  placement?: ReactNode;
  /** The consequence in one plain sentence. */
  consequence: string;
  /** Whether a logged-in token is asked for its PIN again (each seal is confirmed with the PIN). */
  alwaysAskPin: boolean;
  /** `pin` is null when none is typed here: a PIN-pad reader, or a token already logged in. */
  onConfirm: (pin: string | null) => void;
  onCancel: () => void;
}

/**
 * The one sheet before every legal signature (签发, 盖章, 骑缝章, an application's signature): the
 * document, the certificate, the placement and what follows, then the PIN. The PIN lives in this
 * sheet's state only, and is gone when it closes.
 */
export function SigningSheet({
  title,
  confirmLabel,
  subject,
  certificate,
  token,
  placement,
  consequence,
  alwaysAskPin,
  onConfirm,
  onCancel,
}: Props) {
  const { t } = useT();
  const [pin, setPin] = useState('');
  const pinPad = token.protectedAuthenticationPath;
  const asksPin = !pinPad && (alwaysAskPin || !token.loggedIn);
  return (
    <Sheet
      title={title}
      confirmLabel={confirmLabel}
      canConfirm={!asksPin || pin !== ''}
      onConfirm={() => onConfirm(asksPin ? pin : null)}
      onCancel={onCancel}
    >
      <dl className="sheet-facts">
        <dt>{t('sheet.document')}</dt>
        <dd>{subject}</dd>
        <dt>{t('sheet.certificate')}</dt>
        <dd>
          <CertificateFacts certificate={certificate} tokenLabel={token.label} />
        </dd>
        {placement !== undefined && (
          <>
            <dt>{t('sheet.placement')}</dt>
            <dd>{placement}</dd>
          </>
        )}
      </dl>
      <p className="consequence" data-testid="consequence">
        {consequence}
      </p>
      {pinPad && <p className="hint">{t('login.pinpad')}</p>}
      {!asksPin && !pinPad && <p className="hint">{t('sheet.loggedIn')}</p>}
      {asksPin && (
        <label>
          {t('sheet.pin')}
          {/* The PIN is the one thing left to type once the sheet is read: focus waits there, not on 确认. */}
          <input
            type="password"
            name="pin"
            autoComplete="off"
            autoFocus
            maxLength={64}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
      )}
    </Sheet>
  );
}
