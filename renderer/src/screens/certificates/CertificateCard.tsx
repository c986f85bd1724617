import { useState, type ReactNode } from 'react';
import type { TestSignatureResult } from '../../../../shared/api/index.ts';
import type { CertificateDetails, TokenCertificate } from '../../../../shared/model/certificate.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { validityOf } from '../../../../shared/model/validity.ts';
import type { CertificateStatus } from '../../../../shared/model/certificate-status.ts';
import { describeExpiry, describeRevocationStatus } from '../../../../shared/i18n/certificate-status.ts';
import { describeTrust } from '../../../../shared/i18n/verification.ts';
import { describeUsages } from '../../../../shared/i18n/usage.ts';

function ValidityBadge({ certificate }: { certificate: CertificateDetails }) {
  const { t } = useT();
  const validity = validityOf(certificate.notBefore, certificate.notAfter);
  if (validity.state === 'expired') return <span className="badge badge-bad">{t('certs.expired')}</span>;
  if (validity.state === 'notYetValid') return <span className="badge badge-warn">{t('certs.notYetValid')}</span>;
  return <span className={`badge ${validity.soon ? 'badge-warn' : 'badge-ok'}`}>{t('certs.daysLeft', { days: validity.daysLeft })}</span>;
}

const SEVERITY: Record<CertificateStatus['validity'], string> = {
  valid: 'badge-ok',
  expiring: 'badge-warn',
  expired: 'badge-bad',
  'not-yet-valid': 'badge-warn',
};

function StatusBadge({ status }: { status: CertificateStatus }) {
  const { t } = useT();
  if (status.revocation.status === 'revoked') return <span className="badge badge-bad">{t('pathProblem.revoked')}</span>;
  return <span className={`badge ${SEVERITY[status.validity]}`}>{t('certs.daysLeft', { days: Math.max(status.daysLeft, 0) })}</span>;
}

/** The three things a holder must know, each in a sentence: time left, chain, revocation with its age. */
function StatusLines({ status }: { status: CertificateStatus }) {
  const { locale, dateTime } = useT();
  return (
    <ul className="cert-status" data-testid="certificate-status">
      <li className={status.validity === 'valid' ? 'ok' : 'warning'}>{describeExpiry(locale, status)}</li>
      <li className={status.trust === 'trusted' ? 'ok' : 'warning'}>
        {describeTrust(locale, { status: status.trust, failure: status.failure })}
      </li>
      <li className={status.revocation.status === 'revoked' ? 'error' : ''}>{describeRevocationStatus(locale, status, dateTime)}</li>
    </ul>
  );
}

interface CardProps {
  certificate: TokenCertificate;
  token: Token;
  /** Expiry, chain and revocation; null for the CA certificates kept on the token, or while loading. */
  status: CertificateStatus | null;
  /** The lifecycle actions (更新, 撤销) for this certificate. */
  children?: ReactNode;
}

export function CertificateCard({ certificate, token, status, children }: CardProps) {
  const { t, day, locale } = useT();
  const [open, setOpen] = useState(false);
  return (
    <li className="card cert-card" data-testid="certificate-card">
      <header className="cert-head">
        <span className={`badge kind kind-${certificate.kind}`}>{t(`kind.${certificate.kind}`)}</span>
        <h3>{certificate.label}</h3>
        {status === null ? <ValidityBadge certificate={certificate} /> : <StatusBadge status={status} />}
      </header>
      {status !== null && <StatusLines status={status} />}
      <dl className="facts">
        <dt>{t('certs.subject')}</dt>
        <dd>
          {certificate.subject.commonName ?? certificate.subject.text}
          {certificate.subject.organization !== null && certificate.subject.organization !== certificate.subject.commonName
            ? ` · ${certificate.subject.organization}`
            : ''}
        </dd>
        {certificate.subject.creditCode !== null && (
          <>
            <dt>{t('certs.creditCode')}</dt>
            <dd className="mono">{certificate.subject.creditCode}</dd>
          </>
        )}
        <dt>{t('certs.issuer')}</dt>
        <dd>{certificate.issuer.commonName ?? certificate.issuer.text}</dd>
        <dt>{t('certs.validity')}</dt>
        <dd>
          {day(certificate.notBefore)} — {day(certificate.notAfter)}
        </dd>
        <dt>{t('certs.keyType')}</dt>
        <dd>{certificate.keyType.display}</dd>
        <dt>{t('certs.keyUsage')}</dt>
        <dd>{describeUsages(locale, certificate.keyUsage, t('common.none'))}</dd>
        <dt>{t('certs.privateKey')}</dt>
        <dd>{certificate.hasPrivateKey ? t('certs.privateKeyOnToken') : t('certs.privateKeyAbsent')}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? t('certs.hideDetails') : t('certs.details')}
        </button>
        {certificate.hasPrivateKey && <TestSignature certificate={certificate} token={token} />}
      </div>
      {children}
      {open && <CertificateDetailsView certificate={certificate} />}
    </li>
  );
}

function TestSignature({ certificate, token }: { certificate: TokenCertificate; token: Token }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [result, setResult] = useState<{ ok: TestSignatureResult } | { error: string } | null>(null);
  const run = async (): Promise<void> => {
    try {
      setResult({ ok: await api.call('tokens.testSignature', { serial: token.serial, certificate: certificate.fingerprintSha256 }) });
    } catch (error) {
      setResult({ error: describe(error) });
    }
  };
  if (!token.loggedIn) return <span className="hint">{t('certs.loginFirst')}</span>;
  return (
    <>
      <button type="button" onClick={() => void run()}>
        {t('certs.testSignature')}
      </button>
      {result !== null && 'ok' in result && (
        <p className={result.ok.verified ? 'success' : 'error'} role="status">
          {result.ok.verified ? t('certs.testSignatureOk', { algorithm: result.ok.algorithm }) : t('certs.testSignatureFailed')}
        </p>
      )}
      {result !== null && 'error' in result && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
    </>
  );
}

function CertificateDetailsView({ certificate }: { certificate: TokenCertificate }) {
  const { t } = useT();
  return (
    <div className="details">
      <CertificateFields certificate={certificate} />
      <h4>{t('certs.chain')}</h4>
      {certificate.chain.length === 0 && <p className="hint">{t('certs.chainEmpty')}</p>}
      <ol className="chain">
        {certificate.chain.map((issuer) => (
          <li key={issuer.fingerprintSha256}>
            <CertificateFields certificate={issuer} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function CertificateFields({ certificate }: { certificate: CertificateDetails }) {
  const { t, dateTime, locale } = useT();
  return (
    <dl className="facts">
      <dt>{t('certs.subject')}</dt>
      <dd>{certificate.subject.text}</dd>
      <dt>{t('certs.issuer')}</dt>
      <dd>{certificate.issuer.text}</dd>
      <dt>{t('certs.serialNumber')}</dt>
      <dd className="mono">{certificate.serialNumber}</dd>
      <dt>{t('certs.validity')}</dt>
      <dd>
        {dateTime(certificate.notBefore)} — {dateTime(certificate.notAfter)}
      </dd>
      <dt>{t('certs.keyType')}</dt>
      <dd>{certificate.keyType.display}</dd>
      <dt>{t('certs.signatureAlgorithm')}</dt>
      <dd>{certificate.signatureAlgorithm}</dd>
      <dt>{t('certs.keyUsage')}</dt>
      <dd>{describeUsages(locale, certificate.keyUsage, t('common.none'))}</dd>
      <dt>{t('certs.extendedKeyUsage')}</dt>
      <dd>{describeUsages(locale, certificate.extendedKeyUsage, t('common.none'))}</dd>
      <dt>{t('certs.policies')}</dt>
      <dd className="mono">{certificate.policies.join(', ') || t('common.none')}</dd>
      <dt>{t('certs.fingerprint')}</dt>
      <dd className="mono fingerprint" data-testid="fingerprint">
        {certificate.fingerprintSha256.match(/.{2}/g)?.join(':')}
      </dd>
    </dl>
  );
}
