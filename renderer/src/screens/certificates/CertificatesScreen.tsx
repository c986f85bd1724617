import { useState } from 'react';
import { fromWireError } from '../../../../shared/errors.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { LoginPanel } from '../../components/LoginPanel.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { CertificateCard } from './CertificateCard.tsx';
import { CertificateRequestsPanel } from './CertificateRequestsPanel.tsx';

interface CertificatesProps {
  tokens: readonly Token[];
  selectedSerial: string | null;
  onSelect: (serial: string) => void;
  onTokenChange: (token: Token) => void;
}

/** 证书: every certificate on the chosen token, with details and a test signature. */
export function CertificatesScreen({ tokens, selectedSerial, onSelect, onTokenChange }: CertificatesProps) {
  const { t, error: describe } = useT();
  const api = useApi();
  const token = tokens.find((tk) => tk.serial === selectedSerial) ?? tokens[0] ?? null;
  const listing = useCall(
    () => (token === null ? Promise.resolve(null) : api.call('tokens.certificates', { serial: token.serial })),
    [token?.serial, token?.loggedIn],
  );
  // 撤销/变更 may be signed with any still-valid certificate of the unit whose key is on this token.
  const signers = listing.data?.certificates.filter((c) => c.hasPrivateKey && !c.isCa && Date.parse(c.notAfter) > Date.now()) ?? [];
  const [refreshes, setRefreshes] = useState(0);
  const requests = useCall(() => api.call('certs.requests', {}), [token?.serial, refreshes]);
  const statuses = useCall(
    () => (token === null ? Promise.resolve(null) : api.call('certs.status', { serial: token.serial, refresh: refreshes > 0 })),
    [token?.serial, refreshes],
  );
  // A request changes what the certificate may do (a reported leak stops it) as well as the list.
  const reload = (): void => {
    listing.reload();
    requests.reload();
    statuses.reload();
  };
  if (token === null) return <p className="empty">{t('home.empty')}</p>;
  return (
    <section>
      <h2>{t('certs.title')}</h2>
      <div className="toolbar">
        <label>
          {t('certs.selectToken')}
          <select value={token.serial} onChange={(e) => onSelect(e.target.value)}>
            {tokens.map((tk) => (
              <option key={tk.serial} value={tk.serial}>
                {tk.label} ({tk.serial})
              </option>
            ))}
          </select>
        </label>
        <LoginPanel token={token} onTokenChange={onTokenChange} />
        <button type="button" disabled={statuses.loading} aria-busy={statuses.loading} onClick={() => setRefreshes(refreshes + 1)}>
          {t('certStatus.refresh')}
        </button>
        {statuses.loading && refreshes > 0 && <Spinner label={t('certStatus.checking')} />}
      </div>
      <CallState call={listing} />
      {statuses.data?.revocationError != null && (
        <p className="error" role="alert">
          {describe(fromWireError(statuses.data.revocationError))}
        </p>
      )}
      {listing.data?.certificates.length === 0 && <p className="empty">{t('certs.empty')}</p>}
      {listing.data?.unreadable.map((bad) => (
        <p key={`${bad.objectId}-${bad.label}`} className="error">
          {t('certs.unreadable', { label: bad.label })} — {describe(fromWireError(bad.error))}
        </p>
      ))}
      <ul className="cert-list">
        {listing.data?.certificates.map((cert) => (
          <CertificateCard
            key={`${cert.fingerprintSha256}-${cert.label}`}
            certificate={cert}
            token={token}
            status={statuses.data?.certificates.find((s) => s.fingerprint === cert.fingerprintSha256) ?? null}
          >
            {!cert.isCa && (
              <CertificateRequestsPanel
                certificate={cert}
                token={token}
                request={requests.data?.findLast((r) => r.fingerprint === cert.fingerprintSha256) ?? null}
                replaced={requests.data?.some((r) => r.fingerprint === cert.fingerprintSha256 && r.state === 'installed') ?? false}
                blocked={statuses.data?.certificates.some((s) => s.fingerprint === cert.fingerprintSha256 && s.blocked) ?? false}
                signers={signers}
                onChanged={reload}
              />
            )}
          </CertificateCard>
        ))}
      </ul>
    </section>
  );
}
