import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import { CertificateFacts } from '../../components/CertificateFacts.tsx';
import { Sheet } from '../../components/Sheet.tsx';
import { useT } from '../../i18n.tsx';

/** 删除旧证书和密钥, after a renewal: which pair leaves the key, and that it cannot come back. */
export function RemoveReplacedSheet(props: {
  certificate: TokenCertificate;
  tokenLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <Sheet
      title={t('certReq.removeOld')}
      confirmLabel={t('certReq.removeOldSubmit')}
      canConfirm
      danger
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <dl className="sheet-facts">
        <dt>{t('certReq.removedCertificate')}</dt>
        <dd>
          <CertificateFacts certificate={props.certificate} tokenLabel={props.tokenLabel} />
        </dd>
      </dl>
      <p className="consequence" data-testid="consequence">
        {t('certReq.removeOldConfirm')}
      </p>
    </Sheet>
  );
}
