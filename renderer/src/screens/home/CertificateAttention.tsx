import { needsNoAttention } from '../../../../shared/i18n/certificate-status.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** On the token's card: how many of its certificates are expiring, expired, revoked or not trusted. */
export function CertificateAttention({ token, onOpen }: { token: Token; onOpen: () => void }) {
  const api = useApi();
  const { t } = useT();
  const statuses = useCall(() => api.call('certs.status', { serial: token.serial }), [token.serial]);
  const count = statuses.data?.certificates.filter((status) => !needsNoAttention(status)).length ?? 0;
  if (count === 0) return null;
  return (
    <button type="button" className="badge badge-warn attention" onClick={onOpen}>
      {t('certStatus.attention', { count })}
    </button>
  );
}
