import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import { CertificateFacts } from '../../components/CertificateFacts.tsx';
import { Sheet } from '../../components/Sheet.tsx';
import { useTypedHolderName } from '../../components/TypedHolderName.tsx';
import { useT } from '../../i18n.tsx';

/**
 * 删除旧证书和密钥, after a renewal: which pair leaves the key, that it cannot come back, and,
 * as for 私钥泄露, the holder's name typed out before 删除 can be pressed.
 */
export function RemoveReplacedSheet(props: {
  certificate: TokenCertificate;
  tokenLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const holderName = useTypedHolderName(props.certificate);
  return (
    <Sheet
      title={t('certReq.removeOld')}
      confirmLabel={t('certReq.removeOldSubmit')}
      canConfirm={holderName.named}
      danger
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <dl className="sheet-facts">
        <dt>{t('certReq.removedCertificate')}</dt>
        <dd>
          <CertificateFacts certificate={props.certificate} tokenLabel={props.tokenLabel} />
        </dd>
        <dt>{t('certs.serialNumber')}</dt>
        <dd className="mono" data-testid="removed-serial">
          {props.certificate.serialNumber}
        </dd>
        <dt>{t('certs.privateKey')}</dt>
        <dd data-testid="removed-key">{t(props.certificate.hasPrivateKey ? 'certReq.removeOld.keyGoes' : 'certReq.removeOld.noKey')}</dd>
      </dl>
      <p className="consequence" data-testid="consequence">
        {t('certReq.removeOld.consequence')}
      </p>
      {holderName.field}
    </Sheet>
  );
}
