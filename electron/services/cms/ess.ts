import { sha256Hex } from '../pki/index.ts';
import { childrenOf, contentOf, DER_TAG, derValue, readDerHeader } from '../der/index.ts';
import { issuerAndSerialOf } from './issuer-serial.ts';

/**
 * ESS signing-certificate-v2 (RFC 5035) naming the signer's certificate by its SHA-256 hash and
 * issuer/serial, which PAdES and CAdES require. hashAlgorithm is omitted: SHA-256 is its DEFAULT.
 */
export function signingCertificateV2(certificate: Uint8Array): Buffer {
  const { issuer, serial } = issuerAndSerialOf(certificate);
  const generalNames = derValue(DER_TAG.sequence, derValue(DER_TAG.contextConstructed4, issuer));
  const certHash = derValue(DER_TAG.octetString, Buffer.from(sha256Hex(certificate), 'hex'));
  const essCertIdV2 = derValue(DER_TAG.sequence, certHash, derValue(DER_TAG.sequence, generalNames, serial));
  return derValue(DER_TAG.sequence, derValue(DER_TAG.sequence, essCertIdV2));
}

/** The certHash values an ESS signing-certificate-v2 attribute value names, as hex. */
export function essCertHashes(value: Uint8Array): string[] {
  const [certs] = childrenOf(value, readDerHeader(value, 0), DER_TAG.sequence) ?? [];
  return (childrenOf(value, certs, DER_TAG.sequence) ?? []).map((certId) => {
    const hash = childrenOf(value, certId, DER_TAG.sequence)?.find((field) => field.tag === DER_TAG.octetString);
    return hash === undefined ? '' : Buffer.from(contentOf(value, hash)).toString('hex');
  });
}
