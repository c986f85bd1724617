import type { CertificateStatus } from '../model/certificate-status.ts';
import type { Locale } from '../model/settings.ts';
import { translate } from './index.ts';

/** "即将到期：剩余 12 天" and the like; the 证书 page and `sealdesk certs status` say the same. */
export function describeExpiry(locale: Locale, status: CertificateStatus): string {
  return translate(locale, `certStatus.${status.validity}`, { days: status.daysLeft });
}

/** What the kept center CRL says, and when it was fetched, so an offline answer shows its age. */
export function describeRevocationStatus(locale: Locale, status: CertificateStatus, formatTime: (iso: string) => string): string {
  const { revocation } = status;
  const at = revocation.checkedAt === null ? '-' : formatTime(revocation.checkedAt);
  const key =
    revocation.source === 'ocsp' && revocation.status !== 'revoked'
      ? (`certStatus.revocation.${revocation.status}Ocsp` as const)
      : (`certStatus.revocation.${revocation.status}` as const);
  const text = translate(locale, key, {
    at,
    revokedAt: revocation.revokedAt === null ? '-' : formatTime(revocation.revokedAt),
  });
  return revocation.stale ? `${text} ${translate(locale, 'certStatus.revocation.stale')}` : text;
}

/** Nothing for the holder to do: valid, trusted and not revoked. */
export function needsNoAttention(status: CertificateStatus): boolean {
  return status.validity === 'valid' && status.trust === 'trusted' && status.revocation.status !== 'revoked' && !status.blocked;
}
