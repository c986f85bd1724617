import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { sha256Hex } from '../pki/index.ts';

/**
 * ESS signing-certificate-v2 (RFC 5035) naming the signer's certificate by its SHA-256 hash and
 * issuer/serial, which PAdES and CAdES require. hashAlgorithm is omitted: SHA-256 is its DEFAULT.
 */
export function signingCertificateV2(certificate: pkijs.Certificate, certificateDer: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })],
      }),
      certificate.serialNumber,
    ],
  });
  const certHash = new asn1js.OctetString({ valueHex: Buffer.from(sha256Hex(certificateDer), 'hex') });
  const essCertIdV2 = new asn1js.Sequence({ value: [certHash, issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** The certHash values an ESS signing-certificate-v2 attribute names, as hex. */
export function essCertHashes(attribute: pkijs.Attribute): string[] {
  const [value] = attribute.values as asn1js.Sequence[];
  const certs = (value?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value ?? [];
  return certs.map((certId) => {
    const fields = (certId as asn1js.Sequence).valueBlock.value;
    const hash = fields.find((f): f is asn1js.OctetString => f instanceof asn1js.OctetString);
    return hash === undefined ? '' : Buffer.from(hash.valueBlock.valueHexView).toString('hex');
  });
}
