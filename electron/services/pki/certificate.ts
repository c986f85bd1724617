import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { KeptResults } from '../platform/index.ts';
import type { CertificateDetails, DistinguishedName } from '../../../shared/model/certificate.ts';
import { findCreditCode } from '../../../shared/validation/credit-code.ts';
import { readCertificateFields } from './certificate-fields.ts';
import { classifyCertificate } from './classify.ts';
import { basicConstraintsOf, extendedKeyUsageOids, keyUsageOf, policyOids } from './extensions.ts';
import { keyTypeOf } from './key-type.ts';
import { nameField, nameValues, type ParsedName } from './name.ts';
import { extendedKeyUsageName, signatureAlgorithmName } from './oids.ts';

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

function describeName(name: ParsedName): DistinguishedName {
  return {
    text: name.text,
    commonName: nameField(name, 'CN')[0] ?? null,
    organization: nameField(name, 'O')[0] ?? null,
    creditCode:
      nameValues(name)
        .map(findCreditCode)
        .find((code) => code !== null) ?? null,
  };
}

/** The candidates whose subject is the name `certificate` gives as its issuer: who may have signed it or its CRL. */
export function issuersByName(certificate: Uint8Array, candidates: readonly Uint8Array[]): Uint8Array[] {
  const issuerName = readCertificateFields(certificate).issuer.text;
  return candidates.filter((candidate) => readCertificateFields(candidate).subject.text === issuerName);
}

/** By fingerprint: a token's certificates are described again for every listing and every signer. */
const described = new KeptResults<string, CertificateDetails>(256);

/**
 * Everything a user is shown about one certificate; throws CERT_PARSE_FAILED for bytes that are not one.
 * Frozen, because the same bytes give the same details and later callers get the same object.
 */
export function describeCertificate(der: Uint8Array): CertificateDetails {
  const fingerprint = sha256Hex(der);
  return described.get(fingerprint, () => deepFreeze(describeParsed(der, fingerprint)));
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

function describeParsed(der: Uint8Array, fingerprintSha256: string): CertificateDetails {
  const cert = readCertificateFields(der);
  try {
    const policies = policyOids(cert.extensions);
    const isCa = basicConstraintsOf(cert.extensions)?.ca ?? false;
    const extendedKeyUsage = extendedKeyUsageOids(cert.extensions);
    const subject = describeName(cert.subject);
    return {
      subject,
      issuer: describeName(cert.issuer),
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      keyType: keyTypeOf(cert.subjectPublicKeyInfo),
      keyUsage: keyUsageOf(cert.extensions) ?? [],
      extendedKeyUsage: extendedKeyUsage.map(extendedKeyUsageName),
      policies,
      signatureAlgorithm: signatureAlgorithmName(cert.signatureOid),
      fingerprintSha256,
      kind: classifyCertificate({ ...subject, policies, extendedKeyUsage, isCa }),
      isCa,
      selfSigned: cert.subject.text === cert.issuer.text,
    };
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', {}, { cause: error });
  }
}
