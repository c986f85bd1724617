import { daysLeft, expiryThreshold, type CertificateStatus } from '../../../shared/model/certificate-status.ts';
import { checkOcspResponse, crlIssuedByOneOf, evaluateTrust, issuersByName, readCertificateFields, sha256Hex } from '../pki/index.ts';
import type { KeptAnswer } from './kept-evidence.ts';

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
  crl: KeptAnswer | null;
  /** The OCSP answer kept for a held certificate, by fingerprint. */
  ocsp: (fingerprint: string) => KeptAnswer | null;
  isBlocked: (fingerprint: string) => boolean;
  now: Date;
}

/** What each certificate on a token needs from its holder: time left, chain, revocation (offline, with its age). */
export async function certificateStatuses(inputs: StatusInputs): Promise<CertificateStatus[]> {
  const pool = [...inputs.held.map((h) => h.der), ...inputs.issuers];
  const candidates = [...inputs.roots, ...pool];
  const fromCrl = await revocationFrom(inputs.crl, candidates, inputs.now);
  return Promise.all(
    inputs.held.map(async (held) => {
      const revocation = firmest(fromCrl.of(held.der), ocspRevocation(inputs.ocsp(held.fingerprint), held.der, candidates, inputs.now));
      const lookup = (der: Uint8Array) => (sha256Hex(der) === held.fingerprint ? revocation : fromCrl.of(der)).status;
      const trust = evaluateTrust(held.der, pool, inputs.roots, inputs.now, { revocation: lookup });
      const expiry = expiryOf(held.notAfter, inputs.now);
      return {
        fingerprint: held.fingerprint,
        label: held.label,
        validity: validityOf(held, expiry.daysLeft, inputs.now),
        ...expiry,
        trust: trust.status,
        failure: trust.failure,
        blocked: inputs.isBlocked(held.fingerprint),
        revocation,
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

type RevocationAnswer = CertificateStatus['revocation'];

interface Revocation {
  of(der: Uint8Array): RevocationAnswer;
}

/** A revocation wins over anything; otherwise the fresher of the answers that know the certificate. */
function firmest(crl: RevocationAnswer, ocsp: RevocationAnswer | null): RevocationAnswer {
  if (ocsp === null) return crl;
  const revoked = [crl, ocsp].find((answer) => answer.status === 'revoked');
  if (revoked !== undefined) return revoked;
  const known = [ocsp, crl].filter((answer) => answer.status !== 'unknown');
  known.sort((a, b) => Date.parse(b.checkedAt ?? '') - Date.parse(a.checkedAt ?? ''));
  return known[0] ?? ocsp;
}

/** The kept OCSP answer for `der`, re-checked against its issuer; null when none is kept or it no longer checks out. */
function ocspRevocation(kept: KeptAnswer | null, der: Uint8Array, candidates: readonly Uint8Array[], now: Date): RevocationAnswer | null {
  if (kept === null) return null;
  for (const issuer of issuersByName(der, candidates)) {
    try {
      const answer = checkOcspResponse(kept.der, der, issuer, now);
      const stale = answer.nextUpdate !== null && Date.parse(answer.nextUpdate) < now.getTime();
      return { status: answer.status, revokedAt: answer.revokedAt, checkedAt: kept.fetchedAt, source: 'ocsp', stale };
    } catch {
      continue;
    }
  }
  return null;
}

/** The kept CRL, re-checked against its issuer here: a local file is not trusted just for being local. */
async function revocationFrom(crl: KeptAnswer | null, candidates: readonly Uint8Array[], now: Date): Promise<Revocation> {
  const unknown: RevocationAnswer = { status: 'unknown', revokedAt: null, checkedAt: crl?.fetchedAt ?? null, source: null, stale: false };
  const found = crl === null ? null : await crlIssuedByOneOf(crl.der, candidates);
  if (crl === null || found === null) return { of: () => unknown };
  const stale = found.check.nextUpdate !== null && Date.parse(found.check.nextUpdate) < now.getTime();
  const issuerName = readCertificateFields(found.issuer).subject.text;
  return {
    of(der) {
      if (readCertificateFields(der).issuer.text !== issuerName) return unknown;
      const revokedAt = found.check.revokedAt(der);
      return { status: revokedAt === null ? 'good' : 'revoked', revokedAt, checkedAt: crl.fetchedAt, source: 'crl', stale };
    },
  };
}
