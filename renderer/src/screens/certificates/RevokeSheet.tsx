import { useState } from 'react';
import { REVOCATION_REASONS, type RevocationReason } from '../../../../shared/center/certificate-request.ts';
import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import { CertificateFacts } from '../../components/CertificateFacts.tsx';
import { Sheet } from '../../components/Sheet.tsx';
import { useTypedHolderName } from '../../components/TypedHolderName.tsx';
import { useT } from '../../i18n.tsx';

interface Props {
  certificate: TokenCertificate;
  tokenLabel: string;
  /** The certificates that may sign the request (any valid certificate of the unit on this key). */
  signers: readonly TokenCertificate[];
  onConfirm: (reason: RevocationReason, signWith: string) => void;
  onCancel: () => void;
}

/**
 * 撤销/变更 on its own sheet: no reason is chosen for the user, each reason says what it sets off,
 * and 私钥泄露 (which stops the key at once) asks for the holder's name typed out.
 */
export function RevokeSheet({ certificate, tokenLabel, signers, onConfirm, onCancel }: Props) {
  const { t } = useT();
  const [reason, setReason] = useState<RevocationReason | ''>('');
  const [signWith, setSignWith] = useState(certificate.fingerprintSha256);
  const holderName = useTypedHolderName(certificate);
  const named = reason !== 'key-compromise' || holderName.named;
  return (
    <Sheet
      title={t('certReq.revokeTitle')}
      confirmLabel={t('certReq.revokeSubmit')}
      canConfirm={reason !== '' && named}
      danger
      onConfirm={() => reason !== '' && onConfirm(reason, signWith)}
      onCancel={onCancel}
    >
      <dl className="sheet-facts">
        <dt>{t('certReq.revokedCertificate')}</dt>
        <dd>
          <CertificateFacts certificate={certificate} tokenLabel={tokenLabel} />
        </dd>
      </dl>
      <label>
        {t('certReq.reason')}
        <select name="reason" value={reason} onChange={(e) => setReason(e.target.value as RevocationReason | '')}>
          <option value="">{t('certReq.reasonChoose')}</option>
          {REVOCATION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`certReq.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {reason !== '' && (
        <p className="consequence" data-testid="consequence">
          {t(`certReq.consequence.${reason}`)}
        </p>
      )}
      {reason === 'key-compromise' && holderName.field}
      <label>
        {t('certReq.signWith')}
        <select name="signWith" value={signWith} onChange={(e) => setSignWith(e.target.value)}>
          {signers.map((c) => (
            <option key={c.fingerprintSha256} value={c.fingerprintSha256}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    </Sheet>
  );
}
