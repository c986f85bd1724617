import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { AppError } from '../../../shared/errors.ts';
import { issuersByName } from './certificate.ts';
import { OID } from './oids.ts';
import { sm2CrlSignedBy } from './sm2.ts';

export interface CrlCheck {
  /** Signed by the issuer certificate given, whose subject it names. */
  issuedBy: boolean;
  thisUpdate: string;
  nextUpdate: string | null;
  /** When `certificate` was revoked according to this CRL, or null when it is not listed. */
  revokedAt(certificate: Uint8Array): string | null;
}

/**
 * @peculiar/x509 (and the decorator metadata it needs) is loaded when a CRL is first read: certificates
 * are read from their DER, and loading its object model would cost every command ~15 ms of its start.
 */
async function loadX509(): Promise<typeof X509> {
  await import('reflect-metadata');
  return import('@peculiar/x509');
}

/** Reads a CRL and checks it was issued by `issuer`; what its entries mean for a signature is the caller's question. */
export async function checkCrl(crlDer: Uint8Array, issuer: Uint8Array): Promise<CrlCheck> {
  const x509 = await loadX509();
  let crl: X509.X509Crl;
  let issuerCertificate: X509.X509Certificate;
  try {
    crl = new x509.X509Crl(new Uint8Array(crlDer));
    issuerCertificate = new x509.X509Certificate(new Uint8Array(issuer));
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', { detail: 'CRL' }, { cause: error });
  }
  const signed =
    crl.signatureAlgorithm.name === OID.sm2WithSm3
      ? sm2CrlSignedBy(crlDer, new Uint8Array(issuerCertificate.publicKey.rawData))
      : await crl.verify({ publicKey: issuerCertificate }, webcrypto as unknown as Crypto).catch(() => false);
  return {
    issuedBy: signed && crl.issuerName.toString() === issuerCertificate.subjectName.toString(),
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate?.toISOString() ?? null,
    revokedAt: (certificate) =>
      crl.findRevoked(new x509.X509Certificate(new Uint8Array(certificate)))?.revocationDate.toISOString() ?? null,
  };
}

/** The CRL read against the first of `candidates` that issued it; null when none did. */
export async function crlIssuedByOneOf(
  crlDer: Uint8Array,
  candidates: readonly Uint8Array[],
): Promise<{ check: CrlCheck; issuer: Uint8Array } | null> {
  for (const issuer of candidates) {
    const check = await checkCrl(crlDer, issuer).catch(() => null);
    if (check?.issuedBy === true) return { check, issuer };
  }
  return null;
}

export type RevocationStatus = 'good' | 'revoked';

/**
 * What the CRLs say about `certificate` at time `at`: revoked by then, good, or null when none of
 * them was issued by its issuer (found among `candidates`) and so none can say.
 */
export async function revocationFromCrls(
  certificate: Uint8Array,
  candidates: readonly Uint8Array[],
  crls: readonly Uint8Array[],
  at: Date,
): Promise<RevocationStatus | null> {
  const issuers = issuersByName(certificate, candidates);
  for (const crl of crls) {
    const found = await crlIssuedByOneOf(crl, issuers);
    if (found === null) continue;
    const revokedAt = found.check.revokedAt(certificate);
    return revokedAt !== null && Date.parse(revokedAt) <= at.getTime() ? 'revoked' : 'good';
  }
  return null;
}
