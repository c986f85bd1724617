import { childrenOf, contentOf, DER_TAG, readDerHeader, readOid, readTime, whole, type DerHeader } from '../der/index.ts';
import { readExtensions, serialHex, type ExtensionFields } from './certificate-fields.ts';
import { readName, type ParsedName } from './name.ts';

/** What path validation reads from a CRL, straight from its DER as for certificates. */
export interface CrlFields extends ExtensionFields {
  /** The CRL as given, to say which one answered. */
  der: Uint8Array;
  tbs: Uint8Array;
  signatureOid: string;
  signatureValue: Uint8Array;
  issuer: ParsedName;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revocation dates by serial number (hex, as CertificateFields.serialNumber). */
  revoked: ReadonlyMap<string, Date>;
}

/**
 * CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }; TBSCertList ::= SEQUENCE {
 * version INTEGER?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates SEQUENCE OF { userCertificate,
 * revocationDate, crlEntryExtensions? }?, [0] crlExtensions? } (RFC 5280 §5.1). Throws for bytes that are not one.
 */
export function readCrlFields(der: Uint8Array): CrlFields {
  const [tbs, signatureAlgorithm, signature] = childrenOf(der, readDerHeader(der, 0), DER_TAG.sequence) ?? fail();
  const fields = childrenOf(der, tbs, DER_TAG.sequence) ?? fail();
  const [, issuer, thisUpdate, ...rest] = fields[0]?.tag === DER_TAG.integer ? fields.slice(1) : fields;
  const [algorithm] = childrenOf(der, signatureAlgorithm, DER_TAG.sequence) ?? fail();
  if (tbs === undefined || issuer === undefined || thisUpdate === undefined || algorithm === undefined) fail();
  if (signature?.tag !== DER_TAG.bitString) fail();
  const nextUpdate = rest.find((field) => field.tag === DER_TAG.utcTime || field.tag === DER_TAG.generalizedTime);
  return {
    der,
    tbs: whole(der, tbs),
    signatureOid: readOid(der, algorithm),
    signatureValue: contentOf(der, signature).subarray(1),
    issuer: readName(der, issuer),
    thisUpdate: readTime(der, thisUpdate),
    nextUpdate: nextUpdate === undefined ? null : readTime(der, nextUpdate),
    revoked: readRevoked(
      der,
      rest.find((field) => field.tag === DER_TAG.sequence),
    ),
    ...readExtensions(
      der,
      rest.find((field) => field.tag === DER_TAG.contextConstructed0),
    ),
  };
}

function readRevoked(der: Uint8Array, list: DerHeader | undefined): Map<string, Date> {
  const revoked = new Map<string, Date>();
  if (list === undefined) return revoked;
  for (const entry of childrenOf(der, list, DER_TAG.sequence) ?? fail()) {
    const [serial, date] = childrenOf(der, entry, DER_TAG.sequence) ?? fail();
    if (serial?.tag !== DER_TAG.integer || date === undefined) fail();
    revoked.set(serialHex(contentOf(der, serial)), readTime(der, date));
  }
  return revoked;
}

function fail(): never {
  throw new Error('not a DER CRL');
}
