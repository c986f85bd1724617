import { AppError } from '../../../shared/errors.ts';
import { readCertificateFields, type CertificateFields } from './certificate-fields.ts';
import { readCrlFields, type CrlFields } from './crl-fields.ts';
import { schemeForAlgorithm, verifySignature } from './signature.ts';

export interface CrlCheck {
  /** Signed by the issuer certificate given, whose subject it names. */
  issuedBy: boolean;
  thisUpdate: string;
  nextUpdate: string | null;
  /** When `certificate` was revoked according to this CRL, or null when it is not listed. */
  revokedAt(certificate: Uint8Array): string | null;
}

/**
 * Reads a CRL from its DER (pki/crl-fields.ts, as path validation does) and checks it was issued by `issuer`:
 * the same name, byte for byte, and a signature by its key (SM2 with SM3 and the default ID included); what
 * its entries mean for a signature is the caller's question.
 */
export async function checkCrl(crlDer: Uint8Array, issuer: Uint8Array): Promise<CrlCheck> {
  let crl: CrlFields;
  let issuerFields: CertificateFields;
  try {
    crl = readCrlFields(crlDer);
    issuerFields = readCertificateFields(issuer);
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', { detail: 'CRL' }, { cause: error });
  }
  const scheme = schemeForAlgorithm(crl.signatureOid);
  const signed = scheme !== null && verifySignature(issuer, scheme, crl.tbs, crl.signatureValue);
  return {
    issuedBy: signed && Buffer.from(crl.issuer.der).equals(issuerFields.subject.der),
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate?.toISOString() ?? null,
    revokedAt: (certificate) => crl.revoked.get(readCertificateFields(certificate).serialNumber)?.toISOString() ?? null,
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
