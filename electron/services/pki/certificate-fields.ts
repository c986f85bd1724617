import { AppError } from '../../../shared/errors.ts';
import { childrenOf, contentOf, DER_TAG, readDerHeader, readOid, readTime, whole, type DerHeader } from '../der/index.ts';
import { readName, type ParsedName } from './name.ts';

/** What SealDesk reads from a certificate, straight from its DER (no object model: a token's certificates are read on every command). */
export interface CertificateFields {
  /** Hex, as @peculiar/x509 gives it: the INTEGER's octets, a sign octet dropped. */
  serialNumber: string;
  /** The signed part, whole, and the issuer's signature over it (the BIT STRING's bits). */
  tbs: Uint8Array;
  signatureValue: Uint8Array;
  signatureOid: string;
  /** The signature AlgorithmIdentifier's parameters, whole (RSASSA-PSS names its hash there); null when absent. */
  signatureParameters: Uint8Array | null;
  issuer: ParsedName;
  subject: ParsedName;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeyInfo: Uint8Array;
  /** extnValue contents by extnID (the first of each). */
  extensions: ReadonlyMap<string, Uint8Array>;
  /** The extnIDs marked critical. */
  criticalExtensions: ReadonlySet<string>;
  /** extnIDs met more than once, which RFC 5280 §4.2 forbids. */
  duplicateExtensions: readonly string[];
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }, and the TBSCertificate's
 * fields from serialNumber on ([0] version skipped): serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo, [1] issuerUniqueID?, [2] subjectUniqueID?, [3] extensions?. Parts the bytes do
 * not hold are undefined (no fields at all when there is no TBSCertificate); callers check what they use.
 */
export function certificateLayout(der: Uint8Array): {
  tbs: DerHeader | undefined;
  signatureAlgorithm: DerHeader | undefined;
  signature: DerHeader | undefined;
  fields: DerHeader[];
} {
  const [tbs, signatureAlgorithm, signature] = childrenOf(der, readDerHeader(der, 0), DER_TAG.sequence) ?? [];
  const fields = childrenOf(der, tbs, DER_TAG.sequence) ?? [];
  return { tbs, signatureAlgorithm, signature, fields: fields[0]?.tag === DER_TAG.contextConstructed0 ? fields.slice(1) : fields };
}

/** Throws CERT_PARSE_FAILED for bytes that are not a certificate. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  try {
    return readFields(der);
  } catch (error) {
    throw error instanceof AppError ? error : new AppError('CERT_PARSE_FAILED', {}, { cause: error });
  }
}

function readFields(der: Uint8Array): CertificateFields {
  const { tbs, signatureAlgorithm, signature, fields } = certificateLayout(der);
  if (tbs === undefined) fail();
  const [serial, , issuer, validity, subject, spki, ...optional] = fields;
  if (serial?.tag !== DER_TAG.integer || issuer === undefined || subject === undefined || spki?.tag !== DER_TAG.sequence) fail();
  const [notBefore, notAfter] = childrenOf(der, validity, DER_TAG.sequence) ?? fail();
  const [algorithm, parameters] = childrenOf(der, signatureAlgorithm, DER_TAG.sequence) ?? fail();
  if (notBefore === undefined || notAfter === undefined || algorithm === undefined || signature?.tag !== DER_TAG.bitString) fail();
  return {
    serialNumber: serialHex(contentOf(der, serial)),
    tbs: whole(der, tbs),
    signatureValue: contentOf(der, signature).subarray(1),
    signatureOid: readOid(der, algorithm),
    signatureParameters: parameters === undefined ? null : whole(der, parameters),
    issuer: readName(der, issuer),
    subject: readName(der, subject),
    notBefore: readTime(der, notBefore),
    notAfter: readTime(der, notAfter),
    subjectPublicKeyInfo: whole(der, spki),
    ...readExtensions(
      der,
      optional.find((field) => field.tag === DER_TAG.contextConstructed3),
    ),
  };
}

/** Hex, as @peculiar/x509 gives it: the INTEGER's octets, a sign octet dropped. */
export function serialHex(octets: Uint8Array): string {
  const positive = octets.length > 1 && octets[0] === 0 && (octets[1] ?? 0) > 0x7f ? octets.subarray(1) : octets;
  return Buffer.from(positive).toString('hex');
}

export type ExtensionFields = Pick<CertificateFields, 'extensions' | 'criticalExtensions' | 'duplicateExtensions'>;

/**
 * [n] EXPLICIT SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } ([3] in a
 * certificate, [0] in a CRL); the first of each ID counts.
 */
export function readExtensions(der: Uint8Array, explicit: DerHeader | undefined): ExtensionFields {
  const extensions = new Map<string, Uint8Array>();
  const criticalExtensions = new Set<string>();
  const duplicateExtensions: string[] = [];
  if (explicit === undefined) return { extensions, criticalExtensions, duplicateExtensions };
  const [list] = childrenOf(der, explicit, explicit.tag) ?? fail();
  for (const extension of childrenOf(der, list, DER_TAG.sequence) ?? fail()) {
    const [id, second, third] = childrenOf(der, extension, DER_TAG.sequence) ?? fail();
    const critical = second?.tag === DER_TAG.boolean;
    const value = critical ? third : second;
    if (id === undefined || value?.tag !== DER_TAG.octetString) fail();
    const oid = readOid(der, id);
    if (extensions.has(oid)) duplicateExtensions.push(oid);
    else extensions.set(oid, contentOf(der, value));
    if (critical && der[second.start] !== 0) criticalExtensions.add(oid);
  }
  return { extensions, criticalExtensions, duplicateExtensions };
}

function fail(): never {
  throw new Error('not a DER certificate');
}
