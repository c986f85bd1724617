import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AppError } from '../../../shared/errors.ts';
import { KeptResults } from '../platform/index.ts';
import type { CertificateDetails, DistinguishedName } from '../../../shared/model/certificate.ts';
import { findCreditCode } from '../../../shared/validation/credit-code.ts';
import { classifyCertificate } from './classify.ts';
import { keyTypeOf } from './key-type.ts';
import { extendedKeyUsageName, signatureAlgorithmName } from './oids.ts';

const KEY_USAGE_NAMES: readonly [x509.KeyUsageFlags, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
];

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Every attribute value of a name, whatever its type: where IDs, phones and credit codes hide. */
export function nameValues(name: x509.Name): string[] {
  return name.toJSON().flatMap((rdn) => Object.values(rdn).flat());
}

function describeName(name: x509.Name): DistinguishedName {
  const values = nameValues(name);
  return {
    text: name.toString(),
    commonName: name.getField('CN')[0] ?? null,
    organization: name.getField('O')[0] ?? null,
    creditCode: values.map(findCreditCode).find((code) => code !== null) ?? null,
  };
}

/** The candidates whose subject is the name `certificate` gives as its issuer: who may have signed it or its CRL. */
export function issuersByName(certificate: Uint8Array, candidates: readonly Uint8Array[]): Uint8Array[] {
  const issuerName = parseCertificateDer(certificate).issuer;
  return candidates.filter((candidate) => parseCertificateDer(candidate).subject === issuerName);
}

export function parseCertificateDer(der: Uint8Array): x509.X509Certificate {
  try {
    return new x509.X509Certificate(new Uint8Array(der));
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', {}, { cause: error });
  }
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
  const cert = parseCertificateDer(der);
  try {
    const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    const policies = [...(cert.getExtension(x509.CertificatePolicyExtension)?.policies ?? [])];
    const isCa = cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false;
    const extendedKeyUsage = (eku?.usages ?? []).map(String);
    const subject = describeName(cert.subjectName);
    return {
      subject,
      issuer: describeName(cert.issuerName),
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      keyType: keyTypeOf(cert.publicKey.rawData),
      keyUsage: KEY_USAGE_NAMES.filter(([flag]) => ((keyUsage?.usages ?? 0) & flag) !== 0).map(([, n]) => n),
      extendedKeyUsage: extendedKeyUsage.map(extendedKeyUsageName),
      policies,
      signatureAlgorithm: signatureAlgorithmName(signatureOid(cert)),
      fingerprintSha256,
      kind: classifyCertificate({ ...subject, policies, extendedKeyUsage, isCa }),
      isCa,
      selfSigned: cert.subject === cert.issuer,
    };
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', {}, { cause: error });
  }
}

function signatureOid(cert: x509.X509Certificate): string {
  const algorithm = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  const known: Record<string, string> = {
    'RSASSA-PKCS1-v1_5/SHA-256': '1.2.840.113549.1.1.11',
    'RSASSA-PKCS1-v1_5/SHA-384': '1.2.840.113549.1.1.12',
    'RSASSA-PKCS1-v1_5/SHA-512': '1.2.840.113549.1.1.13',
    'RSASSA-PKCS1-v1_5/SHA-1': '1.2.840.113549.1.1.5',
    'RSA-PSS/SHA-256': '1.2.840.113549.1.1.10',
    'ECDSA/SHA-256': '1.2.840.10045.4.3.2',
    'ECDSA/SHA-384': '1.2.840.10045.4.3.3',
  };
  return known[`${algorithm.name}/${algorithm.hash?.name ?? ''}`] ?? algorithm.name;
}
