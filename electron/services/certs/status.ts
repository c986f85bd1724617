import { daysLeft, expiryThreshold, type CertificateStatus } from '../../../shared/model/certificate-status.ts';
import { checkCrl, evaluateTrust, parseCertificateDer, type CrlCheck } from '../pki/index.ts';
import type { CachedCrl } from './crl-cache.ts';

export interface HeldCertificate {
  label: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  der: Uint8Array;
}

export interface StatusInputs {
  /** The holder's certificates asked about. */
  held: readonly HeldCertificate[];
  /** Everything else on the token that may complete a chain (CA certificates kept with the keys). */
  issuers: readonly Uint8Array[];
  roots: readonly Uint8Array[];
  crl: CachedCrl | null;
  now: Date;
}

/** What each certificate on a token needs from its holder: time left, chain, revocation (offline, with its age). */
export async function certificateStatuses(inputs: StatusInputs): Promise<CertificateStatus[]> {
  const pool = [...inputs.held.map((h) => h.der), ...inputs.issuers];
  const revocation = await revocationFrom(inputs.crl, [...inputs.roots, ...pool], inputs.now);
  return Promise.all(
    inputs.held.map(async (held) => {
      const trust = await evaluateTrust(held.der, pool, inputs.roots, inputs.now, { revocation: (der) => revocation.of(der).status });
      const expiry = expiryOf(held.notAfter, inputs.now);
      return {
        fingerprint: held.fingerprint,
        label: held.label,
        validity: validityOf(held, expiry.daysLeft, inputs.now),
        ...expiry,
        trust: trust.status,
        failure: trust.failure,
        revocation: revocation.of(held.der),
      };
    }),
  );
}

export function expiryOf(notAfter: string, now: Date): Pick<CertificateStatus, 'daysLeft' | 'threshold'> {
  const days = daysLeft(notAfter, now);
  return { daysLeft: days, threshold: expiryThreshold(days) };
}

function validityOf(held: HeldCertificate, days: number, now: Date): CertificateStatus['validity'] {
  if (now.getTime() < Date.parse(held.notBefore)) return 'not-yet-valid';
  if (days < 0) return 'expired';
  return expiryThreshold(days) === null ? 'valid' : 'expiring';
}

interface Revocation {
  of(der: Uint8Array): CertificateStatus['revocation'];
}

/** The kept CRL, re-checked against its issuer here: a local file is not trusted just for being local. */
async function revocationFrom(crl: CachedCrl | null, candidates: readonly Uint8Array[], now: Date): Promise<Revocation> {
  const unknown: CertificateStatus['revocation'] = { status: 'unknown', revokedAt: null, checkedAt: crl?.fetchedAt ?? null, stale: false };
  const found = crl === null ? null : await issuerCheck(crl.der, candidates);
  if (crl === null || found === null) return { of: () => unknown };
  const stale = found.check.nextUpdate !== null && Date.parse(found.check.nextUpdate) < now.getTime();
  return {
    of(der) {
      if (parseCertificateDer(der).issuer !== found.issuerName) return unknown;
      const revokedAt = found.check.revokedAt(der);
      return { status: revokedAt === null ? 'good' : 'revoked', revokedAt, checkedAt: crl.fetchedAt, stale };
    },
  };
}

async function issuerCheck(crlDer: Uint8Array, candidates: readonly Uint8Array[]): Promise<{ check: CrlCheck; issuerName: string } | null> {
  for (const candidate of candidates) {
    const check = await checkCrl(crlDer, candidate).catch(() => null);
    if (check?.issuedBy === true) return { check, issuerName: parseCertificateDer(candidate).subject };
  }
  return null;
}
