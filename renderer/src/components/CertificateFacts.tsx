import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import { formatExpiresIn } from '../../../shared/i18n/time.ts';
import { useT } from '../i18n.tsx';

/** Whose certificate, of which kind, on which key and until when: 张三 · 个人证书 · 2027年3月1日到期（89 天后到期）. */
export function CertificateFacts({ certificate, tokenLabel }: { certificate: CertificateDetails; tokenLabel: string }) {
  const { t, locale, day } = useT();
  return (
    <span data-testid="certificate-facts">
      {t('sheet.certificateLine', {
        holder: certificate.subject.commonName ?? certificate.subject.text,
        kind: t(`kind.${certificate.kind}`),
        token: tokenLabel,
        expiry: day(certificate.notAfter),
        relative: formatExpiresIn(locale, certificate.notAfter),
      })}
    </span>
  );
}
